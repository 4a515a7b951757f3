import { HealthInput, healthBand, healthScore, healthTriggers, isUsageDrop, trendSignal } from './health-score';
import { DEFAULT_RISK_SETTINGS, RiskSettings } from './risk-settings';

const S = DEFAULT_RISK_SETTINGS;
const H = S.health;
const TODAY = '2026-03-31';

/** A regular: 8 sessions in 28 days, 52 in the 182 days before (8 per 28 days), came yesterday. */
function client(over: Partial<HealthInput> = {}): HealthInput {
  return {
    today: TODAY,
    registeredOn: '2025-01-01',
    lastVisitOn: '2026-03-30',
    sessionsLast28Days: 8,
    baselineSessions: 52,
    businessMedianSessions28: 6,
    sessionsLast14Days: 4,
    sessionsPrevious14Days: 4,
    hasFutureBooking: true,
    noShows: 1,
    lateCancellations: 0,
    overdueInvoices: 0,
    ...over,
  };
}
const settings = (patch: (s: RiskSettings) => void): RiskSettings => {
  const s = JSON.parse(JSON.stringify(S)) as RiskSettings;
  patch(s);
  return s;
};

describe('healthScore examples', () => {
  it('should score a regular on their usual habit 90 (green)', () => {
    const r = healthScore(client(), S);
    expect(r.signals).toEqual({ frequency: 100, recency: expect.closeTo(96.6667, 4), trend: 50, bookingsAhead: 100, reliability: 75, payments: 100 });
    expect(r.contributions.frequency).toBeCloseTo(35, 9);
    expect(r.contributions.recency).toBeCloseTo(24.1667, 4);
    expect(r.contributions.trend).toBeCloseTo(7.5, 9);
    expect(r.contributions.bookingsAhead).toBeCloseTo(10, 9);
    expect(r.contributions.reliability).toBeCloseTo(3.75, 9);
    expect(r.contributions.payments).toBeCloseTo(10, 9);
    expect(r.expectedSessions).toBeCloseTo(8, 9);
    expect(r).toMatchObject({ score: 90, band: 'green' });
  });

  it('should score a slipping client 26 (red) when everything points down', () => {
    const r = healthScore(
      client({ sessionsLast28Days: 2, lastVisitOn: '2026-03-19', sessionsLast14Days: 0, sessionsPrevious14Days: 2, hasFutureBooking: false, noShows: 0, lateCancellations: 2, overdueInvoices: 1 }),
      S,
    );
    expect(r.signals).toEqual({ frequency: 25, recency: 60, trend: 0, bookingsAhead: 0, reliability: 50, payments: 0 });
    expect(r.contributions.frequency + r.contributions.recency + r.contributions.reliability).toBeCloseTo(26.25, 9);
    expect(r).toMatchObject({ score: 26, band: 'red' });
  });

  it('should score a new member against the business median, leaving unknown signals out: 65 (yellow)', () => {
    // registered 20 days ago: no baseline, median 8 per 28 days scaled to 21 days = 6 expected, 2 done
    const r = healthScore(
      client({
        registeredOn: '2026-03-11',
        lastVisitOn: '2026-03-25',
        sessionsLast28Days: 2,
        baselineSessions: 0,
        businessMedianSessions28: 8,
        sessionsLast14Days: 2,
        sessionsPrevious14Days: 1,
        hasFutureBooking: null,
        noShows: 0,
        overdueInvoices: null,
      }),
      S,
    );
    expect(r.expectedSessions).toBeCloseTo(6, 9);
    expect(r.signals).toEqual({ frequency: expect.closeTo(33.3333, 4), recency: 80, trend: 100, bookingsAhead: null, reliability: 100, payments: null });
    expect(r.weights).toEqual({ frequency: 35 / 80, recency: 25 / 80, trend: 15 / 80, bookingsAhead: 0, reliability: 5 / 80, payments: 0 });
    expect(r.contributions.bookingsAhead).toBe(0);
    expect(r).toMatchObject({ score: 65, band: 'yellow' });
  });

  it('should give the same score when every weight is scaled', () => {
    const doubled = settings((s) => Object.keys(s.health.weights).forEach((k) => (s.health.weights[k as 'trend'] *= 2)));
    expect(healthScore(client(), doubled)).toEqual(healthScore(client(), S));
  });

  it('should weigh the known signals equally when every known one weighs zero', () => {
    const s = settings((x) => (x.health.weights = { frequency: 0, recency: 0, trend: 0, bookingsAhead: 1, reliability: 0, payments: 1, engagement: 0 }));
    const r = healthScore(client({ hasFutureBooking: null, overdueInvoices: null }), s);
    expect(r.weights.frequency).toBeCloseTo(0.25, 9);
    expect(r.score).toBe(Math.round((100 + 96.6667 + 50 + 75) / 4));
  });

  it('should round half up at a band boundary (69.5 -> 70, green)', () => {
    const s = settings((x) => {
      x.health.weights = { frequency: 0, recency: 1, trend: 0, bookingsAhead: 0, reliability: 0, payments: 0, engagement: 0 };
      x.health.recency.zeroAtDays = 200;
    });
    const r = healthScore(client({ lastVisitOn: '2026-01-29' }), s); // 61 days: 100 x (1 - 61/200) = 69.5
    expect(r.signals.recency).toBeCloseTo(69.5, 9);
    expect(r).toMatchObject({ score: 70, band: 'green' });
  });
});

