import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// A business in Pacific/Auckland (UTC+13 until 2026-04-05, then +12), today = 2026-04-20.
// registered_at is local midnight of the first subscription's starts_on, which is the previous
// day in UTC: reading it as a UTC date would be a day off. R30 registered before the DST change.
describe('condition: days_since_registration', () => {
  let db: TestDb;
  let biz: string;
  const timezone = 'Pacific/Auckland';
  const today = '2026-04-20';
  const opts = { today, timezone };
  const since = (operator: string, value: unknown, to?: number) => ({ condition: 'days_since_registration', operator, value, ...(to === undefined ? {} : { to }) });
  const firstStart: Record<string, string> = {
    R0: today,
    R1: '2026-04-19',
    R7: '2026-04-13',
    R30: '2026-03-21',
    R365: '2025-04-20',
    FUTURE: '2026-04-21', // has not started: never matches
  };
  const registered = ['R0', 'R1', 'R30', 'R365', 'R7'];
  const all = [...Object.keys(firstStart), 'NONE'].sort();

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds, { timezone }));
    const { businessId: other } = await newBusiness(db.ds, { timezone });
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    await write({
      entity: 'subscriptions',
      records: [
        ...Object.entries(firstStart).map(([c, startsOn]) => ({ externalId: `s-${c}`, clientExternalId: c, startsOn, billed: true })),
        // a later subscription never moves registration
        { externalId: 's-R365-b', clientExternalId: 'R365', startsOn: '2026-04-01', billed: true },
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'R0' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [{ externalId: 's-R0', clientExternalId: 'R0', startsOn: today }] });
  });
  afterAll(() => db.drop());

  it('should rest on registered_at being local midnight of the first start', async () => {
    const rows: Array<{ external_id: string; reg: string }> = await db.ds.query(
      `SELECT external_id, to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS reg FROM client WHERE business_id = $1 AND external_id IN ('R0', 'R30')
       ORDER BY external_id`,
      [biz],
    );
    expect(rows).toEqual([
      { external_id: 'R0', reg: '2026-04-19T12:00' },
      { external_id: 'R30', reg: '2026-03-20T11:00' },
    ]);
  });

  it('should count local days from registration to today, with every operator', async () => {
    await expect(matching(db.ds, biz, since('=', 0), opts)).resolves.toEqual(['R0']);
    await expect(matching(db.ds, biz, since('=', 1), opts)).resolves.toEqual(['R1']);
    await expect(matching(db.ds, biz, since('=', 30), opts)).resolves.toEqual(['R30']);
    await expect(matching(db.ds, biz, since('=', 365), opts)).resolves.toEqual(['R365']);
    await expect(matching(db.ds, biz, since('<', 7), opts)).resolves.toEqual(['R0', 'R1']);
    await expect(matching(db.ds, biz, since('<=', 7), opts)).resolves.toEqual(['R0', 'R1', 'R7']);
    await expect(matching(db.ds, biz, since('>', 7), opts)).resolves.toEqual(['R30', 'R365']);
    await expect(matching(db.ds, biz, since('>=', 7), opts)).resolves.toEqual(['R30', 'R365', 'R7']);
    await expect(matching(db.ds, biz, since('!=', 7), opts)).resolves.toEqual(['R0', 'R1', 'R30', 'R365']);
    await expect(matching(db.ds, biz, since('between', 1, 30), opts)).resolves.toEqual(['R1', 'R30', 'R7']);
    await expect(matching(db.ds, biz, since('<', 0), opts)).resolves.toEqual([]);
    await expect(matching(db.ds, biz, since('>=', 0), opts)).resolves.toEqual(registered);
  });

  it('should agree with today - local date of registered_at for every operator and many values', async () => {
    const rows: Array<{ external_id: string; days: number | null }> = await db.ds.query(
      `SELECT external_id, $2::date - (registered_at AT TIME ZONE $3)::date AS days FROM client WHERE business_id = $1`,
      [biz, today, timezone],
    );
    const test: Record<string, (d: number, v: number, to: number) => boolean> = {
      '=': (d, v) => d === v,
      '!=': (d, v) => d !== v,
      '<': (d, v) => d < v,
      '<=': (d, v) => d <= v,
      '>': (d, v) => d > v,
      '>=': (d, v) => d >= v,
      between: (d, v, to) => d >= v && d <= to,
    };
    for (const value of [0, 1, 2, 6, 7, 8, 29, 30, 31, 364, 365, 366]) {
      for (const [operator, holds] of Object.entries(test)) {
        const to = value + 23;
        const expected = rows
          .filter((r) => r.days !== null && r.days >= 0 && holds(r.days, value, to))
          .map((r) => r.external_id)
          .sort();
        await expect(matching(db.ds, biz, since(operator, value, operator === 'between' ? to : undefined), opts)).resolves.toEqual(expected);
      }
    }
  });

  it('should make NOT the exact complement (unregistered and not yet started included)', async () => {
    await expect(matching(db.ds, biz, { not: since('<', 7) }, opts)).resolves.toEqual(['FUTURE', 'NONE', 'R30', 'R365', 'R7']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(since('>=', -3))).toEqual([{ path: 'value', reason: expect.stringContaining('value must be a whole number from 0 to') }]);
    expect(problemsOf({ and: [since('>=', 2.5)] })).toEqual([{ path: 'and[0].value', reason: 'value must be a whole number' }]);
  });
});
