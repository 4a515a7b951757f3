import { Anchor, Badge, Box, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useActionsReport, type ActionsReport, type RankedAction } from '../../api/reports';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatDay, formatNumber, formatPercent } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { downloadCsv, toCsv } from './csv';
import { FiguresTable, type FiguresRow } from './FiguresTable';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function rankedRows(actions: RankedAction[]): FiguresRow[] {
  return actions.map((a) => ({
    key: `${a.kind}:${a.id}`,
    name: (
      <Stack gap={0}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" c="dark.5" w={22}>
            {a.rank}
          </Text>
          <Anchor component={Link} to={`/reports/${a.kind}s/${a.id}`} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {a.name}
          </Anchor>
        </Group>
        <Text size="xs" c="dark.5" pl={28}>
          {tDynamic('reports.kind', a.kind)} · {a.channels.map((c) => tDynamic('reports.channel', c)).join(', ') || '–'}
        </Text>
      </Stack>
    ),
    figures: a,
    csv: [a.rank, a.rankedBy, a.kind, a.id, a.name, a.channels.join(' ')],
  }));
}

/**
 * Which actions worked (docs/follow-up.md "Which actions worked"): campaigns and automations
 * ranked by lift over a range of days (in the URL), each with contacted against control and the
 * lift's 95 % interval; per channel; the staff task report. Every table downloads as CSV.
 */
export default function ActionsReportPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const report = useActionsReport(from && DAY.test(from) ? from : null, to && DAY.test(to) ? to : null);
  return (
    <Box maw={1200}>
      <PageHeader title={t('reports.title')} subtitle={t('reports.subtitle')} />
      <QueryState query={report}>
        {(r) => (
          <Stack gap="xl">
            <RangeForm key={`${r.from}:${r.to}`} from={r.from} to={r.to} onApply={(f, tt) => setParams({ from: f, to: tt })} busy={report.isFetching} />
            <Text size="sm" c="dark.6" data-testid="reports-range">
              {t('reports.range', { from: formatDay(r.from), to: formatDay(r.to) })}
              {r.computedAt ? ` · ${t('reports.computedAt', { when: formatDateTime(r.computedAt) })}` : ` · ${t('reports.notComputed')}`}
            </Text>
            <FiguresTable
              title={t('reports.ranking')}
              testId="ranking"
              rows={rankedRows(r.overall)}
              csvHeader={['rank', 'ranked_by', 'kind', 'id', 'name', 'channels']}
              filename={`which-actions-worked-${r.from}-${r.to}.csv`}
              empty={<Text c="dark.5">{t('reports.emptyRanking')}</Text>}
            />
            {Object.entries(r.byChannel).map(([channel, actions]) =>
              actions && actions.length ? (
                <FiguresTable
                  key={channel}
                  title={t('reports.byChannel', { channel: tDynamic('reports.channel', channel) })}
                  testId={`ranking-${channel}`}
                  rows={rankedRows(actions)}
                  csvHeader={['rank', 'ranked_by', 'kind', 'id', 'name', 'channels']}
                  filename={`which-actions-worked-${channel}-${r.from}-${r.to}.csv`}
                />
              ) : null,
            )}
            <ChannelsTable r={r} />
            <StaffTasksTable r={r} />
          </Stack>
        )}
      </QueryState>
    </Box>
  );
}

function RangeForm({ from, to, onApply, busy }: { from: string; to: string; onApply: (from: string, to: string) => void; busy: boolean }) {
  const [f, setF] = useState(from);
  const [tt, setT] = useState(to);
  return (
    <Card withBorder padding="sm" component="form" onSubmit={(e: React.FormEvent) => (e.preventDefault(), onApply(f, tt))} aria-label={t('reports.rangeForm')}>
      <Group align="flex-end" wrap="wrap">
        <TextInput type="date" label={t('reports.from')} value={f} onChange={(e) => setF(e.currentTarget.value)} required />
        <TextInput type="date" label={t('reports.to')} value={tt} onChange={(e) => setT(e.currentTarget.value)} required />
        <Button type="submit" loading={busy}>
          {t('reports.apply')}
        </Button>
      </Group>
    </Card>
  );
}

