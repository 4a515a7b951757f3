import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { ChartFigure } from '../../components/ChartFigure';
import { formatMonth, formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { STATUS_CHART_COLOR, STATUS_ORDER } from './chart-colors';
import type { RetentionMonth } from './RetentionCharts';

/** Members per status at the end of each month, as stacked bars. */
export function StatusMonthsChart({ months }: { months: RetentionMonth[] }) {
  const mix = (m: RetentionMonth) => m.statusMix as Record<string, number>;
  const rows = months.map((m) => ({ month: formatMonth(m.month), ...m.statusMix }));
  const hasMix = months.some((m) => STATUS_ORDER.some((s) => mix(m)[s] > 0));
  return (
    <ChartFigure
      title={t('overview.statusMonths.title')}
      label={t('overview.statusMonths.chartLabel', { count: months.length })}
      testId="status-months"
      table={{
        caption: t('overview.statusMonths.caption'),
        columns: [t('overview.statusMonths.month'), ...STATUS_ORDER.map((s) => tDynamic('labels.status', s))],
        rows: months.map((m) => [formatMonth(m.month), ...STATUS_ORDER.map((s) => formatNumber(mix(m)[s]))]),
      }}
    >
      {hasMix ? (
        <BarChart
          h={280}
          data={rows}
          dataKey="month"
          type="stacked"
          series={STATUS_ORDER.map((s) => ({ name: s, label: tDynamic('labels.status', s), color: STATUS_CHART_COLOR[s] }))}
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 40 }}
          valueFormatter={(v) => formatNumber(v)}
          tickLine="none"
          barChartProps={{ accessibilityLayer: false }}
        />
      ) : (
        <Text c="dimmed" py="xl" ta="center">
          {t('overview.statusMonths.empty')}
        </Text>
      )}
    </ChartFigure>
  );
}