describe('health signals', () => {
  const sig = (over: Partial<HealthInput>, s: RiskSettings = S) => healthScore(client(over), s).signals;

  it('should cap frequency at 100 above the own average and scale it below', () => {
    expect(sig({ sessionsLast28Days: 12 }).frequency).toBe(100);
    expect(sig({ sessionsLast28Days: 4 }).frequency).toBe(50);
    expect(sig({ sessionsLast28Days: 0 }).frequency).toBe(0);
  });

  it('should use the observed part of the baseline for a member registered 4 months ago', () => {
    // registered 2025-11-30: 121 days; baseline days observed = 121 - 28 + 1 = 94; 47 sessions -> 14 per 28 days
    expect(healthScore(client({ registeredOn: '2025-11-30', baselineSessions: 47, sessionsLast28Days: 7 }), S).expectedSessions).toBeCloseTo(14, 9);
    expect(sig({ registeredOn: '2025-11-30', baselineSessions: 47, sessionsLast28Days: 7 }).frequency).toBeCloseTo(50, 9);
  });

  it('should use the business median when fewer than 28 baseline days are observed', () => {
    // registered 54 days ago: 27 baseline days, median 6
    expect(healthScore(client({ registeredOn: '2026-02-05', baselineSessions: 20, businessMedianSessions28: 6 }), S).expectedSessions).toBeCloseTo(6, 9);
    // registered 55 days ago: 28 baseline days, own rate 20 per 28
    expect(healthScore(client({ registeredOn: '2026-02-04', baselineSessions: 20, businessMedianSessions28: 6 }), S).expectedSessions).toBeCloseTo(20, 9);
  });

  it('should floor the expected sessions at minExpectedSessions', () => {
    expect(sig({ baselineSessions: 0, sessionsLast28Days: 1 }).frequency).toBe(100);
    expect(sig({ baselineSessions: 0, sessionsLast28Days: 0 }).frequency).toBe(0);
    expect(sig({ registeredOn: TODAY, businessMedianSessions28: null, sessionsLast28Days: 0 }).frequency).toBe(0);
  });

  it('should treat an unknown registration as a full baseline', () => {
    expect(healthScore(client({ registeredOn: null, baselineSessions: 26 }), S).expectedSessions).toBeCloseTo(4, 9);
  });

  it.each([
    ['2026-03-31', 100],
    ['2026-03-16', 50],
    ['2026-03-01', 0],
    ['2026-01-01', 0],
  ])('should score recency of a last session on %s as %i', (lastVisitOn, score) => {
    expect(sig({ lastVisitOn }).recency).toBeCloseTo(score, 9);
  });

  it('should score recency 0 when neither a visit nor registration is known, and count from registration otherwise', () => {
    expect(sig({ lastVisitOn: null, registeredOn: null }).recency).toBe(0);
    expect(sig({ lastVisitOn: null, registeredOn: '2026-03-25' }).recency).toBeCloseTo(80, 9);
  });

  it.each([
    [4, 4, 50],
    [8, 4, 100],
    [12, 4, 100],
    [2, 4, 25],
    [0, 4, 0],
    [0, 0, 50],
    [3, 0, 100],
  ])('should score trend %i recent against %i earlier as %i', (recent, earlier, score) => {
    expect(trendSignal(recent, earlier)).toBe(score);
  });

  it.each([
    [0, 0, 100],
    [1, 0, 75],
    [1, 1, 50],
    [3, 1, 0],
    [5, 2, 0],
  ])('should score reliability %i no-shows and %i late cancellations as %i', (noShows, lateCancellations, score) => {
    expect(sig({ noShows, lateCancellations }).reliability).toBe(score);
  });

  it('should score payments 100 with no overdue invoice and 0 with any', () => {
    expect(sig({ overdueInvoices: 0 }).payments).toBe(100);
    expect(sig({ overdueInvoices: 3 }).payments).toBe(0);
  });

  it('should reject negative counts', () => {
    expect(() => healthScore(client({ noShows: -1 }), S)).toThrow(RangeError);
    expect(() => healthScore(client({ sessionsLast28Days: 2.5 }), S)).toThrow(RangeError);
  });
});

