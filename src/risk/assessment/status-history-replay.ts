import { DataSource } from 'typeorm';
import { addDays, daysBetween } from '../../common/local-date';
import { mergeRiskSettings, RiskSettingsPatch } from '../rules/risk-settings-merge';
import { DEFAULT_RISK_SETTINGS, toAssessmentParams } from '../rules/risk-settings';
import { AssessmentParams } from './assessment-sql';
import { RiskAssessmentRepository } from './risk-assessment.repository';
import { RiskRunRepository } from './risk-run.repository';

interface StatusReplayOptions {
  businessId: string;
  /** First and last local day (YYYY-MM-DD) a replayed pass runs on, both included. */
  from: string;
  to: string;
  /** The rule numbers; default: the business's own risk settings. */
  params?: AssessmentParams;
  /** Days between replayed passes, counted back from `to` (default 7). */
  everyDays?: number;
  batchSize?: number;
  /** Id ranges replayed at once, each on its own connection (default 2). */
  connections?: number;
}

interface StatusReplayResult {
  days: string[];
  statements: number;
  changes: number;
  seconds: number;
}

/**
 * The days a replay passes on: every `everyDays` days back from `to`, and the last day of every
 * month in the range (so a month-end status mix reads a pass of that month's last day), in
 * order, each once.
 */
export function replayDays(from: string, to: string, everyDays = 7): string[] {
  if (!(everyDays >= 1)) throw new RangeError(`everyDays must be at least 1, got ${everyDays}`);
  if (daysBetween(from, to) < 0) return [];
  const days = new Set<string>();
  for (let d = to; daysBetween(from, d) >= 0; d = addDays(d, -everyDays)) days.add(d);
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) if (addDays(d, 1).endsWith('-01')) days.add(d);
  return [...days].sort();
}

/**
 * Builds a business's status history by replaying the risk rules as of past days
 * (docs/risk-engine.md "Status history"): for each replay day in order, the set-based
 * assessment runs as a scheduled pass at local midnight at the start of that day would have
 * (assessmentSql 'asOf': visits before the day, packages active on it), writing client_status
 * and one status_change per change at that midnight. Events are not published: this is history.
 *
 * Each id range is replayed day by day on one connection; ranges run side by side (a client's
 * passes only depend on its own earlier status). Meant for a business without statuses yet
 * (generated demo data): it refuses one that has any, since a replayed pass never overwrites
 * a status computed from newer inputs.
 */
export async function replayStatusHistory(ds: DataSource, opts: StatusReplayOptions): Promise<StatusReplayResult> {
  const started = Date.now();
  const [{ taken }] = await ds.query(`SELECT EXISTS (SELECT 1 FROM client_status WHERE business_id = $1) OR EXISTS (SELECT 1 FROM status_change WHERE business_id = $1) AS taken`, [opts.businessId]);
  if (taken) throw new Error(`business ${opts.businessId} already has statuses; a status history is replayed only into a business without any`);
  const params = opts.params ?? (await businessParams(ds, opts.businessId));
  const days = replayDays(opts.from, opts.to, opts.everyDays ?? 7);
  const ranges = await new RiskRunRepository(ds).ranges(opts.businessId, opts.batchSize ?? 5000);
  const repo = new RiskAssessmentRepository(ds);
  let next = 0;
  let statements = 0;
  let changes = 0;
  const worker = async () => {
    try {
      for (let r = ranges[next++]; r; r = ranges[next++]) {
        for (const day of days) {
          const result = await repo.assess(opts.businessId, r, params, { asOf: day, reason: 'rule' });
          statements++;
          changes += result.changes.length;
        }
      }
    } catch (e) {
      next = ranges.length; // the other connections stop after their current range
      throw e;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.connections ?? 2, ranges.length)) }, worker));
  return { days, statements, changes, seconds: Math.round((Date.now() - started) / 10) / 100 };
}

async function businessParams(ds: DataSource, businessId: string): Promise<AssessmentParams> {
  const [row] = await ds.query(`SELECT settings -> 'risk' AS risk FROM business WHERE id = $1`, [businessId]);
  if (!row) throw new Error(`business ${businessId} not found`);
  return toAssessmentParams(mergeRiskSettings(DEFAULT_RISK_SETTINGS, row.risk as RiskSettingsPatch | null));
}
