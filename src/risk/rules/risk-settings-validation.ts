import { AbsentBand, HEALTH_SIGNALS, LowUserRow, RiskSettings } from './risk-settings';

// Semantic validation of a complete RiskSettings object, naming each problem by its path
// (e.g. `absent.bands[2].minDays`). The PUT DTO checks a partial body field by field; this
// checks the merged result, including rules across fields a patch may not touch together.

export interface SettingsProblem {
  path: string;
  reason: string;
}

/** Ranges shared by the DTO and validateRiskSettings: [min, max] and whether only integers are allowed. */
export const LIMITS = {
  lowUserWindowDays: [1, 31],
  lowUserMinDaysRegistered: [0, 365],
  lowUserRows: [1, 32],
  score: [0, 100],
  absentBands: [1, 20],
  days: [0, 3650],
  newMemberLessThanDays: [0, 365],
  inTroubleMinDaysAbsent: [1, 3650],
  inTroubleMinDaysMember: [0, 3650],
  atRiskThreshold: [1, 100],
  scoreCap: [1, 100],
  weight: [0, 1000],
  greenMin: [1, 100],
  yellowMin: [0, 99],
  windowDays: [1, 365],
  baselineDays: [1, 730],
  minExpectedSessions: [0.01, 100],
  penaltyPerEvent: [0, 100],
  minDropPercent: [1, 100],
  minEarlierSessions: [1, 1000],
  batchSize: [1, 100_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Five or six space-separated cron fields (seconds optional), as @nestjs/schedule accepts. */
export const CRON_PATTERN = /^\s*([0-9*?LW#/,\-A-Za-z]+\s+){4,5}[0-9*?LW#/,\-A-Za-z]+\s*$/;

type Range = readonly [number, number];

function num(problems: SettingsProblem[], path: string, value: unknown, [min, max]: Range, integer = true): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ path, reason: `${path} must be a number` });
    return false;
  }
  if (integer && !Number.isInteger(value)) problems.push({ path, reason: `${path} must be an integer` });
  else if (value < min || value > max) problems.push({ path, reason: `${path} must be between ${min} and ${max}` });
  else return true;
  return false;
}

function list(problems: SettingsProblem[], path: string, value: unknown, [min, max]: Range): value is unknown[] {
  if (!Array.isArray(value)) problems.push({ path, reason: `${path} must be an array` });
  else if (value.length < min || value.length > max) problems.push({ path, reason: `${path} must have ${min} to ${max} rows` });
  else return true;
  return false;
}

/** Rows for 0, 1, 2, ... sessions, each one more than the one before; scores 0-100. */
/** structureOnly: just the order of the rows (the DTO checks each field itself). */
export function lowUserTableProblems(table: unknown, path = 'lowUser.table', structureOnly = false): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const fields: SettingsProblem[] = [];
  if (!list(fields, path, table, LIMITS.lowUserRows)) return structureOnly ? [] : fields;
  table.forEach((row, i) => {
    const p = `${path}[${i}]`;
    const r = (row ?? {}) as Partial<LowUserRow>;
    if (num(fields, `${p}.sessions`, r.sessions, [0, 1000]) && r.sessions !== i) {
      problems.push({ path: `${p}.sessions`, reason: `${p}.sessions must be ${i}: rows start at 0 sessions and go up by one` });
    }
    num(fields, `${p}.score`, r.score, LIMITS.score);
  });
  return structureOnly ? problems : [...fields, ...problems];
}

/** Bands from 0 days, each starting the day after the previous one ends, the last one open (maxDays null). */
export function absentBandsProblems(bands: unknown, path = 'absent.bands', structureOnly = false): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const fields: SettingsProblem[] = [];
  if (!list(fields, path, bands, LIMITS.absentBands)) return structureOnly ? [] : fields;
  const rows = bands.map((b) => (b ?? {}) as Partial<AbsentBand>);
  rows.forEach((b, i) => {
    const p = `${path}[${i}]`;
    const last = i === rows.length - 1;
    const minOk = num(fields, `${p}.minDays`, b.minDays, LIMITS.days);
    if (last) {
      if (b.maxDays !== null) problems.push({ path: `${p}.maxDays`, reason: `${p}.maxDays must be null: the last band covers every longer absence` });
    } else if (b.maxDays === null || b.maxDays === undefined) {
      problems.push({ path: `${p}.maxDays`, reason: `${p}.maxDays must be a number: only the last band is open-ended` });
    } else if (num(fields, `${p}.maxDays`, b.maxDays, LIMITS.days) && minOk && b.maxDays! < b.minDays!) {
      problems.push({ path: `${p}.maxDays`, reason: `${p}.maxDays must not be less than ${p}.minDays (${b.minDays})` });
    }
    num(fields, `${p}.score`, b.score, LIMITS.score);
    if (!minOk) return;
    if (i === 0 && b.minDays !== 0) problems.push({ path: `${p}.minDays`, reason: `${p}.minDays must be 0: the first band starts at 0 days` });
    const prevMax = i > 0 ? rows[i - 1].maxDays : undefined;
    if (i > 0 && typeof prevMax === 'number' && Number.isInteger(prevMax) && b.minDays !== prevMax + 1) {
      problems.push({ path: `${p}.minDays`, reason: `${p}.minDays must be ${prevMax + 1}, the day after ${path}[${i - 1}].maxDays: bands are contiguous and increasing` });
    }
  });
  return structureOnly ? problems : [...fields, ...problems];
}

