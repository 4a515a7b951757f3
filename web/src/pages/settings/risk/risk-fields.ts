import type { MessageKey } from '../../../i18n/i18n';
import type { NumberSpec } from './risk-form';

// Every plain number of the risk settings (risk.md), grouped as the form shows them.

export const LOW_USER: NumberSpec[] = [
  { path: 'lowUser.windowDays', label: 'settings.risk.lowUser.windowDays', help: 'settings.risk.lowUser.windowDaysHelp', min: 1, max: 31 },
  { path: 'lowUser.minDaysRegistered', label: 'settings.risk.lowUser.minDaysRegistered', help: 'settings.risk.lowUser.minDaysRegisteredHelp', min: 0, max: 365 },
];

export const NEW_MEMBER: NumberSpec[] = [
  { path: 'newMember.lessThanDays', label: 'settings.risk.newMember.lessThanDays', help: 'settings.risk.newMember.lessThanDaysHelp', min: 0, max: 365 },
  { path: 'newMember.score', label: 'settings.risk.newMember.score', min: 0, max: 100 },
];

export const IN_TROUBLE: NumberSpec[] = [
  { path: 'inTrouble.minDaysAbsent', label: 'settings.risk.inTrouble.minDaysAbsent', help: 'settings.risk.inTrouble.minDaysAbsentHelp', min: 1, max: 3650 },
  { path: 'inTrouble.minDaysMember', label: 'settings.risk.inTrouble.minDaysMember', help: 'settings.risk.inTrouble.minDaysMemberHelp', min: 0, max: 3650 },
];

export const STATUS: NumberSpec[] = [
  { path: 'atRisk.threshold', label: 'settings.risk.status.threshold', help: 'settings.risk.status.thresholdHelp', min: 1, max: 100 },
  { path: 'scoreCap', label: 'settings.risk.status.scoreCap', help: 'settings.risk.status.scoreCapHelp', min: 1, max: 100 },
];

export const HEALTH_WEIGHTS: NumberSpec[] = (['frequency', 'recency', 'trend', 'bookingsAhead', 'reliability', 'payments', 'engagement'] as const).map((w) => ({
  path: `health.weights.${w}`,
  label: `settings.risk.health.weight.${w}` as MessageKey,
  help: `settings.risk.health.weight.${w}Help` as MessageKey,
  min: 0,
  max: 1000,
  decimals: true,
}));

export const HEALTH_BANDS: NumberSpec[] = [
  { path: 'health.bands.greenMin', label: 'settings.risk.health.greenMin', help: 'settings.risk.health.greenMinHelp', min: 1, max: 100 },
  { path: 'health.bands.yellowMin', label: 'settings.risk.health.yellowMin', help: 'settings.risk.health.yellowMinHelp', min: 0, max: 99 },
];

export const HEALTH_FREQUENCY: NumberSpec[] = [
  { path: 'health.frequency.windowDays', label: 'settings.risk.health.frequencyWindowDays', help: 'settings.risk.health.frequencyWindowDaysHelp', min: 1, max: 365 },
  { path: 'health.frequency.baselineDays', label: 'settings.risk.health.baselineDays', help: 'settings.risk.health.baselineDaysHelp', min: 1, max: 730 },
  { path: 'health.frequency.minBaselineDays', label: 'settings.risk.health.minBaselineDays', help: 'settings.risk.health.minBaselineDaysHelp', min: 1, max: 730 },
  { path: 'health.frequency.minExpectedSessions', label: 'settings.risk.health.minExpectedSessions', help: 'settings.risk.health.minExpectedSessionsHelp', min: 0.01, max: 100, decimals: true },
];

export const HEALTH_SIGNALS: NumberSpec[] = [
  { path: 'health.recency.zeroAtDays', label: 'settings.risk.health.recencyZeroAtDays', help: 'settings.risk.health.recencyZeroAtDaysHelp', min: 1, max: 365 },
  { path: 'health.trend.windowDays', label: 'settings.risk.health.trendWindowDays', help: 'settings.risk.health.trendWindowDaysHelp', min: 1, max: 365 },
  { path: 'health.reliability.windowDays', label: 'settings.risk.health.reliabilityWindowDays', help: 'settings.risk.health.reliabilityWindowDaysHelp', min: 1, max: 365 },
  { path: 'health.reliability.penaltyPerEvent', label: 'settings.risk.health.penaltyPerEvent', help: 'settings.risk.health.penaltyPerEventHelp', min: 0, max: 100, decimals: true },
];

export const HEALTH_USAGE_DROP: NumberSpec[] = [
  { path: 'health.usageDrop.windowDays', label: 'settings.risk.health.usageDropWindowDays', help: 'settings.risk.health.usageDropWindowDaysHelp', min: 1, max: 365 },
  { path: 'health.usageDrop.minDropPercent', label: 'settings.risk.health.minDropPercent', help: 'settings.risk.health.minDropPercentHelp', min: 1, max: 100 },
  { path: 'health.usageDrop.minEarlierSessions', label: 'settings.risk.health.minEarlierSessions', help: 'settings.risk.health.minEarlierSessionsHelp', min: 1, max: 1000 },
];

export const SCHEDULE_BATCH_SIZE: NumberSpec = { path: 'schedule.batchSize', label: 'settings.risk.schedule.batchSize', help: 'settings.risk.schedule.batchSizeHelp', min: 1, max: 100000 };