function ChannelsTable({ r }: { r: ActionsReport }) {
  const header = [
    'channel',
    'actions',
    'touches_total',
    'sent',
    'delivered',
    'failed',
    'blocked',
    'pending',
    'converted_touches',
    'credited_last',
    'credited_first',
    'engagement_delivered',
    'clicked',
    'click_through_rate',
    'sms_delivered',
    'replied',
    'reply_rate',
  ];
  const rows = r.channels.map((c) => [
    c.channel,
    c.actions,
    c.touches.total,
    c.touches.sent,
    c.touches.delivered,
    c.touches.failed,
    c.touches.blocked,
    c.touches.pending,
    c.attribution.convertedTouches,
    c.attribution.creditedLast,
    c.attribution.creditedFirst,
    c.engagement.delivered,
    c.engagement.clicked,
    c.engagement.clickThroughRate,
    c.engagement.smsDelivered,
    c.engagement.replied,
    c.engagement.replyRate,
  ]);
  return (
    <Stack gap="xs" data-testid="channels">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('reports.channels')}
        </Title>
        {rows.length ? (
          <Button size="xs" variant="light" aria-label={t('reports.csvFor', { table: t('reports.channels') })} onClick={() => downloadCsv(`channels-${r.from}-${r.to}.csv`, toCsv(header, rows))}>
            {t('reports.csv')}
          </Button>
        ) : null}
      </Group>
      <ListTable
        items={r.channels}
        empty={<Text c="dark.5">{t('reports.emptyTable')}</Text>}
        minWidth={640}
        verticalSpacing="xs"
        aria-label={t('reports.channels')}
        columns={[
          t('reports.col.channel'),
          { label: t('reports.col.actions'), ta: 'right' },
          { label: t('reports.col.touches'), ta: 'right' },
          { label: t('reports.col.sent'), ta: 'right' },
          { label: t('reports.col.blocked'), ta: 'right' },
          { label: t('reports.col.failed'), ta: 'right' },
          { label: t('reports.col.creditedLast'), ta: 'right' },
          { label: t('reports.col.engagement'), ta: 'right' },
        ]}
        row={(c) => (
          <Table.Tr key={c.channel}>
            <Table.Td>{tDynamic('reports.channel', c.channel)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.actions)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.touches.total)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.touches.sent)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.touches.blocked)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.touches.failed)}</Table.Td>
            <Table.Td ta="right">{formatNumber(c.attribution.creditedLast)}</Table.Td>
            <Table.Td ta="right" data-part="engagement">
              {c.engagement.delivered > 0 ? (
                <>
                  <Text size="sm" fw={600}>
                    {formatPercent(c.engagement.clickThroughRate ?? 0, 2)}
                  </Text>
                  <Text size="xs" c="dark.5">
                    {t('reports.clickedOf', { clicked: formatNumber(c.engagement.clicked), delivered: formatNumber(c.engagement.delivered) })}
                  </Text>
                </>
              ) : (
                <Text size="xs" c="dark.5">
                  {t('reports.noneDelivered')}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}

function StaffTasksTable({ r }: { r: ActionsReport }) {
  const s = r.staffTasks;
  const header = ['staff_id', 'staff', 'created', 'done', 'dismissed', 'open', 'overdue_open', 'done_by_staff', 'led_to_return', 'window_open', 'return_rate'];
  const rows = s.staff.map((x) => [
    x.staff?.id ?? '',
    x.staff ? [x.staff.firstName, x.staff.lastName].filter(Boolean).join(' ') : '',
    x.created,
    x.done,
    x.dismissed,
    x.open,
    x.overdueOpen,
    x.doneByStaff,
    x.ledToReturn,
    x.windowOpen,
    x.returnRate,
  ]);
  return (
    <Stack gap="xs" data-testid="staff-tasks">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2} size="h4">
            {t('reports.staffTasks')}
          </Title>
          <Text size="sm" c="dark.6">
            {t('reports.staffTasksNote', { days: s.returnWindowDays })}
          </Text>
        </Stack>
        {rows.length ? (
          <Button size="xs" variant="light" aria-label={t('reports.csvFor', { table: t('reports.staffTasks') })} onClick={() => downloadCsv(`staff-tasks-${r.from}-${r.to}.csv`, toCsv(header, rows))}>
            {t('reports.csv')}
          </Button>
        ) : null}
      </Group>
      <ListTable
        items={s.staff}
        empty={<Text c="dark.5">{t('reports.emptyTable')}</Text>}
        minWidth={640}
        verticalSpacing="xs"
        aria-label={t('reports.staffTasks')}
        columns={[
          t('reports.col.staff'),
          { label: t('reports.col.created'), ta: 'right' },
          { label: t('reports.col.done'), ta: 'right' },
          { label: t('reports.col.open'), ta: 'right' },
          { label: t('reports.col.overdue'), ta: 'right' },
          { label: t('reports.col.ledToReturn'), ta: 'right' },
        ]}
        row={(x) => (
          <Table.Tr key={x.staff?.id ?? 'nobody'}>
            <Table.Td>{x.staff ? [x.staff.firstName, x.staff.lastName].filter(Boolean).join(' ') || `#${x.staff.id}` : t('reports.unassigned')}</Table.Td>
            <Table.Td ta="right">{formatNumber(x.created)}</Table.Td>
            <Table.Td ta="right">{formatNumber(x.done)}</Table.Td>
            <Table.Td ta="right">{formatNumber(x.open)}</Table.Td>
            <Table.Td ta="right">{formatNumber(x.overdueOpen)}</Table.Td>
            <Table.Td ta="right">
              {t('reports.ofGroup', { converted: formatNumber(x.ledToReturn), total: formatNumber(x.doneByStaff) })}
              {x.returnRate === null ? null : (
                <Badge ml={6} variant="light" color="gray">
                  {formatPercent(x.returnRate, 1)}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
