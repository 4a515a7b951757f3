import { BarChart } from '@mantine/charts';
import { Anchor, Group } from '@mantine/core';
import { Link } from 'react-router';
import { ChartFigure } from '../../components/ChartFigure';
import { BandBadge } from '../../components/StatusBadge';
import { formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { BAND_CHART_COLOR, BAND_ORDER } from './chart-colors';

/** Members per health band now, as bars; the band badges open the list of those members. */
export function HealthBands({ bands }: { bands: Record<string, number> }) {
  const order = [...BAND_ORDER, 'unscored'] as const;
  const label = (b: string) => (b === 'unscored' ? t('overview.bands.unscored') : tDynamic('labels.band', b));
  const data = order.map((b) => ({ band: label(b), members: bands[b] ?? 0, color: BAND_CHART_COLOR[b] }));
  return (
    <ChartFigure
      title={t('overview.bands.title')}
      label={t('overview.bands.chartLabel', { figures: data.map((d) => `${d.band} ${formatNumber(d.members)}`).join(', ') })}
      table={{ caption: t('overview.bands.caption'), columns: [t('overview.bands.band'), t('overview.bands.members')], rows: data.map((d) => [d.band, formatNumber(d.members)]) }}
      testId="health-bands"
      actions={
        <Group gap={4}>
          {BAND_ORDER.map((b) => (
            <Anchor key={b} component={Link} to={`/members?band=${b}`} aria-label={t('overview.bands.open', { band: label(b) })}>
              <BandBadge band={b} />
            </Anchor>
          ))}
        </Group>
      }
    >
      <BarChart
        h={220}
        data={data}
        dataKey="band"
        series={[{ name: 'members', label: t('overview.bands.members'), color: 'teal.6' }]}
        getBarColor={(_, item) => (item as { color?: string } | undefined)?.color ?? 'teal.6'}
        withTooltip={false}
        withBarValueLabel
        valueFormatter={(v) => formatNumber(v)}
        barChartProps={{ accessibilityLayer: false }}
      />
    </ChartFigure>
  );
}
