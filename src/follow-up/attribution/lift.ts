// Conversion of two independent groups and the confidence interval of their difference
// (docs/follow-up.md "Statistics"). Pure functions, no I/O.

/** The standard normal quantile for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson's score interval for a binomial proportion x / n (Wilson 1927; Newcombe 1998a,
 * method 3). Stays inside [0, 1] and behaves at x = 0 and x = n, unlike the Wald interval.
 */
export function wilsonInterval(x: number, n: number, z = Z95): Interval {
  checkCounts(x, n);
  if (n === 0) return { lower: 0, upper: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // exact at the edges: rounding must not push 0 / n above 0 or n / n below 1
  return { lower: x === 0 ? 0 : (centre - spread) / denominator, upper: x === n ? 1 : (centre + spread) / denominator };
}

interface Difference extends Interval {
  /** p1 - p2 */
  estimate: number;
}

/**
 * Newcombe's hybrid score interval for p1 - p2 of two independent proportions (Newcombe 1998b,
 * method 10): the Wilson intervals (l1, u1) and (l2, u2) combined as
 *   lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),  upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
 * Good coverage for small samples and proportions near 0 or 1, no iteration.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Difference | null {
  checkCounts(x1, n1);
  checkCounts(x2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, z);
  const w2 = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    lower: Math.max(-1, d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2)),
    upper: Math.min(1, d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2)),
  };
}

export interface Group {
  /** clients (exposures) in the group */
  n: number;
  /** of them, converted */
  converted: number;
}

/** Below this many clients in a group, or conversions / non-conversions, a lift is flagged as a small sample. */
const SMALL_SAMPLE = { minGroup: 30, minEvents: 5 } as const;

export interface Lift {
  /** absolute lift: conversion rate of the first group minus the second's */
  estimate: number;
  /** 95 % interval of the lift (Newcombe hybrid score) */
  lower: number;
  upper: number;
  /** the point estimate is below zero */
  negative: boolean;
  /** the whole interval is below zero: the action itself lowered conversion */
  significantlyNegative: boolean;
  /** the whole interval is above zero */
  significantlyPositive: boolean;
  /** a group is too small for the interval to mean much (see SMALL_SAMPLE) */
  smallSample: boolean;
}

/** Lift of `treated` over `control`; null when either group is empty. */
export function liftOf(treated: Group, control: Group, z = Z95): Lift | null {
  const d = newcombeDifference(treated.converted, treated.n, control.converted, control.n, z);
  if (!d) return null;
  return {
    estimate: d.estimate,
    lower: d.lower,
    upper: d.upper,
    negative: d.estimate < 0,
    significantlyNegative: d.upper < 0,
    significantlyPositive: d.lower > 0,
    smallSample: isSmallSample(treated) || isSmallSample(control),
  };
}

export function isSmallSample(g: Group): boolean {
  return g.n < SMALL_SAMPLE.minGroup || g.converted < SMALL_SAMPLE.minEvents || g.n - g.converted < SMALL_SAMPLE.minEvents;
}

/** Median of numbers (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function checkCounts(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n < 0 || x < 0 || x > n) throw new RangeError(`invalid counts ${x} / ${n}`);
}
