import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. The active subscription itself must be paid that way.
describe('condition: subscription_payment_method', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const method = (methods: unknown) => ({ condition: 'subscription_payment_method', methods });
  const all = ['CARD', 'CASH', 'CASH_AND_ENDED_DD', 'DD', 'FUTURE_DD', 'INVOICE', 'NONE', 'UNBILLED_DD'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, paymentMethod: string, r: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId,
      paymentMethod,
      startsOn: '2025-06-01',
      billed: true,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'DD', 'direct_debit'),
        sub('s2', 'CASH', 'cash', { endsOn: today }),
        sub('s3', 'CARD', 'recurring_card', { billed: false, trailingBilling: true }),
        sub('s4', 'INVOICE', 'invoice', { cancelledAt: '2026-03-01T12:00:00Z', endsOn: '2026-04-30' }),
        sub('s5', 'FUTURE_DD', 'direct_debit', { startsOn: '2026-03-21' }),
        sub('s6', 'CASH_AND_ENDED_DD', 'cash'),
        sub('s7', 'CASH_AND_ENDED_DD', 'direct_debit', { endsOn: '2026-03-19' }),
        sub('s8', 'UNBILLED_DD', 'direct_debit', { billed: false }),
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'DD' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [sub('s1', 'DD', 'direct_debit')] });
  });
  afterAll(() => db.drop());

  it('should match an active subscription paid by one of the methods', async () => {
    await expect(matching(db.ds, biz, method(['direct_debit']), { today })).resolves.toEqual(['DD']);
    await expect(matching(db.ds, biz, method(['direct_debit', 'recurring_card']), { today })).resolves.toEqual(['CARD', 'DD']);
    await expect(matching(db.ds, biz, method(['cash']), { today })).resolves.toEqual(['CASH', 'CASH_AND_ENDED_DD']);
    await expect(matching(db.ds, biz, method(['invoice', 'other']), { today })).resolves.toEqual(['INVOICE']);
    await expect(matching(db.ds, biz, method(['other']), { today })).resolves.toEqual([]);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: method(['direct_debit']) }, { today })).resolves.toEqual(all.filter((c) => c !== 'DD'));
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(method([]))).toEqual([{ path: 'methods', reason: 'methods must name at least one payment method' }]);
    expect(problemsOf({ and: [method(['cash', 'paypal'])] })).toEqual([{ path: 'and[0].methods', reason: 'each of methods must be one of direct_debit, cash, recurring_card, invoice, other' }]);
    expect(problemsOf(method('cash'))).toContainEqual({ path: 'methods', reason: 'methods must be a list of payment methods' });
  });
});
