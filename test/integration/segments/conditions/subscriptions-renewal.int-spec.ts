import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Only active subscriptions count, and the one that is active must be the
// one with (or without) auto-renew.
describe('condition: subscription_renewal', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const renewal = (on: unknown) => ({ condition: 'subscription_renewal', on });

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    const ids = ['ON', 'OFF', 'ENDED_ON', 'BOTH', 'OFF_AND_ENDED_ON', 'UNBILLED_OFF', 'FUTURE_ON', 'NONE'];
    await write({ entity: 'clients', records: ids.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, r: Record<string, unknown>) => ({ externalId, clientExternalId, startsOn: '2025-06-01', ...r });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'ON', { autoRenew: true }),
        sub('s2', 'OFF', { billed: true, autoRenew: false, endsOn: '2026-06-01' }),
        sub('s3', 'ENDED_ON', { billed: true, autoRenew: true, endsOn: '2026-03-19' }),
        sub('s4', 'BOTH', { billed: true, autoRenew: true }),
        sub('s5', 'BOTH', { billed: true, autoRenew: false }),
        sub('s6', 'OFF_AND_ENDED_ON', { trailingBilling: true, autoRenew: false, endsOn: today }),
        sub('s7', 'OFF_AND_ENDED_ON', { billed: true, autoRenew: true, endsOn: '2026-01-31' }),
        // not billed, not in arrears, not renewing: not active
        sub('s8', 'UNBILLED_OFF', { autoRenew: false }),
        sub('s9', 'FUTURE_ON', { autoRenew: true, startsOn: '2026-03-21' }),
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'ON' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [sub('s1', 'ON', { autoRenew: true })] });
  });
  afterAll(() => db.drop());

  it('should match an active subscription with auto-renew on', async () => {
    await expect(matching(db.ds, biz, renewal(true), { today })).resolves.toEqual(['BOTH', 'ON']);
  });

  it('should match an active subscription with auto-renew off (ending today still active)', async () => {
    await expect(matching(db.ds, biz, renewal(false), { today })).resolves.toEqual(['BOTH', 'OFF', 'OFF_AND_ENDED_ON']);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: renewal(true) }, { today })).resolves.toEqual(['ENDED_ON', 'FUTURE_ON', 'NONE', 'OFF', 'OFF_AND_ENDED_ON', 'UNBILLED_OFF']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(renewal('yes'))).toEqual([{ path: 'on', reason: 'on must be true or false' }]);
    expect(problemsOf({ or: [{ condition: 'subscription_renewal' }] })).toEqual([{ path: 'or[0].on', reason: 'on must be true or false' }]);
  });
});
