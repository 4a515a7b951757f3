import { Box, Flex, NavLink, ScrollArea, Text } from '@mantine/core';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { t, type MessageKey } from '../../i18n/i18n';
import { ApiKeysTab } from './ApiKeysTab';
import { AuditLogTab } from './AuditLogTab';
import { BillingTab } from './BillingTab';
import { ChannelsTab } from './ChannelsTab';
import { IntegrationsTab } from './IntegrationsTab';
import { MessagingTab } from './MessagingTab';
import { RiskTab } from './RiskTab';
import { UsersTab } from './UsersTab';

const SECTIONS: Array<{ path: string; label: MessageKey; element: React.ReactNode }> = [
  { path: 'users', label: 'settings.sections.users', element: <UsersTab /> },
  { path: 'api-keys', label: 'settings.sections.apiKeys', element: <ApiKeysTab /> },
  { path: 'integrations', label: 'settings.sections.integrations', element: <IntegrationsTab /> },
  { path: 'channels', label: 'settings.sections.channels', element: <ChannelsTab /> },
  { path: 'messaging', label: 'settings.sections.messaging', element: <MessagingTab /> },
  { path: 'risk', label: 'settings.sections.risk', element: <RiskTab /> },
  { path: 'billing', label: 'settings.sections.billing', element: <BillingTab /> },
  { path: 'audit', label: 'settings.sections.audit', element: <AuditLogTab /> },
];

/**
 * Settings (web.md "Pages" 10, admin only): one sub-route per section (/settings/users, ...),
 * listed down the side on a wide screen and across the top on a narrow one.
 */
export default function SettingsPage() {
  const { pathname } = useLocation();
  const current = SECTIONS.find((s) => pathname === `/settings/${s.path}` || pathname.startsWith(`/settings/${s.path}/`));
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Flex direction={{ base: 'column', md: 'row' }} gap="lg" align="flex-start">
        <Box component="nav" aria-label={t('settings.sectionsLabel')} w={{ base: '100%', md: 180 }} style={{ flexShrink: 0 }}>
          <ScrollArea type="never">
            <Flex direction={{ base: 'row', md: 'column' }} gap={2}>
              {SECTIONS.map((s) => (
                <NavLink
                  key={s.path}
                  component={Link}
                  to={`/settings/${s.path}`}
                  label={t(s.label)}
                  active={current?.path === s.path}
                  aria-current={current?.path === s.path ? 'page' : undefined}
                  variant="light"
                  style={{ whiteSpace: 'nowrap', borderRadius: 'var(--mantine-radius-sm)' }}
                />
              ))}
            </Flex>
          </ScrollArea>
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} w="100%">
          <Routes>
            <Route index element={<Navigate to="users" replace />} />
            {SECTIONS.map((s) => (
              <Route key={s.path} path={s.path} element={s.element} />
            ))}
            <Route path="*" element={<Text>{t('common.errors.notFound')}</Text>} />
          </Routes>
        </Box>
      </Flex>
    </>
  );
}
