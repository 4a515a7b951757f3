import { LocalDate } from './risk.types';
import { DEFAULT_RISK_SETTINGS, HEALTH_SIGNALS, HealthSettings, HealthSignal, HealthWeights } from './risk-settings';
import { daysBetween } from '../../common/local-date';
import { daysSinceLastSession } from './risk-rules';

// The health score of spec/risk.md: six signals, each normalised to 0-100, weighted per business
// (weights renormalised to sum 1), shown as a band, and a seventh, engagement with messages,
// weighing 0 (left out) unless the business gives it weight. docs/risk-rules.md defines each signal.

export type HealthBand = 'green' | 'yellow' | 'red';

/** One client's health inputs on one day. Session counts are unique visit days. */
export interface HealthInput {
  today: LocalDate;
  registeredOn: LocalDate | null;
  lastVisitOn: LocalDate | null;
  /** Sessions in the frequency.windowDays (28) days ending today. */
  sessionsLast28Days: number;
  /** Sessions on or after registration in the frequency.baselineDays (182) days before that window. */
  baselineSessions: number;
  /** The business's median sessions per 28 days among members with a full baseline; null when unknown. */
  businessMedianSessions28: number | null;
  /** Sessions in the trend.windowDays (14) days ending today, and in the 14 days before. */
  sessionsLast14Days: number;
  sessionsPrevious14Days: number;
  /** Has a booking after now; null when the business has no bookings (signal left out). */
  hasFutureBooking: boolean | null;
  /** Active (not excused) no-shows and late cancellations in reliability.windowDays (60) days. */
  noShows: number;
  lateCancellations: number;
  /** Open invoices past their due date; null when the business has no invoice data (signal left out). */
  overdueInvoices: number | null;
  /** Messages sent to the client in the ENGAGEMENT_WINDOW_DAYS days ending today (not failed, not blocked); default 0. */
  messagesLast90Days?: number;
  /** Of those, messages the client clicked a link of or replied to; default 0. */
  engagedMessagesLast90Days?: number;
}

/** The engagement signal looks at messages of this many days (docs/risk-engine.md). */
export const ENGAGEMENT_WINDOW_DAYS = 90;
/** The engagement signal of a client who received no message in the window: no evidence either way. */
export const ENGAGEMENT_NEUTRAL = 50;

/** engagement is absent (not even null) while its weight is 0: it is left out and stored rows stay as they were. */
type HealthSignals = Record<Exclude<HealthSignal, 'engagement'>, number | null> & { engagement?: number };
type HealthContributions = Omit<HealthWeights, 'engagement'> & { engagement?: number };

interface HealthResult {
  /** Integer 0-100: the rounded sum of the contributions. */
  score: number;
  band: HealthBand;
  /** Each signal normalised to 0-100; null when the signal is unknown and left out. */
  signals: HealthSignals;
  /** Weighted points per signal (signal x normalised weight); they add up to the unrounded score. */
  contributions: HealthContributions;
  /** The weights applied, normalised to sum 1 over the known signals. */
  weights: HealthContributions;
  /** Expected sessions in the current frequency window (the frequency signal's denominator). */
  expectedSessions: number;
}

