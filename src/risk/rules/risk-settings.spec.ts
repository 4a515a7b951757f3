import { DEFAULT_RISK_SETTINGS, RiskSettings, absentScore, lowUserScore, toAssessmentParams } from './risk-settings';
import { RiskSettingsInvalidError, mergeRiskSettings, mergeRiskSettingsOverrides } from './risk-settings-merge';
import { validateRiskSettings } from './risk-settings-validation';

const D = DEFAULT_RISK_SETTINGS;
const copy = (): RiskSettings => JSON.parse(JSON.stringify(D));
const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RiskSettingsInvalidError) return e.problems;
    throw e;
  }
  throw new Error('expected RiskSettingsInvalidError');
};

describe('default risk settings', () => {
  it('should hold the numbers of risk.md', () => {
    expect(D.lowUser).toEqual({
      windowDays: 7,
      minDaysRegistered: 7,
      table: [
        { sessions: 0, score: 50 },
        { sessions: 1, score: 30 },
        { sessions: 2, score: 10 },
        { sessions: 3, score: 0 },
      ],
    });
    expect(D.absent.bands).toEqual([
      { minDays: 0, maxDays: 3, score: 0 },
      { minDays: 4, maxDays: 6, score: 15 },
      { minDays: 7, maxDays: 9, score: 35 },
      { minDays: 10, maxDays: 13, score: 50 },
      { minDays: 14, maxDays: null, score: 75 },
    ]);
    expect(D.newMember).toEqual({ lessThanDays: 25, score: 25 });
    expect(D.inTrouble).toEqual({ minDaysAbsent: 22, minDaysMember: 22 });
    expect(D.atRisk.threshold).toBe(75);
    expect(D.scoreCap).toBe(100);
    expect(D.health.weights).toEqual({ frequency: 35, recency: 25, trend: 15, bookingsAhead: 10, reliability: 5, payments: 10, engagement: 0 });
    expect(D.health.bands).toEqual({ greenMin: 70, yellowMin: 40 });
    expect(D.health.usageDrop).toEqual({ windowDays: 14, minDropPercent: 30, minEarlierSessions: 4 });
    expect(D.schedule).toEqual({ cron: '0 */6 * * *', batchSize: 5000 });
  });

  it('should be valid and frozen', () => {
    expect(validateRiskSettings(D)).toEqual([]);
    expect(Object.isFrozen(D.absent.bands[0])).toBe(true);
  });

  it('should give the SQL pass the same numbers as its own defaults when converted', () => {
    expect(toAssessmentParams(D)).toEqual({
      lowUser: { windowDays: 7, sessions: [0, 1, 2, 3], scores: [50, 30, 10, 0], minDaysRegistered: 7 },
      absent: { minDays: [0, 4, 7, 10, 14], scores: [0, 15, 35, 50, 75] },
      newMember: { maxDays: 24, score: 25 },
      inTrouble: { minDaysAbsent: 22, minDaysMember: 22 },
      atRiskThreshold: 75,
      scoreCap: 100,
    });
  });

  it('should look up the Low User row for a count and the last row for more', () => {
    expect([0, 1, 2, 3, 9].map((n) => lowUserScore(n, D.lowUser.table))).toEqual([50, 30, 10, 0, 0]);
  });

  it('should look up the Absent band for a number of days, negative days as 0', () => {
    expect([-2, 0, 3, 4, 6, 7, 9, 10, 13, 14, 999].map((d) => absentScore(d, D.absent.bands))).toEqual([0, 0, 0, 15, 15, 35, 35, 50, 50, 75, 75]);
  });
});

describe('validateRiskSettings', () => {
  it('should name a band that does not start the day after the previous one', () => {
    const s = copy();
    s.absent.bands[2].minDays = 8;
    expect(validateRiskSettings(s)).toEqual([{ path: 'absent.bands[2].minDays', reason: expect.stringContaining('absent.bands[2].minDays must be 7') }]);
  });

  it('should name a first band that does not start at 0, and a band ending before it starts', () => {
    const s = copy();
    s.absent.bands[0].minDays = 1;
    s.absent.bands[1].maxDays = 3;
    expect(validateRiskSettings(s).map((p) => p.path)).toEqual(['absent.bands[0].minDays', 'absent.bands[1].maxDays', 'absent.bands[2].minDays']);
  });

  it('should require only the last band to be open-ended', () => {
    const s = copy();
    s.absent.bands[4].maxDays = 30;
    s.absent.bands[1].maxDays = null;
    expect(validateRiskSettings(s).map((p) => p.path)).toEqual(expect.arrayContaining(['absent.bands[1].maxDays', 'absent.bands[4].maxDays']));
  });

  it('should name scores out of 0-100 and fractional or negative days', () => {
    const s = copy();
    s.lowUser.table[1].score = 101;
    s.absent.bands[3].score = -5;
    s.lowUser.minDaysRegistered = 6.5;
    expect(validateRiskSettings(s).map((p) => p.path)).toEqual(['lowUser.minDaysRegistered', 'lowUser.table[1].score', 'absent.bands[3].score']);
  });

  it('should require Low User rows for 0, 1, 2 ... sessions within the window', () => {
    const s = copy();
    s.lowUser.table[2].sessions = 5;
    expect(validateRiskSettings(s)).toEqual([{ path: 'lowUser.table[2].sessions', reason: expect.stringContaining('must be 2') }]);
    const t = copy();
    t.lowUser.windowDays = 2;
    expect(validateRiskSettings(t).map((p) => p.path)).toEqual(['lowUser.table']);
  });

  it('should reject weights that are negative or all zero', () => {
    const s = copy();
    s.health.weights.trend = -1;
    expect(validateRiskSettings(s).map((p) => p.path)).toEqual(['health.weights.trend']);
    const z = copy();
    z.health.weights = { frequency: 0, recency: 0, trend: 0, bookingsAhead: 0, reliability: 0, payments: 0, engagement: 0 };
    expect(validateRiskSettings(z)).toEqual([{ path: 'health.weights', reason: 'health.weights must not all be zero' }]);
  });

  it('should reject a threshold above the cap, a yellow band above green and a bad cron', () => {
    const s = copy();
    s.atRisk.threshold = 95;
    s.scoreCap = 90;
    s.health.bands.yellowMin = 70;
    s.schedule.cron = 'every 6 hours';
    expect(validateRiskSettings(s).map((p) => p.path)).toEqual(['atRisk.threshold', 'health.bands.yellowMin', 'schedule.cron']);
  });
});

