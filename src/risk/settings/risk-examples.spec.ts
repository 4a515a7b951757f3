import { DEFAULT_RISK_SETTINGS, RiskSettings } from '../rules/risk-settings';
import { WORKED_EXAMPLES_TODAY, workedExamples } from './risk-examples';

const withSettings = (patch: (s: RiskSettings) => void): RiskSettings => {
  const s = JSON.parse(JSON.stringify(DEFAULT_RISK_SETTINGS)) as RiskSettings;
  patch(s);
  return s;
};

describe("workedExamples: risk.md's worked examples under any settings", () => {
  it("should reproduce risk.md's four worked examples with the default settings", () => {
    const r = workedExamples(DEFAULT_RISK_SETTINGS);
    expect(r.today).toBe('2026-03-31');
    expect(r.today).toBe(WORKED_EXAMPLES_TODAY);
    expect(r.examples).toEqual([
      {
        key: 'new_member_no_visits',
        input: { registeredOn: '2026-03-20', lastVisitOn: null, sessionsLast7Days: 0, daysRegistered: 11, daysSinceLastSession: 11 },
        status: 'at_risk',
        tags: ['low_user', 'absent', 'new_member'],
        score: 100,
        scores: { lowUser: 50, absent: 50, newMember: 25 },
        inTrouble: false,
      },
      {
        key: 'absent_10_days',
        input: { registeredOn: '2025-06-01', lastVisitOn: '2026-03-21', sessionsLast7Days: 0, daysRegistered: 303, daysSinceLastSession: 10 },
        status: 'at_risk',
        tags: ['low_user', 'absent'],
        score: 100,
        scores: { lowUser: 50, absent: 50, newMember: 0 },
        inTrouble: false,
      },
      {
        key: 'absent_22_days',
        input: { registeredOn: '2025-06-01', lastVisitOn: '2026-03-09', sessionsLast7Days: 0, daysRegistered: 303, daysSinceLastSession: 22 },
        status: 'in_trouble',
        tags: ['in_trouble', 'low_user', 'absent'],
        score: 100,
        scores: { lowUser: 50, absent: 75, newMember: 0 },
        inTrouble: true,
      },
      {
        key: 'regular_two_sessions',
        input: { registeredOn: '2025-06-01', lastVisitOn: '2026-03-30', sessionsLast7Days: 2, daysRegistered: 303, daysSinceLastSession: 1 },
        status: 'loving_it',
        tags: ['low_user'],
        score: 10,
        scores: { lowUser: 10, absent: 0, newMember: 0 },
        inTrouble: false,
      },
    ]);
  });

  it('should move the examples with the numbers: a lower Absent score for 10-13 days leaves the 10-day absentee Loving it', () => {
    const r = workedExamples(withSettings((s) => (s.absent.bands[3].score = 20)));
    expect(r.examples[1]).toMatchObject({ status: 'loving_it', score: 70, scores: { lowUser: 50, absent: 20, newMember: 0 }, tags: ['low_user', 'absent'] });
    // the others do not use that band
    expect(r.examples.map((e) => e.status)).toEqual(['at_risk', 'loving_it', 'in_trouble', 'loving_it']);
  });

  it('should follow the At Risk threshold', () => {
    const r = workedExamples(withSettings((s) => (s.atRisk.threshold = 5)));
    expect(r.examples[3]).toMatchObject({ status: 'at_risk', score: 10 });
  });

  it('should follow the In Trouble day count and the score cap', () => {
    const later = workedExamples(withSettings((s) => (s.inTrouble.minDaysAbsent = 30)));
    expect(later.examples[2]).toMatchObject({ status: 'at_risk', inTrouble: false, tags: ['low_user', 'absent'] });
    const capped = workedExamples(withSettings((s) => ((s.scoreCap = 80), (s.atRisk.threshold = 80))));
    expect(capped.examples[0]).toMatchObject({ status: 'at_risk', score: 80 });
    expect(capped.examples.map((e) => e.score)).toEqual([80, 80, 80, 10]);
  });

  it('should score the regular with the Low User table as edited', () => {
    const r = workedExamples(withSettings((s) => (s.lowUser.table[2].score = 0)));
    expect(r.examples[3]).toMatchObject({ status: 'loving_it', score: 0, tags: [] });
  });
});
