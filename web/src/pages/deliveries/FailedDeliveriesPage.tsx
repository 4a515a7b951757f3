import { Box, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { FAILED_MAX, FAILED_PAGE_SIZE, useFailedDeliveries } from '../../api/deliveries';
import { useSession, type Role } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { FailedDeliveryCard } from './FailedDeliveryCard';

/**
 * Failed deliveries (docs/reliability.md "Deliveries and 'in doubt'"): every message to a member
 * that failed, newest first, with the reason in words and what sent it. A message in doubt (the
 * provider may or may not have it) can be resent once by an admin or a marketer.
 */
export default function FailedDeliveriesPage() {
  const role = useSession().data?.role as Role | undefined;
  const mayResend = role === 'admin' || role === 'marketer';
  const [limit, setLimit] = useState(FAILED_PAGE_SIZE);
  const failed = useFailedDeliveries(limit);

  return (
    <Box maw={880}>
      <PageHeader title={t('deliveries.title')} subtitle={t('deliveries.subtitle')} />
      <QueryState query={failed}>
        {(data) =>
          data.touches.length === 0 ? (
            <Card withBorder padding="lg" data-testid="deliveries-empty">
              <Text>{t('deliveries.empty')}</Text>
            </Card>
          ) : (
            <Stack gap="sm">
              <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('deliveries.listLabel')} data-testid="deliveries-list">
                {data.touches.map((touch) => (
                  <Box component="li" key={touch.id} mb="sm">
                    <FailedDeliveryCard touch={touch} mayResend={mayResend} />
                  </Box>
                ))}
              </Box>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm" c="dark.6">
                  {t('deliveries.showing', { count: data.touches.length })}
                </Text>
                {data.touches.length >= limit && limit < FAILED_MAX ? (
                  <Button variant="light" loading={failed.isFetching} onClick={() => setLimit((l) => Math.min(l + FAILED_PAGE_SIZE, FAILED_MAX))}>
                    {t('deliveries.loadMore')}
                  </Button>
                ) : null}
              </Group>
            </Stack>
          )
        }
      </QueryState>
    </Box>
  );
}
