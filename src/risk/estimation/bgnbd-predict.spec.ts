import { readBgnbdCsv } from './bgnbd-csv';
import { fitBgnbd } from './bgnbd-fit';
import { conditionalExpectedTransactions, expectedTransactions, probabilityAlive, probabilityOfNPurchases, scoreBgnbdClients } from './bgnbd-predict';
import { CDNOW_SUMMARY, PUBLISHED } from './bgnbd.fixtures';

// Check values of the CDNOW sample (test/fixtures/cdnow/SOURCE.md, docs/estimation.md)
describe('BG/NBD predictions', () => {
  const fit = fitBgnbd(readBgnbdCsv(CDNOW_SUMMARY));
  const fitted = { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b };

  it('should give 1.226 expected transactions over 39 weeks for x=2, tx=30.43, T=38.86', () => {
    expect(Math.abs(conditionalExpectedTransactions(PUBLISHED, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(conditionalExpectedTransactions(fitted, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThanOrEqual(0.001);
  });

  it('should give P(alive) 0.7266 for the same customer', () => {
    expect(Math.abs(probabilityAlive(PUBLISHED, 2, 30.43, 38.86) - 0.7266)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(probabilityAlive(fitted, 2, 30.43, 38.86) - 0.7266)).toBeLessThanOrEqual(0.0005);
  });

  it.each([
    [0.1429, 0.0078],
    [1, 0.0532],
    [3, 0.1506],
    [31.8571, 1.0405],
    [32, 1.0437],
    [78, 1.8576],
  ])('should give E[X(%s)] = %s to 3 decimals (Hardie spreadsheet via lifetimes)', (t, expected) => {
    expect(expectedTransactions(fitted, t)).toBeCloseTo(expected, 3);
  });

  it('should give P(X(39) = 0) and P(X(2) = 10) as R BTYD does', () => {
    expect(probabilityOfNPurchases(PUBLISHED, 39, 0)).toBeCloseTo(0.5737864, 7);
    expect(probabilityOfNPurchases(PUBLISHED, 2, 10) / 1.07869e-7).toBeCloseTo(1, 5);
  });

  it.each([
    [26, 30.86, 31, 0.710623],
    [29, 37.71, 38, 0.662396],
    [18, 35.14, 35.86, 0.424877],
  ])('should give the lifetimes Quickstart next-week expectation for x=%s, tx=%s, T=%s', (x, tx, T, expected) => {
    expect(conditionalExpectedTransactions(fitted, 1, x, tx, T)).toBeCloseTo(expected, 6);
  });

  it('should have a pmf that sums to 1 with mean E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const pn = probabilityOfNPurchases(PUBLISHED, 39, n);
      total += pn;
      mean += n * pn;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(expectedTransactions(PUBLISHED, 39), 10);
  });

  it('should reduce to E[X(t)] for a client acquired just now', () => {
    expect(conditionalExpectedTransactions(PUBLISHED, 10, 0, 0, 0)).toBeCloseTo(expectedTransactions(PUBLISHED, 10), 12);
    expect(probabilityAlive(PUBLISHED, 0, 0, 20)).toBe(1);
  });

  it('should stay accurate and finite for gym-sized histories', () => {
    const gym = { r: 2, alpha: 1, a: 0.5, b: 5 };
    // references: mpmath with 40 digits (hyp2f1 and the closed forms)
    expect(conditionalExpectedTransactions(gym, 4, 500, 519, 520)).toBeCloseTo(3.8368082311107496, 10);
    expect(probabilityAlive(gym, 500, 519, 520)).toBeCloseTo(0.9974042117790356, 12);
    expect(expectedTransactions({ ...gym, alpha: 0.01 }, 100)).toBeCloseTo(570.9220390632856, 7);
    // a client who stopped coming 2 years ago after 3000 visits
    const gone = conditionalExpectedTransactions(gym, 4, 3000, 416, 520);
    expect(Number.isFinite(gone)).toBe(true);
    expect(gone).toBeLessThan(1e-6);
    expect(probabilityAlive(gym, 3000, 416, 520)).toBeGreaterThanOrEqual(0);
  });

  it('should be continuous through a = 1, where eq. (7) is 0/0', () => {
    const at = (a: number) => expectedTransactions({ ...PUBLISHED, a }, 10);
    expect(at(1)).toBeCloseTo((at(1 - 1e-4) + at(1 + 1e-4)) / 2, 8);
    expect(Number.isFinite(at(1))).toBe(true);
  });

  it('should score a batch like the per-client functions', () => {
    const x = [0, 2, 26];
    const tx = [0, 30.43, 30.86];
    const T = [38.86, 38.86, 31];
    const scores = scoreBgnbdClients(fitted, 4, x, tx, T);
    for (let i = 0; i < x.length; i++) {
      expect(scores.expected[i]).toBe(conditionalExpectedTransactions(fitted, 4, x[i], tx[i], T[i]));
      expect(scores.pAlive[i]).toBe(probabilityAlive(fitted, x[i], tx[i], T[i]));
    }
  });

  it('should reject invalid arguments', () => {
    expect(() => expectedTransactions({ ...PUBLISHED, b: -1 }, 1)).toThrow(/parameter b/);
    expect(() => expectedTransactions(PUBLISHED, -1)).toThrow(/t must be/);
    expect(() => probabilityAlive(PUBLISHED, 2, 40, 38)).toThrow(/tx must be within/);
    expect(() => probabilityOfNPurchases(PUBLISHED, 1, 1.5)).toThrow(/n must be/);
  });
});
