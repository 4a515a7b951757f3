// Colours per status and band, the same hues as the badges; shade 6+ so small marks stay visible.
export const STATUS_ORDER = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
export const STATUS_NOW_ORDER = [...STATUS_ORDER, 'unassessed'] as const;
export const STATUS_CHART_COLOR: Record<string, string> = {
  in_trouble: 'red.7',
  at_risk: 'orange.6',
  loving_it: 'teal.6',
  raving_fan: 'green.8',
  suspended: 'gray.5',
  unassessed: 'gray.3',
};
export const BAND_ORDER = ['green', 'yellow', 'red'] as const;
export const BAND_CHART_COLOR: Record<string, string> = { green: 'green.7', yellow: 'yellow.5', red: 'red.7', unscored: 'gray.4' };
