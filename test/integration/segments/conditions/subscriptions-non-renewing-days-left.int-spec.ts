import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Days left = ends_on - today on an active subscription that will not renew.
describe('condition: non_renewing_days_left', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const left = (operator: string, value: unknown, to?: number) => ({ condition: 'non_renewing_days_left', operator, value, ...(to === undefined ? {} : { to }) });
  const all = ['CANCELLED_7', 'ENDED', 'ENDS_TODAY', 'IN_30', 'IN_7', 'NONE', 'OPEN', 'RENEWING_7', 'TWO', 'UNBILLED_7'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, endsOn: string | undefined, r: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId,
      endsOn,
      startsOn: '2025-06-01',
      billed: true,
      autoRenew: false,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'ENDS_TODAY', today), // 0
        sub('s2', 'IN_7', '2026-03-27'),
        sub('s3', 'IN_30', '2026-04-19', { billed: false, trailingBilling: true }),
        sub('s4', 'CANCELLED_7', '2026-03-27', { cancelledAt: '2026-03-02T08:00:00Z', cancellationKind: 'ordinary' }),
        sub('s5', 'RENEWING_7', '2026-03-27', { autoRenew: true }),
        sub('s6', 'OPEN', undefined),
        sub('s7', 'ENDED', '2026-03-19'),
        sub('s8', 'UNBILLED_7', '2026-03-27', { billed: false }), // not active
        sub('s9', 'TWO', '2026-03-27', { autoRenew: true }),
        sub('s10', 'TWO', '2026-04-19'), // 30
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'IN_7' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [sub('s2', 'IN_7', '2026-03-27')] });
  });
  afterAll(() => db.drop());

  it('should count days from today to ends_on (0 = ends today)', async () => {
    await expect(matching(db.ds, biz, left('=', 0), { today })).resolves.toEqual(['ENDS_TODAY']);
    await expect(matching(db.ds, biz, left('=', 7), { today })).resolves.toEqual(['CANCELLED_7', 'IN_7']);
    await expect(matching(db.ds, biz, left('<=', 7), { today })).resolves.toEqual(['CANCELLED_7', 'ENDS_TODAY', 'IN_7']);
    await expect(matching(db.ds, biz, left('>', 7), { today })).resolves.toEqual(['IN_30', 'TWO']);
    await expect(matching(db.ds, biz, left('between', 7, 30), { today })).resolves.toEqual(['CANCELLED_7', 'IN_30', 'IN_7', 'TWO']);
    await expect(matching(db.ds, biz, left('!=', 7), { today })).resolves.toEqual(['ENDS_TODAY', 'IN_30', 'TWO']);
  });

  it('should follow today', async () => {
    await expect(matching(db.ds, biz, left('=', 0), { today: '2026-03-27' })).resolves.toEqual(['CANCELLED_7', 'IN_7']);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: left('<=', 7) }, { today })).resolves.toEqual(['ENDED', 'IN_30', 'NONE', 'OPEN', 'RENEWING_7', 'TWO', 'UNBILLED_7']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(left('<', -1))).toEqual([{ path: 'value', reason: expect.stringContaining('value must be a whole number from 0 to') }]);
    expect(problemsOf({ not: left('between', 7, 3) })).toEqual([{ path: 'not.to', reason: 'to must be a number >= value' }]);
  });
});
