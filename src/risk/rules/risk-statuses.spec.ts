import { assessClient } from './risk-rules';
import { RiskInput } from './risk.types';
import { S, TODAY, addDays, ago, member } from './risk-input.fixture';

// Statuses around the score (risk.md): non-member, Suspended, Raving Fan, manual holds.
describe('statuses', () => {
  it('should give a non-member no status and no score', () => {
    expect(assessClient(member({ isMember: false, lastVisitOn: ago(40), sessionsLast7Days: 0 }), S)).toEqual({
      status: null,
      tags: [],
      score: 0,
      contributions: { lowUser: 0, absent: 0, newMember: 0 },
      reason: 'rule',
    });
  });

  it('should make a member without an active package Suspended without scoring them', () => {
    expect(assessClient(member({ hasActivePackage: false, lastVisitOn: ago(40), sessionsLast7Days: 0, currentStatus: 'raving_fan' }), S)).toEqual({
      status: 'suspended',
      tags: [],
      score: 0,
      contributions: { lowUser: 0, absent: 0, newMember: 0 },
      reason: 'rule',
    });
  });

  it('should make a Suspended member who buys a package again Loving it', () => {
    expect(assessClient(member({ currentStatus: 'suspended' }), S).status).toBe('loving_it');
  });

  it('should keep Raving Fan when the rules say Loving it', () => {
    expect(assessClient(member({ currentStatus: 'raving_fan', sessionsLast7Days: 2 }), S)).toMatchObject({ status: 'raving_fan', score: 10, reason: 'rule' });
  });

  it('should lose Raving Fan when the client becomes At Risk', () => {
    expect(assessClient(member({ currentStatus: 'raving_fan', lastVisitOn: ago(10), sessionsLast7Days: 0 }), S).status).toBe('at_risk');
  });

  it('should lose Raving Fan when the client becomes In Trouble', () => {
    expect(assessClient(member({ currentStatus: 'raving_fan', lastVisitOn: ago(30), sessionsLast7Days: 0 }), S).status).toBe('in_trouble');
  });

  it('should bring an At Risk member who checks in back to Loving it, reporting the event as the reason', () => {
    const r = assessClient(member({ currentStatus: 'at_risk', lastVisitOn: TODAY, sessionsLast7Days: 3, trigger: 'event' }), S);
    expect(r).toMatchObject({ status: 'loving_it', score: 0, tags: [], reason: 'event' });
  });

  it('should not turn an At Risk member into a Raving Fan', () => {
    expect(assessClient(member({ currentStatus: 'at_risk' }), S).status).toBe('loving_it');
  });
});

describe('manual status', () => {
  const manual = (status: RiskInput['currentStatus'] & string, setOn = ago(3)) => ({ currentStatus: status, manualOverride: { status, setOn } });

  it('should hold a manual Raving Fan while the rules say Loving it', () => {
    expect(assessClient(member({ ...manual('raving_fan'), sessionsLast7Days: 2 }), S)).toMatchObject({ status: 'raving_fan', reason: 'manual', score: 10 });
  });

  it('should hold a manual In Trouble while the rules say Loving it', () => {
    expect(assessClient(member(manual('in_trouble')), S)).toMatchObject({ status: 'in_trouble', reason: 'manual' });
  });

  it('should hold a manual Loving it given to a Raving Fan', () => {
    expect(assessClient(member({ currentStatus: 'loving_it', manualOverride: { status: 'loving_it', setOn: ago(1) } }), S)).toMatchObject({ status: 'loving_it', reason: 'manual' });
  });

  it('should release a manual status when the rules produce At Risk', () => {
    expect(assessClient(member({ ...manual('raving_fan'), lastVisitOn: ago(10), sessionsLast7Days: 0 }), S)).toMatchObject({ status: 'at_risk', reason: 'rule' });
  });

  it('should release a manual status when the rules produce In Trouble', () => {
    expect(assessClient(member({ ...manual('at_risk'), lastVisitOn: ago(25), sessionsLast7Days: 0 }), S)).toMatchObject({ status: 'in_trouble', reason: 'rule' });
  });

  it('should hold a manual status against an assessment dated before it was set', () => {
    const r = assessClient(member({ ...manual('raving_fan', addDays(TODAY, 1)), lastVisitOn: ago(10), sessionsLast7Days: 0 }), S);
    expect(r).toMatchObject({ status: 'raving_fan', reason: 'manual', score: 100 });
  });

  it('should not hold a manual Suspended for a member with an active package', () => {
    expect(assessClient(member(manual('suspended')), S)).toMatchObject({ status: 'loving_it', reason: 'rule' });
  });

  it('should make a member with a manual status Suspended when they have no active package', () => {
    expect(assessClient(member({ ...manual('raving_fan'), hasActivePackage: false }), S)).toMatchObject({ status: 'suspended', reason: 'rule' });
  });

  it('should give a non-member with a manual status no status', () => {
    expect(assessClient(member({ ...manual('raving_fan'), isMember: false }), S).status).toBeNull();
  });
});
