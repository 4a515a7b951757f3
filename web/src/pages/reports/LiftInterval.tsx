import { Stack, Text } from '@mantine/core';
import type { Lift } from '../../api/reports';
import { t } from '../../i18n/i18n';
import { points } from './figures';

const W = 180;
const H = 22;

/**
 * The lift as a point with its 95 % interval as a bar, on a scale shared by the table (`domain`)
 * with a line at 0: red when the estimate is below 0, grey with "not enough data yet" when the
 * API flags the sample as small. The numbers are in the label and beside the plot.
 */
export function LiftInterval({ lift, domain, testId }: { lift: Lift | null; domain: [number, number]; testId?: string }) {
  if (!lift) {
    return (
      <Text size="sm" c="dark.5" data-testid={testId}>
        {t('reports.lift.noControl')}
      </Text>
    );
  }
  const [lo, hi] = domain;
  const x = (v: number) => ((v - lo) / (hi - lo || 1)) * (W - 8) + 4;
  const color = lift.smallSample ? 'var(--mantine-color-gray-6)' : lift.negative ? 'var(--mantine-color-red-8)' : 'var(--mantine-color-blue-8)';
  const label = t('reports.lift.label', { estimate: points(lift.estimate), lower: points(lift.lower), upper: points(lift.upper) });
  return (
    <Stack gap={0} data-testid={testId} data-estimate={lift.estimate} data-lower={lift.lower} data-upper={lift.upper} data-negative={lift.negative} data-small-sample={lift.smallSample}>
      <svg width={W} height={H} role="img" aria-label={label} style={{ display: 'block' }}>
        <line x1={x(0)} x2={x(0)} y1={1} y2={H - 1} stroke="var(--mantine-color-gray-5)" strokeDasharray="2 2" />
        <line x1={x(lift.lower)} x2={x(lift.upper)} y1={H / 2} y2={H / 2} stroke={color} strokeWidth={3} strokeLinecap="round" data-part="interval" />
        <line x1={x(lift.lower)} x2={x(lift.lower)} y1={H / 2 - 5} y2={H / 2 + 5} stroke={color} strokeWidth={2} />
        <line x1={x(lift.upper)} x2={x(lift.upper)} y1={H / 2 - 5} y2={H / 2 + 5} stroke={color} strokeWidth={2} />
        <circle cx={x(lift.estimate)} cy={H / 2} r={5} fill={color} stroke="white" strokeWidth={1.5} data-part="estimate" />
      </svg>
      <Text size="sm" fw={600} c={lift.smallSample ? 'dark.5' : lift.negative ? 'red.9' : undefined} data-part="numbers">
        {t('reports.lift.numbers', { estimate: points(lift.estimate), lower: points(lift.lower), upper: points(lift.upper) })}
      </Text>
      {lift.smallSample ? (
        <Text size="xs" c="dark.5" data-part="small-sample">
          {t('reports.lift.smallSample')}
        </Text>
      ) : null}
    </Stack>
  );
}
