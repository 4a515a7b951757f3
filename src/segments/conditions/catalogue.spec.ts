import { conditionByType, describeCatalogue, registerSegmentConditions } from './catalogue';
import { defineCondition } from './condition-definition';
import { registerHumanContactSource } from './messaging/last-human-contact.condition';
import { NoParams } from './params/none.params';

// The registration seam other modules add their conditions through (docs/segments.md
// "Conditions from other modules"). This file loads segments alone: no actions, no tasks.
describe('segment catalogue registration', () => {
  const definition = (type: string, group: 'messaging' | 'subscriptions' = 'messaging') =>
    defineCondition({ type, label: type, group, description: 'test', params: [], dto: NoParams, compile: () => 'true' });

  it('should hold only segments’ own conditions when no other module is loaded', () => {
    const messaging = describeCatalogue().filter((c) => c.group === 'messaging');
    expect(messaging.map((c) => c.type)).toEqual(['last_human_contact']);
    expect(conditionByType('received_action')).toBeUndefined();
  });

  it('should add a registered condition in its group’s place, after the group’s own', () => {
    registerSegmentConditions([definition('test_messaging')]);
    const types = describeCatalogue().map((c) => c.type);
    expect(types.indexOf('test_messaging')).toBe(types.indexOf('last_human_contact') + 1);
    expect(types.indexOf('test_messaging')).toBeLessThan(types.indexOf('quota_units_left'));
    expect(conditionByType('test_messaging')?.label).toBe('test_messaging');
  });

  it('should refuse a type registered twice, built in or registered, and add nothing of that batch', () => {
    expect(() => registerSegmentConditions([definition('test_other'), definition('member', 'subscriptions')])).toThrow("segment condition 'member' is registered twice");
    expect(() => registerSegmentConditions([definition('test_messaging')])).toThrow("segment condition 'test_messaging' is registered twice");
    expect(() => registerSegmentConditions([definition('test_twin'), definition('test_twin')])).toThrow("segment condition 'test_twin' is registered twice");
    expect(conditionByType('test_other')).toBeUndefined();
    expect(conditionByType('test_twin')).toBeUndefined();
  });

  it('should refuse a human contact source registered twice or with a name that is not plain', () => {
    registerHumanContactSource({ name: 'test_source', rowsSql: () => 'SELECT 1::bigint AS client_id, now() AS at' });
    expect(() => registerHumanContactSource({ name: 'test_source', rowsSql: () => '' })).toThrow("human contact source 'test_source' is registered twice");
    expect(() => registerHumanContactSource({ name: "x'; --", rowsSql: () => '' })).toThrow('must be lower-case letters and underscores');
  });
});
