import { CompositeChart } from '@mantine/charts';
import { ChartFigure } from '../../components/ChartFigure';
import { formatMonth, formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n/i18n';
import type { RetentionMonth } from './RetentionCharts';

const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, 1));

/** Churn (bars) against retention (a line) per month, with the last full month's figures under the title. */
export function ChurnChart({ months }: { months: RetentionMonth[] }) {
  const rows = months.map((m) => ({
    month: formatMonth(m.month),
    churn: m.churnRate === null ? null : m.churnRate * 100,
    retention: m.retentionRate === null ? null : m.retentionRate * 100,
  }));
  // the current month is still running: the headline is the last full one
  const lastFull = months.length > 1 ? months[months.length - 2] : undefined;
  return (
    <ChartFigure
      title={t('overview.churn.title')}
      subtitle={lastFull ? t('overview.churn.lastMonth', { month: formatMonth(lastFull.month), churn: pct(lastFull.churnRate), retention: pct(lastFull.retentionRate) }) : undefined}
      label={t('overview.churn.chartLabel', { count: months.length })}
      testId="churn-months"
      table={{
        caption: t('overview.churn.caption'),
        columns: [
          t('overview.churn.month'),
          t('overview.churn.atStart'),
          t('overview.churn.newMembers'),
          t('overview.churn.cancelled'),
          t('overview.churn.churnRate'),
          t('overview.churn.retentionRate'),
        ],
        rows: months.map((m) => [formatMonth(m.month), formatNumber(m.membersAtStart), formatNumber(m.newMembers), formatNumber(m.cancelled), pct(m.churnRate), pct(m.retentionRate)]),
      }}
    >
      <CompositeChart
        h={280}
        data={rows}
        dataKey="month"
        series={[
          { name: 'churn', label: t('overview.churn.churnRate'), color: 'red.6', type: 'bar' },
          { name: 'retention', label: t('overview.churn.retentionRate'), color: 'teal.8', type: 'line', yAxisId: 'right' },
        ]}
        curveType="linear"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        withRightYAxis
        yAxisLabel={t('overview.churn.churnAxis')}
        rightYAxisLabel={t('overview.churn.retentionAxis')}
        yAxisProps={{ domain: [0, 'auto'], width: 50 }}
        rightYAxisProps={{ domain: ['auto', 100], width: 64 }}
        valueFormatter={(v) => `${formatNumber(v, 1)} %`}
        connectNulls={false}
        tickLine="none"
        maxBarWidth={18}
        composedChartProps={{ accessibilityLayer: false }}
      />
    </ChartFigure>
  );
}
