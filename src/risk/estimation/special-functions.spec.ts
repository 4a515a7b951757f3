import { digamma, lgamma, logAddExp, logistic } from './special-functions';

describe('special functions', () => {
  it('should match log-factorials and known gamma values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(2)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(lgamma(0.001)).toBeCloseTo(6.907178885383853, 13);
    let logFact = 0;
    for (let k = 2; k <= 170; k++) logFact += Math.log(k);
    expect(lgamma(171)).toBeCloseTo(logFact, 10);
  });

  it('should stay finite for arguments far beyond where Γ overflows', () => {
    expect(Number.isFinite(lgamma(1e6))).toBe(true);
    // lgamma(x+1) - lgamma(x) = log(x)
    expect(lgamma(5001.3) - lgamma(5000.3)).toBeCloseTo(Math.log(5000.3), 9);
  });

  it('should match digamma at known points and its recurrence', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 14);
    expect(digamma(100)).toBeCloseTo(4.600161852738087, 14);
    expect(digamma(3.7) - digamma(2.7)).toBeCloseTo(1 / 2.7, 14);
  });

  it('should add in log space and take the logistic without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logistic(800)).toBeGreaterThanOrEqual(0);
    expect(logistic(-800)).toBe(1);
    expect(logistic(0)).toBe(0.5);
  });
});
