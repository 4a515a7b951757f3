import { Badge } from '@mantine/core';
import { tDynamic } from '../../i18n/i18n';

const COLORS: Record<string, string> = { enabled: 'teal', paused: 'gray', archived: 'dark' };

/** Enabled, paused or archived, in words. */
export function StateBadge({ state }: { state: string }) {
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant="light" data-testid="automation-state" data-state={state}>
      {tDynamic('automations.state', state)}
    </Badge>
  );
}
