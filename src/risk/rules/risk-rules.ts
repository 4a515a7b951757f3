import { daysBetween } from '../../common/local-date';
import { RiskAssessment, RiskInput, RiskStatus, RiskTag, RuleContributions } from './risk.types';
import { RiskSettings, absentScore, lowUserScore } from './risk-settings';

export { addDays, daysBetween, localDate } from '../../common/local-date';

// The four rules and the statuses of spec/risk.md as one pure function: the reference the
// set-based SQL pass (src/risk/assessment) is tested against. docs/risk-rules.md explains it.
//
// Cases risk.md leaves open, decided here:
// - registeredOn null (a member by the source's flag with no subscription start): not a New
//   Member, Low User scored (not known to be recent), Absent from the last visit alone, not In
//   Trouble (membership length unknown). Never visited and never registered: Absent not scored.
// - A last visit before registration (a drop-in before the first subscription): Absent and In
//   Trouble count from the later of the two dates. A member is not absent from a membership
//   that had not started, so a new member who once dropped in is not At Risk on day one.
// - Today before registration (a membership starting in the future): whole days since
//   registration are negative: not a New Member (0..24 only), Low User not scored (< 7),
//   Absent 0 days, not In Trouble. A date after today always counts as 0 days since.
// - A manual status holds until the rules produce In Trouble or At Risk, but a manual
//   'suspended' does not hold: Suspended follows the packages. An assessment dated before the
//   override was set (a stale pass) never releases it.

const EMPTY: RuleContributions = { lowUser: 0, absent: 0, newMember: 0 };

function sessionsCount(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sessionsLast7Days must be a non-negative integer, got ${n}`);
  return n;
}

/** Whole days since the later of the last visit and registration; null when neither is known. */
export function daysSinceLastSession(today: string, lastVisitOn: string | null, registeredOn: string | null): number | null {
  const since = [lastVisitOn, registeredOn].filter((d): d is string => d !== null).map((d) => daysBetween(d, today));
  return since.length === 0 ? null : Math.max(0, Math.min(...since));
}

/** The three scored rules and In Trouble, before statuses (shared by assessClient and its tests). */
export function scoreRules(input: RiskInput, s: RiskSettings) {
  const { today, registeredOn, lastVisitOn } = input;
  const sessions = sessionsCount(input.sessionsLast7Days);
  const daysRegistered = registeredOn === null ? null : daysBetween(registeredOn, today);
  const daysAbsent = daysSinceLastSession(today, lastVisitOn, registeredOn);

  const contributions: RuleContributions = {
    lowUser: daysRegistered !== null && daysRegistered < s.lowUser.minDaysRegistered ? 0 : lowUserScore(sessions, s.lowUser.table),
    absent: daysAbsent === null ? 0 : absentScore(daysAbsent, s.absent.bands),
    newMember: daysRegistered !== null && daysRegistered >= 0 && daysRegistered < s.newMember.lessThanDays ? s.newMember.score : 0,
  };
  const inTrouble = daysAbsent !== null && daysRegistered !== null && daysAbsent >= s.inTrouble.minDaysAbsent && daysRegistered >= s.inTrouble.minDaysMember;
  const score = Math.min(s.scoreCap, contributions.lowUser + contributions.absent + contributions.newMember);
  const tags: RiskTag[] = [];
  if (inTrouble) tags.push('in_trouble');
  if (contributions.lowUser > 0) tags.push('low_user');
  if (contributions.absent > 0) tags.push('absent');
  if (contributions.newMember > 0) tags.push('new_member');
  return { contributions, score, tags, inTrouble, daysRegistered, daysAbsent };
}

/**
 * Assesses one client (risk.md): non-members get no status; members without an active package
 * are Suspended and not scored; In Trouble overrides the score; score >= threshold is At Risk;
 * otherwise a Raving Fan or a manual status holds and anyone else is Loving it. Tags name every
 * rule that fired, whatever the status (a Loving it client with 2 sessions keeps `low_user`).
 */
export function assessClient(input: RiskInput, s: RiskSettings): RiskAssessment {
  const ruleReason = input.trigger === 'event' ? 'event' : 'rule';
  if (!input.isMember) return { status: null, tags: [], score: 0, contributions: { ...EMPTY }, reason: ruleReason };
  if (!input.hasActivePackage) return { status: 'suspended', tags: [], score: 0, contributions: { ...EMPTY }, reason: ruleReason };

  const r = scoreRules(input, s);
  const base = { tags: r.tags, score: r.score, contributions: r.contributions };
  const ruleStatus: RiskStatus | null = r.inTrouble ? 'in_trouble' : r.score >= s.atRisk.threshold ? 'at_risk' : null;

  const manual = input.manualOverride;
  const manualHolds = !!manual && manual.status !== 'suspended' && (ruleStatus === null || daysBetween(manual.setOn, input.today) < 0);
  if (manualHolds) return { ...base, status: manual.status, reason: 'manual' };
  if (ruleStatus) return { ...base, status: ruleStatus, reason: ruleReason };
  return { ...base, status: input.currentStatus === 'raving_fan' ? 'raving_fan' : 'loving_it', reason: ruleReason };
}
