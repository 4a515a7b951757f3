import { compressBgnbdData } from './bgnbd-data';
import { readBgnbdCsv } from './bgnbd-csv';
import { fitBgnbd } from './bgnbd-fit';
import { BgnbdData, BgnbdFitError } from './bgnbd.types';
import { CDNOW_SUMMARY, PUBLISHED, PUBLISHED_LL } from './bgnbd.fixtures';

const cdnow = readBgnbdCsv(CDNOW_SUMMARY);

describe('fitBgnbd', () => {
  const sut = fitBgnbd(cdnow);

  it('should reproduce the published CDNOW estimates within 1 %', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(sut[k] / PUBLISHED[k] - 1)).toBeLessThan(0.01);
    }
    expect(Math.abs(sut.logLikelihood - PUBLISHED_LL)).toBeLessThanOrEqual(0.1);
    expect(sut.converged).toBe(true);
  });

  it('should agree with the scipy recomputation in SOURCE.md to 5 significant digits', () => {
    expect(sut.r).toBeCloseTo(0.242593, 5);
    expect(sut.alpha).toBeCloseTo(4.413532, 4);
    expect(sut.a).toBeCloseTo(0.792886, 5);
    expect(sut.b).toBeCloseTo(2.425754, 4);
    expect(sut.logLikelihood).toBeCloseTo(-9582.4256, 3);
  });

  it('should be deterministic', () => {
    expect(fitBgnbd(cdnow)).toEqual(sut);
  });

  it('should scale alpha with the time unit and leave r, a, b unchanged', () => {
    const inDays: BgnbdData = { x: cdnow.x, tx: Array.from(cdnow.tx, (v) => v * 7), T: Array.from(cdnow.T, (v) => v * 7) };
    const fit = fitBgnbd(inDays);
    expect(fit.alpha / 7).toBeCloseTo(sut.alpha, 4);
    expect(fit.r).toBeCloseTo(sut.r, 6);
    expect(fit.a).toBeCloseTo(sut.a, 6);
    expect(fit.b).toBeCloseTo(sut.b, 6);
  });

  it('should fit weighted distinct rows like the duplicated rows they stand for', () => {
    const compressed = compressBgnbdData(cdnow);
    expect(compressed.x.length).toBeLessThan(cdnow.x.length);
    const fit = fitBgnbd(compressed);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(fit[k]).toBeCloseTo(sut[k], 6);
    expect(fit.logLikelihood).toBeCloseTo(sut.logLikelihood, 6);
  });

  it('should recover known parameters from gym-like data with hundreds of visits per client', () => {
    const truth = { r: 2, alpha: 1, a: 0.5, b: 10 };
    const data = simulate(truth, 5_000);
    expect(Math.max(...Array.from(data.x))).toBeGreaterThan(500);
    const fit = fitBgnbd(data);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit[k] / truth[k] - 1)).toBeLessThan(0.1);
  });

  it('should throw a clear error when nobody has a repeat transaction', () => {
    const none = { x: [0, 0, 0], tx: [0, 0, 0], T: [10, 20, 30] };
    expect(() => fitBgnbd(none)).toThrow(BgnbdFitError);
    expect(() => fitBgnbd(none)).toThrow(/no client has a repeat transaction/);
  });

  it('should throw on empty data and on rows that break the model', () => {
    expect(() => fitBgnbd({ x: [], tx: [], T: [] })).toThrow(/no clients/);
    expect(() => fitBgnbd({ x: [2], tx: [5], T: [4] })).toThrow(/recency must be within/);
  });
});

// Seeded BG/NBD simulation: λ ~ Gamma(r, alpha), p ~ Beta(a, b), dropout after each repeat visit.
function simulate(p: { r: number; alpha: number; a: number; b: number }, n: number): BgnbdData {
  let s = 12345;
  const u = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * Math.pow(u(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gamma(p.r) / p.alpha;
    const g = gamma(p.a);
    const dropout = g / (g + gamma(p.b));
    const Ti = 5 + 515 * u();
    let t = 0;
    let xi = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(u()) / lambda;
      if (t > Ti) break;
      xi++;
      last = t;
      if (u() < dropout) break;
    }
    x.push(xi);
    tx.push(last);
    T.push(Ti);
  }
  return { x, tx, T };
}
