import { Badge } from '@mantine/core';
import { tDynamic } from '../i18n/i18n';

const COLORS: Record<string, string> = {
  in_trouble: 'red',
  at_risk: 'orange',
  loving_it: 'teal',
  raving_fan: 'green',
  suspended: 'gray',
  unassessed: 'gray',
};

/** A risk status with its human label ("At Risk", not at_risk). */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = status ?? 'unassessed';
  return (
    <Badge color={COLORS[s] ?? 'gray'} variant="light" radius="sm">
      {tDynamic('labels.status', s)}
    </Badge>
  );
}

export const STATUS_COLORS = COLORS;

const BAND_COLORS: Record<string, string> = { green: 'green', yellow: 'yellow', red: 'red' };
export function BandBadge({ band }: { band: string | null | undefined }) {
  if (!band) return null;
  return (
    <Badge color={BAND_COLORS[band] ?? 'gray'} variant="dot" radius="sm">
      {tDynamic('labels.band', band)}
    </Badge>
  );
}
