import { readBgnbdCsv } from './bgnbd-csv';
import { bgnbdLogLikelihood } from './bgnbd-likelihood';
import { CDNOW_SUMMARY, PUBLISHED } from './bgnbd.fixtures';
import { lgamma } from './special-functions';

// FHL 2005 eq. (6) with plain powers and gamma functions: overflows for large x
function naiveLikelihood(p: typeof PUBLISHED, x: number, tx: number, T: number): number {
  const gamma = (n: number) => Math.exp(lgamma(n)); // lgamma itself is checked in special-functions.spec
  const beta = (u: number, v: number) => (gamma(u) * gamma(v)) / gamma(u + v);
  const g = (gamma(p.r + x) * p.alpha ** p.r) / gamma(p.r);
  const first = (beta(p.a, p.b + x) / beta(p.a, p.b)) * (g / (p.alpha + T) ** (p.r + x));
  const second = x > 0 ? (beta(p.a + 1, p.b + x - 1) / beta(p.a, p.b)) * (g / (p.alpha + tx) ** (p.r + x)) : 0;
  return first + second;
}

describe('bgnbdLogLikelihood', () => {
  it('should give the published log-likelihood at the published CDNOW parameters', () => {
    // SOURCE.md: the published parameters give -9582.4268
    expect(bgnbdLogLikelihood(PUBLISHED, readBgnbdCsv(CDNOW_SUMMARY))).toBeCloseTo(-9582.4268, 3);
  });

  it('should equal the direct formula when x is small', () => {
    const p = { r: 1.5, alpha: 2, a: 0.7, b: 3 };
    for (const [x, tx, T] of [
      [0, 0, 10],
      [1, 2.5, 10],
      [3, 9.9, 10],
      [5, 4, 12],
    ]) {
      expect(bgnbdLogLikelihood(p, { x: [x], tx: [tx], T: [T] })).toBeCloseTo(Math.log(naiveLikelihood(p, x, tx, T)), 12);
    }
  });

  it('should stay finite for gym-sized histories (x = 500 over T = 520 weeks)', () => {
    const p = { r: 2, alpha: 1, a: 0.5, b: 10 };
    const ll = bgnbdLogLikelihood(p, { x: [500, 500, 2000], tx: [519, 100, 519.9], T: [520, 520, 520] });
    expect(Number.isFinite(ll)).toBe(true);
    // 40-digit mpmath evaluation of eq. (6); a density in tx, so it may exceed 0
    expect(ll).toBeCloseTo(454.48821174387865, 9);
    // the direct formula cannot even represent Γ(r + x) here
    expect(Number.isFinite(naiveLikelihood(p, 500, 519, 520))).toBe(false);
  });

  it('should treat a weight as that many identical rows', () => {
    const p = { r: 0.5, alpha: 3, a: 0.8, b: 2.5 };
    const weighted = bgnbdLogLikelihood(p, { x: [0, 2, 7], tx: [0, 5, 30], T: [40, 38, 31], weight: [3, 1, 2] });
    const duplicated = bgnbdLogLikelihood(p, { x: [0, 0, 0, 2, 7, 7], tx: [0, 0, 0, 5, 30, 30], T: [40, 40, 40, 38, 31, 31] });
    expect(weighted).toBeCloseTo(duplicated, 10);
  });

  it('should return -Infinity outside the parameter domain and reject bad data', () => {
    expect(bgnbdLogLikelihood({ ...PUBLISHED, r: 0 }, { x: [1], tx: [1], T: [2] })).toBe(-Infinity);
    expect(() => bgnbdLogLikelihood(PUBLISHED, { x: [1], tx: [3], T: [2] })).toThrow(/row 0: recency/);
    expect(() => bgnbdLogLikelihood(PUBLISHED, { x: [1.5], tx: [1], T: [2] })).toThrow(/whole number/);
  });
});
