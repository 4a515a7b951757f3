import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ReportFigures } from '../../api/reports';
import { ListTable } from '../../components/ListTable';
import { formatMoney, formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n/i18n';
import { downloadCsv, toCsv, type CsvValue } from './csv';
import { FIGURE_CSV_HEADER, figureCsv, liftDomain } from './figures';
import { LiftInterval } from './LiftInterval';

export interface FiguresRow {
  key: string;
  name: ReactNode;
  figures: ReportFigures;
  /** Leading CSV columns (name, kind, rank...), matching `csvHeader`. */
  csv: CsvValue[];
}

const rate = (r: number | null) => (r === null ? '–' : formatPercent(r, 2));

/**
 * One report table: the lift with its interval drawn on a scale the rows share (next to the name,
 * so a phone shows it without scrolling), contacted against control, clicks and replies beside conversion, median days to return and retained monthly revenue; "Download CSV" saves the same
 * rows with the API's unrounded figures.
 */
export function FiguresTable({
  title,
  testId,
  rows,
  csvHeader,
  filename,
  empty,
  lead,
}: {
  title: string;
  testId: string;
  rows: FiguresRow[];
  csvHeader: string[];
  filename: string;
  empty?: ReactNode;
  lead?: string;
}) {
  const domain = liftDomain(rows.map((r) => r.figures.lift));
  const exportCsv = () =>
    downloadCsv(
      filename,
      toCsv(
        [...csvHeader, ...FIGURE_CSV_HEADER],
        rows.map((r) => [...r.csv, ...figureCsv(r.figures)]),
      ),
    );
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {rows.length ? (
          <Button size="xs" variant="light" onClick={exportCsv} aria-label={t('reports.csvFor', { table: title })}>
            {t('reports.csv')}
          </Button>
        ) : null}
      </Group>
      <ListTable
        items={rows}
        empty={empty ?? <Text c="dark.5">{t('reports.emptyTable')}</Text>}
        minWidth={900}
        verticalSpacing="xs"
        aria-label={title}
        columns={[
          lead ?? t('reports.col.action'),
          t('reports.col.lift'),
          { label: t('reports.col.contacted'), ta: 'right' },
          { label: t('reports.col.engagement'), ta: 'right' },
          { label: t('reports.col.control'), ta: 'right' },
          { label: t('reports.col.days'), ta: 'right' },
          { label: t('reports.col.revenue'), ta: 'right' },
        ]}
        row={(r) => {
          const f = r.figures;
          const e = f.engagement;
          return (
            <Table.Tr key={r.key} data-testid={`${testId}-row`} data-key={r.key}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>
                <LiftInterval lift={f.lift} domain={domain} testId={`${testId}-lift`} />
              </Table.Td>
              <Table.Td ta="right" data-part="contacted">
                <Text size="sm" fw={600}>
                  {rate(f.conversionRate)}
                </Text>
                <Text size="xs" c="dark.5">
                  {t('reports.ofGroup', { converted: formatNumber(f.converted), total: formatNumber(f.contacted) })}
                </Text>
              </Table.Td>
              <Table.Td ta="right" data-part="engagement">
                <Text size="sm" fw={600} data-part="ctr">
                  {rate(e.clickThroughRate)}
                </Text>
                <Text size="xs" c="dark.5">
                  {e.delivered > 0 ? t('reports.clickedOf', { clicked: formatNumber(e.clicked), delivered: formatNumber(e.delivered) }) : t('reports.noneDelivered')}
                </Text>
                {e.smsDelivered > 0 ? (
                  <Text size="xs" c="dark.5" data-part="reply">
                    {t('reports.repliedOf', { rate: rate(e.replyRate), replied: formatNumber(e.replied), delivered: formatNumber(e.smsDelivered) })}
                  </Text>
                ) : null}
                {e.opened !== null && e.emailDelivered > 0 ? (
                  <Text size="xs" c="dark.5" data-part="opened">
                    {t('reports.openedOf', { rate: rate(e.openRate) })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right" data-part="control">
                <Text size="sm" fw={600}>
                  {rate(f.controlConversionRate)}
                </Text>
                <Text size="xs" c="dark.5">
                  {t('reports.ofGroup', { converted: formatNumber(f.controlConverted), total: formatNumber(f.control) })}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{f.medianDaysToReturn === null ? '–' : formatNumber(f.medianDaysToReturn)}</Text>
                <Text size="xs" c="dark.5">
                  {t('reports.controlDays', { days: f.controlMedianDaysToReturn === null ? '–' : formatNumber(f.controlMedianDaysToReturn) })}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatMoney(f.retainedMonthlyRevenue)}</Table.Td>
            </Table.Tr>
          );
        }}
      />
    </Stack>
  );
}
