import { Box, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { type ReconnectContactAll, useContactAll, useReconnectCategories } from '../../api/reconnect';
import { useSession } from '../../api/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { t, tDynamic } from '../../i18n/i18n';
import { CategoryList } from './CategoryList';
import { CategoryView } from './CategoryView';
import { ContactAllResult } from './ContactResult';
import { ReportView } from './ReportView';
import { SettingsView } from './SettingsView';

type Tab = 'overdue' | 'report' | 'settings';
const TABS: Tab[] = ['overdue', 'report', 'settings'];

/**
 * The Reconnect page (docs/reconnect.md): every service category with its overdue clients, a
 * category's list, message and button (?category=), "Contact all", the report and the settings,
 * each tab at /reconnect/<tab>.
 */
export default function ReconnectPage() {
  const { tab: asked } = useParams();
  const tab: Tab = TABS.includes(asked as Tab) ? (asked as Tab) : 'overdue';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const category = params.get('category');
  const role = useSession().data!.role;
  const canSend = role === 'admin' || role === 'marketer';
  const categories = useReconnectCategories();
  const contactAll = useContactAll();
  const [allResult, setAllResult] = useState<ReconnectContactAll | null>(null);
  const overdue = categories.data?.items.reduce((n, c) => n + c.overdue, 0);
  const withOverdue = categories.data?.items.filter((c) => c.overdue > 0).map((c) => c.serviceCategory) ?? [];

  const openCategory = (c: string | null) => {
    const p = new URLSearchParams(params);
    if (c === null) p.delete('category');
    else p.set('category', c);
    p.delete('page');
    setParams(p);
  };

  return (
    <Box>
      <PageHeader
        title={t('reconnect.title')}
        subtitle={overdue !== undefined ? t('reconnect.subtitle', { count: overdue }) : undefined}
        actions={
          canSend && tab === 'overdue' && !category ? (
            <ConfirmButton
              title={t('reconnect.contactAll.title')}
              body={t('reconnect.contactAll.body', { count: overdue ?? 0, categories: withOverdue.join(', ') })}
              confirmLabel={t('reconnect.contactAll.confirm', { count: overdue ?? 0 })}
              loading={contactAll.isPending}
              buttonProps={{ disabled: !overdue }}
              onConfirm={() => contactAll.mutate(undefined, { onSuccess: setAllResult })}
            >
              {t('reconnect.contactAll.button')}
            </ConfirmButton>
          ) : undefined
        }
      />
      <Tabs value={tab} onChange={(v) => navigate(v === 'overdue' ? '/reconnect' : `/reconnect/${v}`)} keepMounted={false}>
        <Tabs.List aria-label={t('reconnect.tabs.label')} mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {TABS.map((v) => (
            <Tabs.Tab key={v} value={v}>
              {tDynamic('reconnect.tabs', v)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overdue">
          {category ? (
            <CategoryView category={category} canSend={canSend} onBack={() => openCategory(null)} />
          ) : (
            <>
              <FormError error={contactAll.error} />
              {allResult ? <ContactAllResult result={allResult} onClose={() => setAllResult(null)} /> : null}
              <CategoryList query={categories} onOpen={openCategory} />
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="report">
          <ReportView />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsView canEdit={canSend} canEditRhythm={role === 'admin'} />
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
