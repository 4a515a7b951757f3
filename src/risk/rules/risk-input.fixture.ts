import { addDays } from '../../common/local-date';
import { RiskInput } from './risk.types';
import { DEFAULT_RISK_SETTINGS, RiskSettings } from './risk-settings';

export { addDays };

// Inputs for the risk rule specs: risk.md's worked examples use today = 2026-03-31.
export const TODAY = '2026-03-31';
export const S = DEFAULT_RISK_SETTINGS;
export const ago = (days: number) => addDays(TODAY, -days);

/** A long-standing member who came yesterday, with 3 sessions this week: Loving it, score 0. */
export function member(over: Partial<RiskInput> = {}): RiskInput {
  return {
    today: TODAY,
    isMember: true,
    hasActivePackage: true,
    registeredOn: '2025-01-15',
    lastVisitOn: ago(1),
    sessionsLast7Days: 3,
    currentStatus: 'loving_it',
    ...over,
  };
}
export const withSettings = (patch: (s: RiskSettings) => void): RiskSettings => {
  const s = JSON.parse(JSON.stringify(S)) as RiskSettings;
  patch(s);
  return s;
};
