import { Anchor, Box, Button, Card, Progress, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCampaigns } from '../../api/campaigns';
import { useSegments } from '../../api/segments';
import { useSession } from '../../api/session';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n/i18n';
import { CampaignStateBadge } from './CampaignStateBadge';

/** Campaigns (web.md page 5): each with its state, audience, what was sent and how far it got. */
export default function CampaignsPage() {
  const campaigns = useCampaigns();
  const segments = useSegments();
  const role = useSession().data?.role;
  const mayCompose = role === 'admin' || role === 'marketer';
  const segmentName = (id: string) => segments.data?.items.find((s) => s.id === id)?.name ?? `#${id}`;
  return (
    <Box maw={1100}>
      <PageHeader
        title={t('campaigns.list.title')}
        subtitle={t('campaigns.list.subtitle')}
        actions={
          mayCompose ? (
            <Button component={Link} to="/campaigns/new">
              {t('campaigns.list.new')}
            </Button>
          ) : null
        }
      />
      <QueryState query={campaigns}>
        {(data) => (
          <ListTable
            items={data.items}
            minWidth={760}
            striped
            columns={[t('campaigns.list.name'), t('campaigns.list.state'), t('campaigns.list.audience'), { label: t('campaigns.list.sent'), ta: 'right' }, t('campaigns.list.progress')]}
            empty={
              <Card withBorder padding="lg">
                <Text>{t('campaigns.list.empty')}</Text>
              </Card>
            }
            row={(c) => {
              const s = c.summary;
              const done = s.touches - s.pending;
              return (
                <Table.Tr key={c.id} data-testid={`campaign-row-${c.id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/${c.id}`}>
                      {c.name}
                    </Anchor>
                    <Text size="xs" c="dark.6">
                      {c.sendAt ? t('campaigns.list.sendAt', { at: formatDateTime(c.sendAt) }) : formatDateTime(c.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <CampaignStateBadge state={c.state} deferredUntil={s.quietUntil} />
                  </Table.Td>
                  <Table.Td>
                    {segmentName(c.segmentId)}
                    {s.targeted ? (
                      <Text size="xs" c="dark.6">
                        {t('campaigns.list.members', { count: s.targeted })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(s.sent)}</Table.Td>
                  <Table.Td w={220}>
                    {s.touches ? (
                      <>
                        <Progress value={(100 * done) / s.touches} aria-label={t('campaigns.list.progressLabel', { name: c.name })} />
                        <Text size="xs" c="dark.6">
                          {t('campaigns.list.progressText', { done: formatNumber(done), total: formatNumber(s.touches), pending: formatNumber(s.pending) })}
                        </Text>
                      </>
                    ) : (
                      <Text size="xs" c="dark.6">
                        –
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            }}
          />
        )}
      </QueryState>
    </Box>
  );
}