describe('mergeRiskSettings', () => {
  it('should give a mutable copy of the defaults when nothing is stored or sent', () => {
    const s = mergeRiskSettings(D);
    expect(s).toEqual(D);
    expect(s).not.toBe(D);
    expect(Object.isFrozen(s.absent.bands)).toBe(false);
  });

  it('should apply the stored values, then the patch', () => {
    const s = mergeRiskSettings(D, { atRisk: { threshold: 60 }, health: { weights: { payments: 0 } } }, { atRisk: { threshold: 70 }, newMember: { score: 20 } });
    expect(s.atRisk.threshold).toBe(70);
    expect(s.newMember).toEqual({ lessThanDays: 25, score: 20 });
    expect(s.health.weights).toEqual({ ...D.health.weights, payments: 0 });
  });

  it('should reset a value to its default when the patch sends null', () => {
    const s = mergeRiskSettings(D, { atRisk: { threshold: 60 }, health: { bands: { greenMin: 80, yellowMin: 50 } } }, { atRisk: { threshold: null }, health: { bands: null } });
    expect(s.atRisk.threshold).toBe(75);
    expect(s.health.bands).toEqual({ greenMin: 70, yellowMin: 40 });
  });

  it('should replace a table whole rather than row by row', () => {
    const bands = [
      { minDays: 0, maxDays: 6, score: 0 },
      { minDays: 7, maxDays: null, score: 80 },
    ];
    expect(mergeRiskSettings(D, null, { absent: { bands } }).absent.bands).toEqual(bands);
  });

  it('should drop keys it does not know', () => {
    const s = mergeRiskSettings(D, { legacy: 1, atRisk: { threshold: 70, old: true } } as never);
    expect(s).not.toHaveProperty('legacy');
    expect(s.atRisk).toEqual({ threshold: 70 });
  });

  it('should name by path what is invalid only once stored and patch are merged', () => {
    // greenMin 50 is fine alone, but the stored yellowMin is 60
    const problems = problemsOf(() => mergeRiskSettings(D, { health: { bands: { yellowMin: 60 } } }, { health: { bands: { greenMin: 50 } } }));
    expect(problems).toEqual([{ path: 'health.bands.yellowMin', reason: 'health.bands.yellowMin must be less than health.bands.greenMin (50)' }]);
  });

  it('should carry the problems in a DomainError of code invalid', () => {
    const e = (() => {
      try {
        mergeRiskSettings(D, null, {
          absent: {
            bands: [
              { minDays: 0, maxDays: 3, score: 0 },
              { minDays: 5, maxDays: null, score: 50 },
            ],
          },
        });
      } catch (err) {
        return err as RiskSettingsInvalidError;
      }
    })();
    expect(e).toBeInstanceOf(RiskSettingsInvalidError);
    expect(e?.code).toBe('invalid');
    expect(e?.message).toContain('absent.bands[1].minDays must be 4');
  });

  it('should reject a value of the wrong shape', () => {
    expect(problemsOf(() => mergeRiskSettings(D, null, { scoreCap: '100' } as never)).map((p) => p.path)).toEqual(['scoreCap']);
  });
});

describe('mergeRiskSettingsOverrides', () => {
  it('should keep only what differs from the defaults', () => {
    const stored = mergeRiskSettingsOverrides(D, { atRisk: { threshold: 60 }, scoreCap: 100 }, { newMember: { score: 20 } });
    expect(stored).toEqual({ atRisk: { threshold: 60 }, newMember: { score: 20 } });
    expect(mergeRiskSettings(D, stored)).toEqual({ ...D, atRisk: { threshold: 60 }, newMember: { lessThanDays: 25, score: 20 } });
  });

  it('should forget an override the patch resets', () => {
    expect(mergeRiskSettingsOverrides(D, { atRisk: { threshold: 60 } }, { atRisk: { threshold: null } })).toEqual({});
  });
});