function count(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  return n;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Sessions the client would have in the current window by their own habit: the baseline rate
 * over the baseline days they were registered (at least minBaselineDays of them), or else the
 * business median; scaled to the part of the current window they were registered; floored at
 * minExpectedSessions.
 */
export function expectedSessions(input: HealthInput, h: HealthSettings): number {
  const { windowDays: F, baselineDays: B, minBaselineDays, minExpectedSessions } = h.frequency;
  const daysRegistered = input.registeredOn === null ? null : daysBetween(input.registeredOn, input.today);
  const observedBaseline = daysRegistered === null ? B : clamp(daysRegistered - F + 1, 0, B);
  const observedCurrent = daysRegistered === null ? F : clamp(daysRegistered + 1, 0, F);
  const per28 = observedBaseline >= minBaselineDays ? (count('baselineSessions', input.baselineSessions) * F) / observedBaseline : Math.max(0, input.businessMedianSessions28 ?? 0);
  return Math.max(minExpectedSessions, (per28 * observedCurrent) / F);
}

function frequencySignal(input: HealthInput, h: HealthSettings): number {
  return Math.min(100, (100 * count('sessionsLast28Days', input.sessionsLast28Days)) / expectedSessions(input, h));
}

/** 100 with a session today, falling linearly to 0 at zeroAtDays; never visited nor registered: 0. */
function recencySignal(input: HealthInput, h: HealthSettings): number {
  const days = daysSinceLastSession(input.today, input.lastVisitOn, input.registeredOn);
  return days === null ? 0 : Math.max(0, 100 * (1 - days / h.recency.zeroAtDays));
}

/** 50 x recent / earlier, capped at 100: 50 when equal, 100 at double or more, 0 when none now; 50 when both 0, 100 when only recent. */
export function trendSignal(recent: number, earlier: number): number {
  count('sessionsLast14Days', recent);
  count('sessionsPrevious14Days', earlier);
  if (earlier === 0) return recent === 0 ? 50 : 100;
  return Math.min(100, (50 * recent) / earlier);
}

/** 100 x engaged / messages over the window; ENGAGEMENT_NEUTRAL when the client received none. */
export function engagementSignal(messages: number, engaged: number): number {
  count('messagesLast90Days', messages);
  if (count('engagedMessagesLast90Days', engaged) > messages) throw new RangeError(`engagedMessagesLast90Days (${engaged}) exceeds messagesLast90Days (${messages})`);
  return messages === 0 ? ENGAGEMENT_NEUTRAL : (100 * engaged) / messages;
}

function healthSignals(input: HealthInput, h: HealthSettings): HealthSignals {
  const events = count('noShows', input.noShows) + count('lateCancellations', input.lateCancellations);
  const engagement = h.weights.engagement > 0 ? { engagement: engagementSignal(input.messagesLast90Days ?? 0, input.engagedMessagesLast90Days ?? 0) } : {};
  return {
    frequency: frequencySignal(input, h),
    recency: recencySignal(input, h),
    trend: trendSignal(input.sessionsLast14Days, input.sessionsPrevious14Days),
    bookingsAhead: input.hasFutureBooking === null ? null : input.hasFutureBooking ? 100 : 0,
    reliability: Math.max(0, 100 - h.reliability.penaltyPerEvent * events),
    payments: input.overdueInvoices === null ? null : count('overdueInvoices', input.overdueInvoices) === 0 ? 100 : 0,
    ...engagement,
  };
}

/** The signals a result carries: the six, and engagement while it has weight. */
const carried = (signals: HealthSignals) => HEALTH_SIGNALS.filter((k) => k !== 'engagement' || signals.engagement !== undefined);
const signalOf = (signals: HealthSignals, k: HealthSignal): number | null => (k === 'engagement' ? (signals.engagement ?? null) : signals[k]);

export function healthBand(score: number, h: HealthSettings): HealthBand {
  return score >= h.bands.greenMin ? 'green' : score >= h.bands.yellowMin ? 'yellow' : 'red';
}

/** Weights normalised to sum 1 over the known signals (equal shares if those all weigh 0). */
function normaliseWeights(weights: HealthWeights, signals: HealthSignals): HealthContributions {
  const keys = carried(signals);
  const known = keys.filter((k) => signalOf(signals, k) !== null);
  const total = known.reduce((sum, k) => sum + weights[k], 0);
  return Object.fromEntries(keys.map((k) => [k, signalOf(signals, k) === null ? 0 : total > 0 ? weights[k] / total : 1 / known.length])) as HealthContributions;
}

export function healthScore(input: HealthInput, settings: { health: HealthSettings }): HealthResult {
  const h = settings.health;
  const signals = healthSignals(input, h);
  const weights = normaliseWeights(h.weights, signals);
  const keys = carried(signals);
  const contributions = Object.fromEntries(keys.map((k) => [k, (signalOf(signals, k) ?? 0) * weights[k as keyof HealthContributions]!])) as HealthContributions;
  const sum = keys.reduce((acc, k) => acc + contributions[k as keyof HealthContributions]!, 0);
  // round away float noise first (69.4999999 from 69.5), then to an integer, half up
  const score = clamp(Math.round(Math.round(sum * 1e6) / 1e6), 0, 100);
  return { score, band: healthBand(score, h), signals, contributions, weights, expectedSessions: expectedSessions(input, h) };
}

// Triggers for automations.

interface UsageWindows {
  /** Sessions in the last usageDrop.windowDays (14) days, and in the 14 days before. */
  recentSessions: number;
  earlierSessions: number;
}

/** What the caller stores after each computation to tell changes apart next time. */
interface HealthTriggerState {
  band: HealthBand;
  usageDropped: boolean;
}

type HealthTrigger = { type: 'band_changed'; from: HealthBand; to: HealthBand; score: number } | { type: 'usage_drop'; recentSessions: number; earlierSessions: number; dropPercent: number };

/** Recent sessions at least minDropPercent % below the earlier window, with at least minEarlierSessions earlier. */
export function isUsageDrop(usage: UsageWindows, h: HealthSettings = DEFAULT_RISK_SETTINGS.health): boolean {
  const recent = count('recentSessions', usage.recentSessions);
  const earlier = count('earlierSessions', usage.earlierSessions);
  const { minDropPercent, minEarlierSessions } = h.usageDrop;
  // integer comparison: recent <= earlier x (1 - pct/100) without float error at the boundary
  return earlier >= minEarlierSessions && 100 * recent <= (100 - minDropPercent) * earlier;
}

/**
 * Events since the previous computation: band_changed when the band differs (none on the first
 * computation), usage_drop when usage has just dropped (it fires once, when the drop begins,
 * not at every pass while it lasts). Store { band, usageDropped: isUsageDrop(usage) } for next time.
 */
export function healthTriggers(
  previous: HealthTriggerState | null,
  current: Pick<HealthResult, 'band' | 'score'>,
  usage: UsageWindows,
  settings: { health: HealthSettings } = DEFAULT_RISK_SETTINGS,
): HealthTrigger[] {
  const events: HealthTrigger[] = [];
  if (previous && previous.band !== current.band) events.push({ type: 'band_changed', from: previous.band, to: current.band, score: current.score });
  if (isUsageDrop(usage, settings.health) && !previous?.usageDropped) {
    const { recentSessions, earlierSessions } = usage;
    events.push({ type: 'usage_drop', recentSessions, earlierSessions, dropPercent: Math.round((100 * (earlierSessions - recentSessions)) / earlierSessions) });
  }
  return events;
}
