import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20 (Europe/Stockholm). Each client exercises one edge of "active subscription"
// (segments.md): started, not ended (ends_on = today still counts), and billed OR trailing
// billing OR auto-renew.
describe('condition: active_subscription', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const active = { condition: 'active_subscription' };

  const clients = {
    OPEN: 'open-ended, billed',
    ENDS_TODAY: 'ends_on = today',
    ENDED: 'ended yesterday',
    FUTURE: 'starts tomorrow, billed',
    STARTS_TODAY: 'starts today, renewing, not yet billed',
    CANCELLED: 'cancelled, ends next month',
    UNBILLED: 'unbilled and not renewing',
    TRAILING: 'billed in arrears, not yet charged',
    NONE: 'no subscription',
    PAST_AND_FUTURE: 'one ended, one not started',
    DELETED: 'active but deleted at the source',
  };
  const all = Object.keys(clients)
    .filter((c) => c !== 'DELETED')
    .sort();

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({
      entity: 'clients',
      records: Object.keys(clients).map((externalId) => (externalId === 'DELETED' ? { externalId, deletedAt: '2026-03-01T10:00:00Z' } : { externalId })),
    });
    const sub = (externalId: string, clientExternalId: string, r: Record<string, unknown>) => ({
      externalId,
      clientExternalId,
      startsOn: '2025-01-01',
      billed: false,
      autoRenew: false,
      trailingBilling: false,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'OPEN', { billed: true }),
        sub('s2', 'ENDS_TODAY', { billed: true, endsOn: today }),
        sub('s3', 'ENDED', { billed: true, autoRenew: true, endsOn: '2026-03-19' }),
        sub('s4', 'FUTURE', { billed: true, startsOn: '2026-03-21' }),
        sub('s5', 'STARTS_TODAY', { autoRenew: true, startsOn: today }),
        sub('s6', 'CANCELLED', { billed: true, endsOn: '2026-04-19', cancelledAt: '2026-03-10T09:00:00Z', cancellationKind: 'ordinary' }),
        sub('s7', 'UNBILLED', { endsOn: '2026-12-31' }),
        sub('s8', 'TRAILING', { trailingBilling: true }),
        sub('s9', 'PAST_AND_FUTURE', { billed: true, endsOn: '2026-02-28' }),
        sub('s10', 'PAST_AND_FUTURE', { billed: true, startsOn: '2026-04-01' }),
        sub('s11', 'DELETED', { billed: true }),
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'OTHER' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [sub('s1', 'OTHER', { billed: true })] });
  });
  afterAll(() => db.drop());

  it('should match exactly the clients with a started, unended, billed / trailing / renewing subscription', async () => {
    await expect(matching(db.ds, biz, active, { today })).resolves.toEqual(['CANCELLED', 'ENDS_TODAY', 'OPEN', 'STARTS_TODAY', 'TRAILING']);
  });

  it('should move with today: the day after, ends-today has ended and starts-tomorrow has started', async () => {
    await expect(matching(db.ds, biz, active, { today: '2026-03-21' })).resolves.toEqual(['CANCELLED', 'FUTURE', 'OPEN', 'STARTS_TODAY', 'TRAILING']);
  });

  it('should make NOT the exact complement within the business (deleted clients in neither)', async () => {
    await expect(matching(db.ds, biz, { not: active }, { today })).resolves.toEqual(['ENDED', 'FUTURE', 'NONE', 'PAST_AND_FUTURE', 'UNBILLED']);
    await expect(matching(db.ds, biz, { or: [active, { not: active }] }, { today })).resolves.toEqual(all);
  });

  it('should refuse parameters it does not take', () => {
    expect(problemsOf({ and: [active, { condition: 'active_subscription', since: 3 }] })).toEqual([{ path: 'and[1].since', reason: 'property since should not exist' }]);
    expect(problemsOf({ condition: 'active_subscription', none: 1 })).toEqual([{ path: 'none', reason: 'this condition takes no parameters' }]);
  });
});
