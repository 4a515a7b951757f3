import { Anchor, Box, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useCampaign, useCampaignTouches, useCancelCampaign, type CampaignDetail } from '../../api/campaigns';
import { useSession } from '../../api/session';
import { FormError } from '../../components/FormError';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatNumber, formatTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { Composer } from './CampaignComposerPage';
import { CampaignStateBadge } from './CampaignStateBadge';

const SENT = ['sent', 'delivered', 'opened', 'clicked', 'replied'] as const;
type Counts = Record<string, number | undefined>;
const sum = (c: Counts, keys: readonly string[]) => keys.reduce((n, k) => n + (c[k] ?? 0), 0);

/** When every message sent so far still waits for quiet hours: the time they go (else null). */
function deferredUntil(c: CampaignDetail): string | null {
  const variants = c.progress.flatMap((s) => s.variants);
  const sent = variants.reduce((n, v) => n + sum(v.byStatus as Counts, [...SENT, 'sending', 'queued']), 0);
  const waits = variants.flatMap((v) => v.deferred.filter((d) => d.reason === 'quiet_hours'));
  if (sent > 0 || !waits.length) return null;
  return waits.map((d) => d.until).sort()[0];
}

function Stat({ label, value, small }: { label: string; value: string; small?: boolean }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dark.6">
        {label}
      </Text>
      <Text fw={700} size={small ? 'md' : 'xl'}>
        {value}
      </Text>
    </Card>
  );
}

function StepProgress({ c }: { c: CampaignDetail }) {
  return (
    <Stack gap="sm">
      {c.progress.map((s) => (
        <Card key={s.key} withBorder padding="md" data-testid={`progress-${s.key}`}>
          <Group gap="xs" mb="xs">
            <Title order={3} size="h5">
              {s.key}
            </Title>
            <Text size="sm" c="dark.6">
              {tDynamic('campaigns.channel', s.channel)}
              {s.delayMinutes ? ` · ${t('campaigns.page.after', { hours: formatNumber(s.delayMinutes / 60, 1) })}` : ''}
            </Text>
          </Group>
          {s.tasks ? (
            <Text size="sm">{t('campaigns.page.tasks', { open: s.tasks.open ?? 0, done: s.tasks.done ?? 0, dismissed: s.tasks.dismissed ?? 0 })}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('campaigns.page.variant')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.page.touches')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.page.sent')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.page.waiting')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.page.failed')}</Table.Th>
                    <Table.Th>{t('campaigns.page.heldBack')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.variants.map((v) => {
                    const by = v.byStatus as Counts;
                    const blocked = Object.entries(v.blocked as Counts).filter(([, n]) => n);
                    return (
                      <Table.Tr key={v.key} data-testid={`progress-${s.key}-${v.key}`}>
                        <Table.Td>{s.variants.length > 1 ? v.key : t('campaigns.page.single')}</Table.Td>
                        <Table.Td ta="right">{formatNumber(v.touches)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(sum(by, SENT))}</Table.Td>
                        <Table.Td ta="right">
                          {formatNumber(sum(by, ['queued', 'sending', 'deferred']))}
                          {v.deferred.map((d) => (
                            <Text key={d.reason} size="xs" c="orange.9" data-testid="deferred-until">
                              {t('campaigns.page.deferredUntil', { count: d.n, time: formatTime(d.until), reason: tDynamic('campaigns.deferReason', d.reason) })}
                            </Text>
                          ))}
                        </Table.Td>
                        <Table.Td ta="right">{formatNumber(by.failed ?? 0)}</Table.Td>
                        <Table.Td>{blocked.length ? blocked.map(([r, n]) => `${tDynamic('campaigns.reason', r)}: ${formatNumber(n)}`).join(', ') : '–'}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      ))}
    </Stack>
  );
}

function Touches({ c }: { c: CampaignDetail }) {
  const touches = useCampaignTouches(c.id, c);
  return (
    <QueryState query={touches}>
      {(data) => (
        <ListTable
          items={data.items}
          minWidth={720}
          striped
          aria-label={t('campaigns.page.touchesTitle')}
          columns={[t('campaigns.page.member'), t('campaigns.page.step'), t('campaigns.page.variant'), t('campaigns.page.status'), t('campaigns.page.reason'), t('campaigns.page.when')]}
          empty={<Text c="dark.6">{t('campaigns.page.noTouches')}</Text>}
          row={(x) => (
            <Table.Tr key={x.id}>
              <Table.Td>
                <Anchor component={Link} to={`/members/${x.clientId}`}>
                  {x.clientName || `#${x.clientId}`}
                </Anchor>
              </Table.Td>
              <Table.Td>{x.stepKey ?? '–'}</Table.Td>
              <Table.Td>{x.variant || '–'}</Table.Td>
              <Table.Td>{tDynamic('campaigns.touchStatus', x.status)}</Table.Td>
              <Table.Td>{x.blockedReason ? tDynamic('campaigns.reason', x.blockedReason) : x.deferredReason ? tDynamic('campaigns.deferReason', x.deferredReason) : (x.error ?? '–')}</Table.Td>
              <Table.Td>{formatDateTime(x.sentAt ?? x.failedAt ?? x.queuedAt)}</Table.Td>
            </Table.Tr>
          )}
        />
      )}
    </QueryState>
  );
}

/** A campaign after sending: its recipients, progress per step and variant, and every touch with its status and reason. */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  const cancel = useCancelCampaign();
  const role = useSession().data?.role;
  return (
    <Box maw={1100}>
      <QueryState query={campaign}>
        {(c) =>
          // a draft opens in the composer, to be changed, saved and sent
          c.state === 'draft' && (role === 'admin' || role === 'marketer') ? (
            <Composer key={c.id} existing={c} />
          ) : (
            <Stack gap="md">
              <PageHeader
                title={c.name}
                subtitle={
                  <Group gap="xs" component="span">
                    <CampaignStateBadge state={c.state} deferredUntil={deferredUntil(c)} />
                    <Text span size="sm" c="dark.6">
                      {c.sendAt ? t('campaigns.list.sendAt', { at: formatDateTime(c.sendAt) }) : t('campaigns.page.created', { at: formatDateTime(c.createdAt) })}
                    </Text>
                  </Group>
                }
                actions={
                  (role === 'admin' || role === 'marketer') && (c.state === 'draft' || c.state === 'scheduled') ? (
                    <Button variant="light" color="red" loading={cancel.isPending} onClick={() => cancel.mutate(c.id)}>
                      {t('campaigns.page.cancel')}
                    </Button>
                  ) : null
                }
              />
              <FormError error={cancel.error} />
              {c.error ? <Text c="red.8">{c.error}</Text> : null}
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Stat label={t('campaigns.page.targeted')} value={formatNumber(c.recipients.targeted)} />
                <Stat label={t('campaigns.page.holdout', { percent: c.holdoutPercent })} value={formatNumber(c.recipients.holdout)} />
                <Stat label={t('campaigns.page.contacted')} value={formatNumber(c.recipients.contacted)} />
                <Stat label={t('campaigns.page.goal')} value={t('campaigns.page.goalValue', { goal: tDynamic('campaigns.goal', c.goal.kind), days: c.goal.withinDays })} small />
              </SimpleGrid>
              <Title order={2} size="h4">
                {t('campaigns.page.progress')}
              </Title>
              <StepProgress c={c} />
              <Title order={2} size="h4">
                {t('campaigns.page.touchesTitle')}
              </Title>
              <Touches c={c} />
            </Stack>
          )
        }
      </QueryState>
    </Box>
  );
}
