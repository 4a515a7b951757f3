import { Badge, Table, Text } from '@mantine/core';
import { useIntegrations } from '../../api/overview';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatRelative } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { SectionCard } from './SectionCard';

/** An instant as "3 hours ago" (the exact time on hover), or "never". */
function Ago({ at }: { at: string | null | undefined }) {
  return <span title={formatDateTime(at)}>{at ? formatRelative(at) : t('overview.freshness.never')}</span>;
}

/** When each source last delivered (GET /integrations), fetched again while a sync runs. */
export function Freshness({ refreshing }: { refreshing: boolean }) {
  const integrations = useIntegrations(refreshing);
  return (
    <SectionCard testId="freshness" title={t('overview.freshness.title')}>
      <QueryState query={integrations}>
        {(d) => (
          <ListTable
            items={d.sources}
            empty={
              <Text c="dimmed" size="sm">
                {t('overview.freshness.none')}
              </Text>
            }
            verticalSpacing="xs"
            aria-label={t('overview.freshness.caption')}
            columns={[t('overview.freshness.source'), t('overview.freshness.lastSync'), t('overview.freshness.lastWebhook'), t('overview.freshness.state')]}
            row={(s) => (
              <Table.Tr key={s.provider}>
                <Table.Td fw={600}>{tDynamic('overview.freshness.providers', s.provider)}</Table.Td>
                <Table.Td>
                  {s.sync ? <Ago at={s.sync.lastSuccessAt} /> : '–'}
                  {s.sync?.lastError ? (
                    <Text size="xs" c="red.9">
                      {t('overview.freshness.error', { error: s.sync.lastError })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Ago at={s.lastWebhookAt} />
                </Table.Td>
                <Table.Td>
                  {s.stale === null ? (
                    <Badge variant="light" color="gray" radius="sm">
                      {t('overview.freshness.receiving')}
                    </Badge>
                  ) : s.stale ? (
                    <Badge variant="light" color="orange" radius="sm">
                      {t('overview.freshness.stale')}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="green" radius="sm">
                      {t('overview.freshness.fresh')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            )}
          />
        )}
      </QueryState>
    </SectionCard>
  );
}
