import { Alert, Stack, Table, Text } from '@mantine/core';
import { type ReconnectReportRow, useReconnectReport } from '../../api/reconnect';
import { type Column, ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatMoney, formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n/i18n';

/** Contacted, reconnected, rate and rebooking revenue per category and overall; the control group when there is one. */
export function ReportView() {
  const report = useReconnectReport();
  return (
    <QueryState query={report}>
      {(r) => {
        const withControl = [r.overall, ...r.categories].some((row) => row.control > 0);
        const columns: Column[] = [
          t('reconnect.report.category'),
          { label: t('reconnect.report.contacted'), ta: 'right' },
          { label: t('reconnect.report.reconnected'), ta: 'right' },
          { label: t('reconnect.report.rate'), ta: 'right' },
          { label: t('reconnect.report.clicked'), ta: 'right' },
          { label: t('reconnect.report.replied'), ta: 'right' },
          { label: t('reconnect.report.revenue'), ta: 'right' },
          ...(withControl
            ? ([
                { label: t('reconnect.report.control'), ta: 'right' },
                { label: t('reconnect.report.controlReconnected'), ta: 'right' },
                { label: t('reconnect.report.controlRate'), ta: 'right' },
              ] as Column[])
            : []),
          { label: t('reconnect.report.openWindows'), ta: 'right' },
        ];
        const line = (row: ReconnectReportRow, overall = false) => (
          <Table.Tr key={row.serviceCategory ?? ''} fw={overall ? 700 : undefined}>
            <Table.Td>{row.serviceCategory ?? t('reconnect.report.overall')}</Table.Td>
            <Table.Td ta="right">{formatNumber(row.contacted)}</Table.Td>
            <Table.Td ta="right">{formatNumber(row.reconnected)}</Table.Td>
            <Table.Td ta="right">{formatPercent(row.rate, 1)}</Table.Td>
            <Table.Td ta="right" data-part="clicked" title={t('reconnect.report.clickedOf', { clicked: row.engagement.clicked, delivered: row.engagement.delivered })}>
              {formatPercent(row.engagement.clickThroughRate, 1)}
            </Table.Td>
            <Table.Td ta="right" data-part="replied" title={t('reconnect.report.repliedOf', { replied: row.engagement.replied, delivered: row.engagement.smsDelivered })}>
              {formatPercent(row.engagement.replyRate, 1)}
            </Table.Td>
            <Table.Td ta="right">{formatMoney(row.revenue)}</Table.Td>
            {withControl ? (
              <>
                <Table.Td ta="right">{formatNumber(row.control)}</Table.Td>
                <Table.Td ta="right">{formatNumber(row.controlReconnected)}</Table.Td>
                <Table.Td ta="right">{formatPercent(row.controlRate, 1)}</Table.Td>
              </>
            ) : null}
            <Table.Td ta="right">{formatNumber(row.openWindows)}</Table.Td>
          </Table.Tr>
        );
        if (r.overall.contacted === 0 && r.overall.control === 0)
          return (
            <Alert color="blue" data-testid="reconnect-report-empty">
              <Text size="sm">{t('reconnect.report.empty')}</Text>
            </Alert>
          );
        return (
          <Stack gap="sm" data-testid="reconnect-report">
            <Text size="sm" c="dimmed">
              {t('reconnect.report.explain')}
            </Text>
            <ListTable
              items={[...r.categories.map((row) => ({ row, overall: false })), { row: r.overall, overall: true }]}
              columns={columns}
              striped
              minWidth={withControl ? 900 : 640}
              row={(x) => line(x.row, x.overall)}
            />
            {r.overall.openWindows > 0 ? (
              <Text size="sm" c="dimmed">
                {t('reconnect.report.openWindowsHint', { count: r.overall.openWindows })}
              </Text>
            ) : null}
          </Stack>
        );
      }}
    </QueryState>
  );
}
