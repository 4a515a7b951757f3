import { Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { type RecoveryStats, useRecoveryReport } from '../../api/recovery';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatMoney, formatMonth, formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n/i18n';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function defaultRange(): { from: string; to: string } {
  const now = new Date();
  return { from: isoDay(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1))), to: isoDay(now) };
}

const days = (n: number | null) => (n === null ? '–' : t('recovery.reports.days', { count: Math.round(n * 10) / 10 }));

/** Every figure as the API computed it: entries, regained rate, median days to regain, regained monthly value. */
function statCells(s: RecoveryStats) {
  return (
    <>
      <Table.Td ta="right">{formatNumber(s.entries)}</Table.Td>
      <Table.Td ta="right">{formatNumber(s.regained)}</Table.Td>
      <Table.Td ta="right">{formatNumber(s.lost)}</Table.Td>
      <Table.Td ta="right">{formatPercent(s.regainedRate, 1)}</Table.Td>
      <Table.Td ta="right">{days(s.medianDaysToRegain)}</Table.Td>
      <Table.Td ta="right">{formatMoney(s.regainedMonthlyValue)}</Table.Td>
    </>
  );
}

const statColumns = () => [
  { label: t('recovery.reports.entries'), ta: 'right' as const },
  { label: t('recovery.reports.regained'), ta: 'right' as const },
  { label: t('recovery.reports.lost'), ta: 'right' as const },
  { label: t('recovery.reports.regainedRate'), ta: 'right' as const },
  { label: t('recovery.reports.medianDays'), ta: 'right' as const },
  { label: t('recovery.reports.regainedValue'), ta: 'right' as const },
];

export function ReportsView() {
  const [range, setRange] = useState(defaultRange);
  const [draft, setDraft] = useState(range);
  const report = useRecoveryReport(range.from, range.to);
  const edit = (k: 'from' | 'to', v: string) => {
    const next = { ...draft, [k]: v };
    setDraft(next);
    if (DAY.test(next.from) && DAY.test(next.to) && next.from <= next.to) setRange(next);
  };
  return (
    <Stack gap="md" data-testid="recovery-reports">
      <Group gap="sm" align="flex-end">
        <TextInput type="date" label={t('recovery.reports.from')} value={draft.from} onChange={(e) => edit('from', e.currentTarget.value)} />
        <TextInput type="date" label={t('recovery.reports.to')} value={draft.to} onChange={(e) => edit('to', e.currentTarget.value)} />
      </Group>
      <QueryState query={report}>
        {(r) => (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <Kpi label={t('recovery.reports.entries')} value={formatNumber(r.totals.entries)} />
              <Kpi label={t('recovery.reports.regainedRate')} value={formatPercent(r.totals.regainedRate, 1)} />
              <Kpi label={t('recovery.reports.medianDays')} value={days(r.totals.medianDaysToRegain)} />
              <Kpi label={t('recovery.reports.regainedValue')} value={formatMoney(r.totals.regainedMonthlyValue)} />
            </SimpleGrid>
            {r.totals.entries === 0 ? (
              <Text c="dimmed">{t('recovery.reports.empty')}</Text>
            ) : (
              <>
                <Section title={t('recovery.reports.perMonth')}>
                  <ListTable
                    items={r.months}
                    minWidth={720}
                    columns={[t('recovery.reports.month'), ...statColumns()]}
                    row={(m) => (
                      <Table.Tr key={m.month}>
                        <Table.Td>{formatMonth(m.month)}</Table.Td>
                        {statCells(m)}
                      </Table.Tr>
                    )}
                  />
                </Section>
                <Section title={t('recovery.reports.perReason')}>
                  <ListTable
                    items={r.byReason}
                    minWidth={720}
                    columns={[t('recovery.reports.reason'), ...statColumns()]}
                    row={(m) => (
                      <Table.Tr key={m.reason ?? ''}>
                        <Table.Td>{m.reason ?? t('recovery.reports.noReason')}</Table.Td>
                        {statCells(m)}
                      </Table.Tr>
                    )}
                  />
                </Section>
                <Section title={t('recovery.reports.perStaff')}>
                  <ListTable
                    items={r.byStaff}
                    minWidth={720}
                    columns={[t('recovery.reports.staff'), ...statColumns()]}
                    row={(m) => (
                      <Table.Tr key={m.staffId ?? ''}>
                        <Table.Td>{m.staffName ?? t('recovery.reports.unassigned')}</Table.Td>
                        {statCells(m)}
                      </Table.Tr>
                    )}
                  />
                </Section>
              </>
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}
