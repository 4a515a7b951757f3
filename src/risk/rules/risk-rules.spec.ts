import { addDays, assessClient, localDate, scoreRules } from './risk-rules';
import { S, TODAY, ago, member, withSettings } from './risk-input.fixture';

describe('assessClient: risk.md worked examples (today = 2026-03-31)', () => {
  it('should be At Risk [low_user, absent, new_member] at 100 when registered 11 days ago with no sessions', () => {
    const r = assessClient(member({ registeredOn: '2026-03-20', lastVisitOn: null, sessionsLast7Days: 0, currentStatus: null }), S);
    expect(r).toEqual({
      status: 'at_risk',
      tags: ['low_user', 'absent', 'new_member'],
      score: 100,
      contributions: { lowUser: 50, absent: 50, newMember: 25 },
      reason: 'rule',
    });
  });

  it('should be At Risk [low_user, absent] at 100 when the last session was 10 days ago and none in 7 days', () => {
    const r = assessClient(member({ registeredOn: '2025-06-01', lastVisitOn: '2026-03-21', sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent'], score: 100, contributions: { lowUser: 50, absent: 50, newMember: 0 } });
  });

  it('should be In Trouble when the last session was 22 days ago for a member since 2025', () => {
    const r = assessClient(member({ registeredOn: '2025-06-01', lastVisitOn: '2026-03-09', sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'in_trouble', tags: ['in_trouble', 'low_user', 'absent'], score: 100, contributions: { lowUser: 50, absent: 75, newMember: 0 } });
  });

  it('should be Loving it at 10 when there were 2 sessions in 7 days, the last one yesterday', () => {
    const r = assessClient(member({ registeredOn: '2025-06-01', lastVisitOn: '2026-03-30', sessionsLast7Days: 2 }), S);
    expect(r).toMatchObject({ status: 'loving_it', tags: ['low_user'], score: 10, contributions: { lowUser: 10, absent: 0, newMember: 0 } });
  });
});

describe('Low User', () => {
  it.each([
    [0, 50],
    [1, 30],
    [2, 10],
    [3, 0],
    [7, 0],
  ])('should score %i sessions in 7 days as %i', (sessions, score) => {
    const r = assessClient(member({ sessionsLast7Days: sessions, lastVisitOn: sessions === 0 ? ago(2) : TODAY }), S);
    expect(r.contributions.lowUser).toBe(score);
    expect(r.tags.includes('low_user')).toBe(score > 0);
  });

  it('should not score Low User when registered 6 days ago', () => {
    expect(assessClient(member({ registeredOn: ago(6), lastVisitOn: null, sessionsLast7Days: 0 }), S).contributions.lowUser).toBe(0);
  });

  it('should score Low User when registered 7 days ago', () => {
    expect(assessClient(member({ registeredOn: ago(7), lastVisitOn: null, sessionsLast7Days: 0 }), S).contributions.lowUser).toBe(50);
  });

  it('should reject a negative or fractional session count', () => {
    expect(() => assessClient(member({ sessionsLast7Days: -1 }), S)).toThrow(RangeError);
    expect(() => assessClient(member({ sessionsLast7Days: 1.5 }), S)).toThrow(RangeError);
  });
});

describe('Absent', () => {
  it.each([
    [0, 0],
    [3, 0],
    [4, 15],
    [6, 15],
    [7, 35],
    [9, 35],
    [10, 50],
    [13, 50],
    [14, 75],
    [21, 75],
    [400, 75],
  ])('should score %i whole days since the last session as %i', (days, score) => {
    const r = assessClient(member({ lastVisitOn: ago(days), sessionsLast7Days: days < 7 ? 1 : 0 }), S);
    expect(r.contributions.absent).toBe(score);
    expect(r.tags.includes('absent')).toBe(score > 0);
  });

  it('should count from registration when the member never had a session', () => {
    expect(assessClient(member({ registeredOn: ago(9), lastVisitOn: null, sessionsLast7Days: 0 }), S).contributions.absent).toBe(35);
    expect(assessClient(member({ registeredOn: ago(10), lastVisitOn: null, sessionsLast7Days: 0 }), S).contributions.absent).toBe(50);
  });
});

describe('New Member', () => {
  it('should score 25 and tag new_member when registered 24 days ago', () => {
    const r = assessClient(member({ registeredOn: ago(24), lastVisitOn: TODAY }), S);
    expect(r).toMatchObject({ contributions: { newMember: 25 }, tags: ['new_member'], status: 'loving_it', score: 25 });
  });

  it('should not score when registered 25 days ago', () => {
    expect(assessClient(member({ registeredOn: ago(25), lastVisitOn: TODAY }), S)).toMatchObject({ contributions: { newMember: 0 }, tags: [], score: 0 });
  });

  it('should score a member registered today', () => {
    expect(assessClient(member({ registeredOn: TODAY, lastVisitOn: null, sessionsLast7Days: 0 }), S)).toMatchObject({ score: 25, tags: ['new_member'] });
  });
});

describe('In Trouble', () => {
  it('should not be In Trouble but At Risk when the last session was 21 days ago', () => {
    const r = assessClient(member({ lastVisitOn: ago(21), sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent'], score: 100 });
  });

  it('should be In Trouble when the last session was 22 days ago', () => {
    expect(assessClient(member({ lastVisitOn: ago(22), sessionsLast7Days: 0 }), S).status).toBe('in_trouble');
  });

  it('should not be In Trouble when a member for 21 days with no session', () => {
    const r = assessClient(member({ registeredOn: ago(21), lastVisitOn: null, sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent', 'new_member'], score: 100 });
  });

  it('should be In Trouble when a member for 22 days with no session, keeping the scored tags', () => {
    const r = assessClient(member({ registeredOn: ago(22), lastVisitOn: null, sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'in_trouble', tags: ['in_trouble', 'low_user', 'absent', 'new_member'], score: 100 });
  });

  it('should require the membership length separately when minDaysMember exceeds minDaysAbsent', () => {
    const s = withSettings((x) => (x.inTrouble.minDaysMember = 30));
    expect(assessClient(member({ registeredOn: ago(29), lastVisitOn: null, sessionsLast7Days: 0 }), s).status).toBe('at_risk');
    expect(assessClient(member({ registeredOn: ago(30), lastVisitOn: null, sessionsLast7Days: 0 }), s).status).toBe('in_trouble');
  });

  it('should override a score below the threshold', () => {
    const s = withSettings((x) => {
      x.atRisk.threshold = 100;
      x.lowUser.table = [{ sessions: 0, score: 0 }];
    });
    const r = assessClient(member({ lastVisitOn: ago(30), sessionsLast7Days: 0 }), s);
    expect(r).toMatchObject({ status: 'in_trouble', score: 75, tags: ['in_trouble', 'absent'] });
  });
});

describe('score, threshold and cap', () => {
  it('should cap the sum at 100 when the rules add up to 125', () => {
    const r = scoreRules(member({ registeredOn: ago(20), lastVisitOn: null, sessionsLast7Days: 0 }), S);
    expect(r.contributions).toEqual({ lowUser: 50, absent: 75, newMember: 25 });
    expect(r.score).toBe(100);
  });

  it('should cap at a configured scoreCap', () => {
    const s = withSettings((x) => (x.scoreCap = 90));
    expect(assessClient(member({ lastVisitOn: ago(15), sessionsLast7Days: 0 }), s)).toMatchObject({ score: 90, status: 'at_risk' });
  });

  it('should be At Risk when the score equals the threshold and Loving it one below', () => {
    // registered 6 days ago, no session: Absent 15 + New Member 25 = 40 (Low User not scored yet)
    const input = member({ registeredOn: ago(6), lastVisitOn: null, sessionsLast7Days: 0 });
    expect(
      assessClient(
        input,
        withSettings((x) => (x.atRisk.threshold = 40)),
      ),
    ).toMatchObject({ status: 'at_risk', score: 40, tags: ['absent', 'new_member'] });
    expect(
      assessClient(
        input,
        withSettings((x) => (x.atRisk.threshold = 41)),
      ),
    ).toMatchObject({ status: 'loving_it', score: 40, tags: ['absent', 'new_member'] });
  });

  it('should be Loving it at 45 when below the default threshold of 75', () => {
    // 1 session 6 days ago: Low User 30 + Absent 15
    expect(assessClient(member({ lastVisitOn: ago(6), sessionsLast7Days: 1 }), S)).toMatchObject({ status: 'loving_it', score: 45 });
  });
});

describe('edge cases risk.md leaves open', () => {
  it('should score Low User but not New Member or In Trouble when registeredOn is null', () => {
    const r = assessClient(member({ registeredOn: null, lastVisitOn: ago(60), sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent'], contributions: { lowUser: 50, absent: 75, newMember: 0 } });
  });

  it('should not score Absent when neither registration nor a visit is known', () => {
    const r = assessClient(member({ registeredOn: null, lastVisitOn: null, sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'loving_it', tags: ['low_user'], contributions: { lowUser: 50, absent: 0, newMember: 0 } });
  });

  it('should count Absent from registration when the last visit was before it', () => {
    // a drop-in 30 days ago, registered 5 days ago: 5 days absent (15) + New Member 25
    const r = assessClient(member({ registeredOn: ago(5), lastVisitOn: ago(30), sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'loving_it', score: 40, contributions: { lowUser: 0, absent: 15, newMember: 25 } });
  });

  it('should be In Trouble from a visit before registration only once a member for 22 days', () => {
    expect(assessClient(member({ registeredOn: ago(22), lastVisitOn: ago(40), sessionsLast7Days: 0 }), S).status).toBe('in_trouble');
  });

  it('should not score a member whose registration is after today', () => {
    const r = assessClient(member({ registeredOn: addDays(TODAY, 5), lastVisitOn: null, sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'loving_it', score: 0, tags: [], contributions: { lowUser: 0, absent: 0, newMember: 0 } });
  });

  it('should count a last visit after today as 0 days absent', () => {
    expect(assessClient(member({ lastVisitOn: addDays(TODAY, 1) }), S).contributions.absent).toBe(0);
  });

  it('should reject a date that is not YYYY-MM-DD', () => {
    expect(() => assessClient(member({ lastVisitOn: '2026-3-1' }), S)).toThrow(RangeError);
    expect(() => assessClient(member({ today: '2026-02-30' }), S)).toThrow(RangeError);
  });
});

describe('local midnight in a non-UTC zone', () => {
  it('should assess Absent on the local day of a late-evening visit in Los Angeles', () => {
    const lastVisitOn = localDate(new Date('2026-03-25T06:30:00Z'), 'America/Los_Angeles');
    const today = localDate(new Date('2026-03-31T18:00:00Z'), 'America/Los_Angeles');
    // 7 days (35), where the UTC date would have given 6 days (15)
    expect(assessClient(member({ today, lastVisitOn, sessionsLast7Days: 0 }), S).contributions.absent).toBe(35);
  });

  it('should assess Absent on the local day of an early-morning visit in Auckland', () => {
    const lastVisitOn = localDate(new Date('2026-03-21T11:30:00Z'), 'Pacific/Auckland'); // 00:30 NZDT on 22 March
    const today = localDate(new Date('2026-03-31T01:00:00Z'), 'Pacific/Auckland'); // 14:00 NZDT on 31 March
    // 9 days (35), where the UTC dates (21 -> 31 March) would have given 10 days (50)
    expect([lastVisitOn, today]).toEqual(['2026-03-22', '2026-03-31']);
    expect(assessClient(member({ today, lastVisitOn, sessionsLast7Days: 0 }), S).contributions.absent).toBe(35);
  });
});
