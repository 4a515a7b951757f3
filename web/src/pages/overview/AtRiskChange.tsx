import { Text } from '@mantine/core';
import { t } from '../../i18n/i18n';

/** How many more or fewer members are at risk than a week ago, in words (no history yet, the same, up or down). */
export function AtRiskChange({ change }: { change: number | null }) {
  if (change === null) return <>{t('overview.headline.atRiskNoHistory')}</>;
  if (change === 0) return <>{t('overview.headline.atRiskSame')}</>;
  // more members at risk is bad news: red up, green down
  return (
    <Text span size="sm" fw={600} c={change > 0 ? 'red.9' : 'green.9'} data-testid="at-risk-change">
      {change > 0 ? '▲ ' : '▼ '}
      {change > 0 ? t('overview.headline.atRiskUp', { count: change }) : t('overview.headline.atRiskDown', { count: -change })}
    </Text>
  );
}
