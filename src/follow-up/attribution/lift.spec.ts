import { isSmallSample, liftOf, median, newcombeDifference, wilsonInterval } from './lift';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('wilsonInterval', () => {
  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion", Table I, method 3
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('should give the published score interval for %i/%i', (x, n, lower, upper) => {
    const w = wilsonInterval(x, n);
    expect([r4(w.lower), r4(w.upper)]).toEqual([lower, upper]);
  });

  it('should be exactly [0, 1]-bounded at x = 0 and x = n', () => {
    expect(wilsonInterval(0, 5).lower).toBe(0);
    expect(wilsonInterval(5, 5).upper).toBe(1);
  });

  it('should refuse impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });
});

describe('newcombeDifference', () => {
  // Newcombe (1998b), "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Statistics in Medicine 17:873-890, Table II, method 10
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [6, 7, 2, 7, 0.5714, 0.0582, 0.8062],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
    [0, 10, 0, 10, 0, -0.2775, 0.2775],
  ])('should give the published hybrid score interval for %i/%i - %i/%i', (x1, n1, x2, n2, d, lower, upper) => {
    const r = newcombeDifference(x1, n1, x2, n2)!;
    expect([r4(r.estimate), r4(r.lower), r4(r.upper)]).toEqual([d, lower, upper]);
  });

  it('should mirror when the groups swap', () => {
    const a = newcombeDifference(56, 70, 48, 80)!;
    const b = newcombeDifference(48, 80, 56, 70)!;
    expect(b.estimate).toBeCloseTo(-a.estimate, 12);
    expect(b.lower).toBeCloseTo(-a.upper, 12);
    expect(b.upper).toBeCloseTo(-a.lower, 12);
  });

  it('should be null when a group is empty', () => {
    expect(newcombeDifference(0, 0, 3, 10)).toBeNull();
    expect(newcombeDifference(3, 10, 0, 0)).toBeNull();
  });
});

describe('liftOf', () => {
  it('should flag a negative point estimate and, separately, an interval entirely below zero', () => {
    const slight = liftOf({ n: 100, converted: 18 }, { n: 100, converted: 20 })!;
    expect(slight.negative).toBe(true);
    expect(slight.significantlyNegative).toBe(false);
    const harmful = liftOf({ n: 2000, converted: 300 }, { n: 2000, converted: 500 })!;
    expect(harmful).toMatchObject({ negative: true, significantlyNegative: true, significantlyPositive: false, smallSample: false });
    expect(harmful.upper).toBeLessThan(0);
  });

  it('should flag a clearly positive lift', () => {
    const l = liftOf({ n: 2000, converted: 600 }, { n: 2000, converted: 400 })!;
    expect(l).toMatchObject({ negative: false, significantlyNegative: false, significantlyPositive: true });
    expect(l.estimate).toBeCloseTo(0.1, 12);
    expect(l.lower).toBeGreaterThan(0);
  });

  it('should flag small samples: under 30 clients, or under 5 conversions or non-conversions in a group', () => {
    expect(isSmallSample({ n: 29, converted: 10 })).toBe(true);
    expect(isSmallSample({ n: 100, converted: 4 })).toBe(true);
    expect(isSmallSample({ n: 100, converted: 96 })).toBe(true);
    expect(isSmallSample({ n: 30, converted: 5 })).toBe(false);
    expect(liftOf({ n: 1000, converted: 300 }, { n: 20, converted: 4 })!.smallSample).toBe(true);
  });

  it('should be null without a control group', () => {
    expect(liftOf({ n: 100, converted: 30 }, { n: 0, converted: 0 })).toBeNull();
  });
});

describe('median', () => {
  it('should take the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});
