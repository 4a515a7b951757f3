import { mapPushPressEvent, pushPressInstant } from './pushpress-webhook.mapper';

const ctx = { timezone: 'America/New_York', config: {} };

describe('PushPress mapping', () => {
  it('should read Unix timestamps in milliseconds and in seconds by their size', () => {
    expect(pushPressInstant(1672531200000, 'timestamp')).toBe('2023-01-01T00:00:00.000Z');
    expect(pushPressInstant(1677721600, 'startTimestamp')).toBe('2023-03-02T01:46:40.000Z');
    expect(() => pushPressInstant('1677721600', 'startTimestamp')).toThrow('data.startTimestamp: must be a Unix timestamp');
  });

  it('should date an enrollment without startDate by the business-local day it was created', () => {
    // 2026-01-01T03:00Z is still 31 December in New York
    const r = mapPushPressEvent('enrollment.created', { data: { id: 'sub_1', customerId: 'usr_1', status: 'active', billingSchedule: { period: 'year', interval: 1 } }, created: 1767236400 }, ctx);
    expect(r).toEqual({
      kind: 'mapped',
      batches: [
        {
          entity: 'subscriptions',
          records: [
            {
              externalId: 'sub_1',
              clientExternalId: 'usr_1',
              startsOn: '2025-12-31',
              autoRenew: true,
              cancelledAt: null,
              endsOn: null,
              billingUnit: 'month',
              billingInterval: 12,
              updatedAt: '2026-01-01T03:00:00.000Z',
            },
          ],
        },
      ],
    });
  });

  it('should make a paused enrollment a freeze and a status change without startDate update-only', () => {
    const r = mapPushPressEvent('enrollment.status.changed', { data: { id: 'sub_1', customerId: 'usr_1', status: 'paused' }, created: 1767236400 }, ctx);
    expect(r.kind === 'mapped' && r.batches.map((b) => [b.entity, !!b.updateOnly])).toEqual([
      ['subscriptions', true],
      ['freezes', false],
    ]);
  });

  it('should call a payload it cannot read invalid, naming the field', () => {
    expect(mapPushPressEvent('checkin.created', { data: { id: 'c', customer: 'u', kind: 'open', timestamp: 'soon' }, created: 1 }, ctx)).toEqual({
      kind: 'invalid',
      reason: 'data.timestamp: must be a Unix timestamp',
    });
    expect(mapPushPressEvent('appointment.scheduled', { data: { id: 'a', startTimestamp: 1677721600 }, created: 1 }, ctx)).toEqual({
      kind: 'invalid',
      reason: 'data.customerId: must be a non-empty string',
    });
    expect(mapPushPressEvent('checkin.created', { data: { id: 'c', customer: 'u', kind: 'teleport', timestamp: 1 }, created: 1 }, ctx)).toMatchObject({ kind: 'invalid' });
  });
});