describe('healthBand', () => {
  it.each([
    [100, 'green'],
    [70, 'green'],
    [69, 'yellow'],
    [40, 'yellow'],
    [39, 'red'],
    [0, 'red'],
  ])('should put a score of %i in %s', (score, band) => {
    expect(healthBand(score, H)).toBe(band);
  });
});

describe('healthTriggers', () => {
  const none = { recentSessions: 4, earlierSessions: 4 };

  it('should emit nothing on the first computation when usage holds', () => {
    expect(healthTriggers(null, { band: 'yellow', score: 50 }, none, S)).toEqual([]);
  });

  it('should emit band_changed when the band changes', () => {
    expect(healthTriggers({ band: 'green', usageDropped: false }, { band: 'yellow', score: 65 }, none, S)).toEqual([{ type: 'band_changed', from: 'green', to: 'yellow', score: 65 }]);
  });

  it('should emit nothing when the band stays', () => {
    expect(healthTriggers({ band: 'green', usageDropped: false }, { band: 'green', score: 71 }, none, S)).toEqual([]);
  });

  it('should emit usage_drop when sessions fell exactly 30 % from 10 to 7', () => {
    expect(healthTriggers({ band: 'green', usageDropped: false }, { band: 'green', score: 75 }, { recentSessions: 7, earlierSessions: 10 }, S)).toEqual([
      { type: 'usage_drop', recentSessions: 7, earlierSessions: 10, dropPercent: 30 },
    ]);
  });

  it('should emit usage_drop on the first computation too', () => {
    expect(healthTriggers(null, { band: 'red', score: 20 }, { recentSessions: 0, earlierSessions: 4 }, S)).toEqual([{ type: 'usage_drop', recentSessions: 0, earlierSessions: 4, dropPercent: 100 }]);
  });

  it('should not emit usage_drop again while the drop lasts', () => {
    expect(healthTriggers({ band: 'green', usageDropped: true }, { band: 'green', score: 75 }, { recentSessions: 2, earlierSessions: 10 }, S)).toEqual([]);
  });

  it('should emit both events together', () => {
    const events = healthTriggers({ band: 'green', usageDropped: false }, { band: 'yellow', score: 55 }, { recentSessions: 2, earlierSessions: 6 }, S);
    expect(events.map((e) => e.type)).toEqual(['band_changed', 'usage_drop']);
  });

  it.each([
    [7, 10, true],
    [8, 10, false],
    [2, 4, true],
    [3, 4, false],
    [0, 3, false],
    [0, 0, false],
    [14, 20, true],
  ])('should judge %i recent against %i earlier sessions as a drop: %s', (recentSessions, earlierSessions, drop) => {
    expect(isUsageDrop({ recentSessions, earlierSessions }, H)).toBe(drop);
  });
});
