import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Unpaid invoices and how many days overdue they are with the direct-debit
// setting ("block card after N overdue days") at 0:
//   DUE_YESTERDAY 1      DUE_TODAY 0 (not overdue)      PAID (due 2026-02-01, paid): never
//   OLD30 30             TWO 5 and 60 (any one invoice is enough)
//   DD10 10 (direct debit, due 2026-03-10: 10 - N days, not overdue once N >= 10)
//   NONE (no invoices; another business's overdue invoice under the same external id)
describe('condition: days_since_overdue_invoice', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const ALL = ['DD10', 'DUE_TODAY', 'DUE_YESTERDAY', 'NONE', 'OLD30', 'PAID', 'TWO'];
  const overdue = (operator: string, value: number, to?: number) => ({ condition: 'days_since_overdue_invoice', operator, value, ...(to !== undefined ? { to } : {}) });
  const withSetting = (days: number) => ({ today, settings: { directDebitBlockAfterDays: days } });

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: ALL.map((externalId) => ({ externalId })) });
    const invoice = (externalId: string, client: string, dueOn: string, r: object = {}) => ({ externalId, clientExternalId: client, amount: 49900, dueOn, ...r });
    await write({
      entity: 'invoices',
      records: [
        invoice('i1', 'DUE_YESTERDAY', '2026-03-19'),
        invoice('i2', 'DUE_TODAY', today),
        invoice('i3', 'PAID', '2026-02-01', { paidAt: '2026-03-01T10:00:00Z' }),
        invoice('i4', 'OLD30', '2026-02-18'),
        invoice('i5', 'TWO', '2026-03-15'),
        invoice('i6', 'TWO', '2026-01-19'),
        invoice('i7', 'DD10', '2026-03-10', { directDebit: true }),
      ],
    });
    const { businessId: other } = await newBusiness(db.ds);
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'NONE' }] });
    await writer(db.ds, other)({ entity: 'invoices', records: [invoice('x', 'NONE', '2026-01-01')] });
  });
  afterAll(() => db.drop());

  const ours = (tree: unknown, opts: { today: string; settings?: { directDebitBlockAfterDays: number } } = { today }) => matching(db.ds, biz, tree, opts);

  it('should compare the days an unpaid invoice is past due; due today is not overdue', async () => {
    await expect(ours(overdue('>=', 1))).resolves.toEqual(['DD10', 'DUE_YESTERDAY', 'OLD30', 'TWO']);
    await expect(ours(overdue('=', 1))).resolves.toEqual(['DUE_YESTERDAY']);
    await expect(ours(overdue('=', 30))).resolves.toEqual(['OLD30']);
    await expect(ours(overdue('>=', 30))).resolves.toEqual(['OLD30', 'TWO']);
    await expect(ours(overdue('<', 7))).resolves.toEqual(['DUE_YESTERDAY', 'TWO']);
    await expect(ours(overdue('between', 5, 10))).resolves.toEqual(['DD10', 'TWO']);
    await expect(ours(overdue('!=', 30))).resolves.toEqual(['DD10', 'DUE_YESTERDAY', 'TWO']);
  });

  it('should match nobody for zero days: only invoices overdue by a day or more count', async () => {
    await expect(ours(overdue('=', 0))).resolves.toEqual([]);
    await expect(ours(overdue('<=', 0))).resolves.toEqual([]);
    await expect(ours({ not: overdue('>=', 1) })).resolves.toEqual(['DUE_TODAY', 'NONE', 'PAID']);
  });

  it("should add the business's direct-debit block setting to a direct-debit invoice's due date", async () => {
    await expect(ours(overdue('=', 10), withSetting(0))).resolves.toEqual(['DD10']);
    await expect(ours(overdue('=', 10), withSetting(5))).resolves.toEqual([]);
    await expect(ours(overdue('=', 5), withSetting(5))).resolves.toEqual(['DD10', 'TWO']);
    await expect(ours(overdue('=', 1), withSetting(9))).resolves.toEqual(['DD10', 'DUE_YESTERDAY']);
    // due date + 10 = today: not overdue (yet)
    await expect(ours(overdue('>=', 1), withSetting(10))).resolves.toEqual(['DUE_YESTERDAY', 'OLD30', 'TWO']);
    await expect(ours(overdue('>=', 1), withSetting(30))).resolves.toEqual(['DUE_YESTERDAY', 'OLD30', 'TWO']);
  });

  it("should never count another business's invoices", async () => {
    await expect(ours(overdue('>=', 60))).resolves.toEqual(['TWO']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(overdue('>=', -1))).toEqual([{ path: 'value', reason: expect.stringContaining('value must be a whole number from 0 to') }]);
    expect(problemsOf(overdue('between', 10))).toEqual(expect.arrayContaining([{ path: 'to', reason: 'to must be a number >= value' }]));
    expect(problemsOf(overdue('>=', 2.5))).toEqual([{ path: 'value', reason: 'value must be a whole number' }]);
    expect(problemsOf({ or: [{ condition: 'days_since_overdue_invoice', operator: '>=', value: 3, window: { last: 30 } }] })).toEqual([
      { path: 'or[0].window', reason: expect.stringContaining('should not exist') },
    ]);
  });
});
