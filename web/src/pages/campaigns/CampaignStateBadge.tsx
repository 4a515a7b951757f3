import { Badge } from '@mantine/core';
import { formatTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';

const COLORS: Record<string, string> = { draft: 'gray', scheduled: 'blue', sending: 'cyan', sent: 'teal', cancelled: 'gray', failed: 'red', deferred: 'orange' };

/**
 * A campaign's state in words. A sent campaign whose messages all still wait for quiet hours says
 * "Deferred until 08:00" (the business's clock): it has not reached anyone yet.
 */
export function CampaignStateBadge({ state, deferredUntil }: { state: string; deferredUntil?: string | null }) {
  if (state === 'sent' && deferredUntil) {
    return (
      <Badge color={COLORS.deferred} variant="light" radius="sm" data-testid="campaign-state">
        {t('campaigns.state.deferredUntil', { time: formatTime(deferredUntil) })}
      </Badge>
    );
  }
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" radius="sm" data-testid="campaign-state">
      {tDynamic('campaigns.state', state)}
    </Badge>
  );
}