/** Seven non-negative weights, not all zero. */
function weightsProblems(weights: unknown, path = 'health.weights'): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!weights || typeof weights !== 'object') return [{ path, reason: `${path} must be an object` }];
  const w = weights as Record<string, unknown>;
  for (const k of HEALTH_SIGNALS) num(problems, `${path}.${k}`, w[k], LIMITS.weight, false);
  if (problems.length === 0 && HEALTH_SIGNALS.every((k) => w[k] === 0)) {
    problems.push({ path, reason: `${path} must not all be zero` });
  }
  return problems;
}

/** Every problem of a complete settings object; empty when it is valid. */
export function validateRiskSettings(s: RiskSettings): SettingsProblem[] {
  const p: SettingsProblem[] = [];
  num(p, 'lowUser.windowDays', s.lowUser?.windowDays, LIMITS.lowUserWindowDays);
  num(p, 'lowUser.minDaysRegistered', s.lowUser?.minDaysRegistered, LIMITS.lowUserMinDaysRegistered);
  const tableProblems = lowUserTableProblems(s.lowUser?.table);
  p.push(...tableProblems);
  if (tableProblems.length === 0 && Number.isInteger(s.lowUser.windowDays) && s.lowUser.table.length - 1 > s.lowUser.windowDays) {
    p.push({ path: 'lowUser.table', reason: `lowUser.table has rows for more sessions than lowUser.windowDays (${s.lowUser.windowDays}) days can hold` });
  }
  p.push(...absentBandsProblems(s.absent?.bands));
  num(p, 'newMember.lessThanDays', s.newMember?.lessThanDays, LIMITS.newMemberLessThanDays);
  num(p, 'newMember.score', s.newMember?.score, LIMITS.score);
  num(p, 'inTrouble.minDaysAbsent', s.inTrouble?.minDaysAbsent, LIMITS.inTroubleMinDaysAbsent);
  num(p, 'inTrouble.minDaysMember', s.inTrouble?.minDaysMember, LIMITS.inTroubleMinDaysMember);
  const thresholdOk = num(p, 'atRisk.threshold', s.atRisk?.threshold, LIMITS.atRiskThreshold);
  if (num(p, 'scoreCap', s.scoreCap, LIMITS.scoreCap) && thresholdOk && s.atRisk.threshold > s.scoreCap) {
    p.push({ path: 'atRisk.threshold', reason: `atRisk.threshold must not exceed scoreCap (${s.scoreCap}), or no client could be At Risk` });
  }

  const h = s.health;
  p.push(...weightsProblems(h?.weights));
  const greenOk = num(p, 'health.bands.greenMin', h?.bands?.greenMin, LIMITS.greenMin);
  if (num(p, 'health.bands.yellowMin', h?.bands?.yellowMin, LIMITS.yellowMin) && greenOk && h.bands.yellowMin >= h.bands.greenMin) {
    p.push({ path: 'health.bands.yellowMin', reason: `health.bands.yellowMin must be less than health.bands.greenMin (${h.bands.greenMin})` });
  }
  num(p, 'health.frequency.windowDays', h?.frequency?.windowDays, LIMITS.windowDays);
  const baselineOk = num(p, 'health.frequency.baselineDays', h?.frequency?.baselineDays, LIMITS.baselineDays);
  if (num(p, 'health.frequency.minBaselineDays', h?.frequency?.minBaselineDays, LIMITS.baselineDays) && baselineOk && h.frequency.minBaselineDays > h.frequency.baselineDays) {
    p.push({ path: 'health.frequency.minBaselineDays', reason: `health.frequency.minBaselineDays must not exceed health.frequency.baselineDays (${h.frequency.baselineDays})` });
  }
  num(p, 'health.frequency.minExpectedSessions', h?.frequency?.minExpectedSessions, LIMITS.minExpectedSessions, false);
  num(p, 'health.recency.zeroAtDays', h?.recency?.zeroAtDays, LIMITS.windowDays);
  num(p, 'health.trend.windowDays', h?.trend?.windowDays, LIMITS.windowDays);
  num(p, 'health.reliability.windowDays', h?.reliability?.windowDays, LIMITS.windowDays);
  num(p, 'health.reliability.penaltyPerEvent', h?.reliability?.penaltyPerEvent, LIMITS.penaltyPerEvent, false);
  num(p, 'health.usageDrop.windowDays', h?.usageDrop?.windowDays, LIMITS.windowDays);
  num(p, 'health.usageDrop.minDropPercent', h?.usageDrop?.minDropPercent, LIMITS.minDropPercent);
  num(p, 'health.usageDrop.minEarlierSessions', h?.usageDrop?.minEarlierSessions, LIMITS.minEarlierSessions);

  if (typeof s.schedule?.cron !== 'string' || !CRON_PATTERN.test(s.schedule.cron)) {
    p.push({ path: 'schedule.cron', reason: 'schedule.cron must be a cron expression of 5 or 6 fields' });
  }
  num(p, 'schedule.batchSize', s.schedule?.batchSize, LIMITS.batchSize);
  return p;
}
