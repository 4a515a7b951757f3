import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// America/Los_Angeles, today = 2026-03-20 (PDT, UTC-7): local day D runs from D 07:00Z to D+1 07:00Z.
// {last: 7} = local 2026-03-14 .. 2026-03-20 = [2026-03-14 07:00Z, 2026-03-21 07:00Z).
//   A at_risk -> in_trouble at 03-14 07:00:00Z        (first instant of the window)
//   B loving_it -> at_risk  at 03-14 06:59:59.999Z    (local 03-13, just before)
//   C (none) -> loving_it   at 03-21 06:59:59.999Z    (last instant of today; a first status)
//   D in_trouble -> loving_it at 03-21 07:00Z         (local tomorrow)
//   E loving_it -> (none)   at 03-17 12:00Z           (stopped being a member)
//   F loving_it -> at_risk  at 03-10 19:00Z (local 03-10), then at_risk -> loving_it at 03-16 18:00Z
//   G never changed. Another business's X changed at 03-16 and never appears.
describe('condition: status_changed', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const timezone = 'America/Los_Angeles';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds, { timezone }));
    const { businessId: other } = await newBusiness(db.ds, { timezone });
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await db.ds.query(
      `INSERT INTO status_change (business_id, client_id, from_status, to_status, changed_at, reason)
       SELECT c.business_id, c.id, v.from_status, v.to_status, v.changed_at::timestamptz, 'rule' FROM client c
         JOIN (VALUES ('A', 'at_risk', 'in_trouble', '2026-03-14T07:00:00Z'),
                      ('B', 'loving_it', 'at_risk', '2026-03-14T06:59:59.999Z'),
                      ('C', NULL, 'loving_it', '2026-03-21T06:59:59.999Z'),
                      ('D', 'in_trouble', 'loving_it', '2026-03-21T07:00:00Z'),
                      ('E', 'loving_it', NULL, '2026-03-17T12:00:00Z'),
                      ('F', 'loving_it', 'at_risk', '2026-03-10T19:00:00Z'),
                      ('F', 'at_risk', 'loving_it', '2026-03-16T18:00:00Z'),
                      ('X', 'at_risk', 'in_trouble', '2026-03-16T12:00:00Z')) AS v(ext, from_status, to_status, changed_at)
           ON v.ext = c.external_id`,
    );
  });
  afterAll(() => db.drop());

  const changed = (extra: object) => ({ condition: 'status_changed', ...extra });
  const at = { today, timezone };

  it('should match a change on a local day of the window, edges in the business time zone', async () => {
    await expect(matching(db.ds, biz, changed({ window: { last: 7 } }), at)).resolves.toEqual(['A', 'C', 'E', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 11 } }), at)).resolves.toEqual(['A', 'B', 'C', 'E', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 1 } }), at)).resolves.toEqual(['C']);
    await expect(matching(db.ds, biz, changed({ window: { from: '2026-03-13', to: '2026-03-13' } }), at)).resolves.toEqual(['B']);
    await expect(matching(db.ds, biz, changed({ window: { from: '2026-03-21', to: '2026-03-21' } }), at)).resolves.toEqual(['D']);
    await expect(matching(db.ds, biz, changed({ window: { from: '2026-03-14' } }), at)).resolves.toEqual(['A', 'C', 'D', 'E', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { to: '2026-03-13' } }), at)).resolves.toEqual(['B', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { next: 2 } }), at)).resolves.toEqual(['C', 'D']);
  });

  it('should read the same instants on other local days in another zone', async () => {
    // Europe/Stockholm (CET, UTC+1): B's 06:59Z on 03-14 is local 03-14 07:59, inside {last: 7}
    await expect(matching(db.ds, biz, changed({ window: { last: 7 } }), { today, timezone: 'Europe/Stockholm' })).resolves.toEqual(['A', 'B', 'E', 'F']);
  });

  it('should filter on the status changed to and from', async () => {
    await expect(matching(db.ds, biz, changed({ window: { last: 7 }, to: ['in_trouble'] }), at)).resolves.toEqual(['A']);
    await expect(matching(db.ds, biz, changed({ window: { last: 7 }, to: ['loving_it'] }), at)).resolves.toEqual(['C', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 7 }, to: ['at_risk'] }), at)).resolves.toEqual([]);
    await expect(matching(db.ds, biz, changed({ window: { last: 11 }, to: ['at_risk'] }), at)).resolves.toEqual(['B', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 7 }, from: ['at_risk'] }), at)).resolves.toEqual(['A', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 7 }, from: ['loving_it'] }), at)).resolves.toEqual(['E']);
    // both filters apply to the same change: F went loving_it -> at_risk and at_risk -> loving_it, never at_risk -> at_risk
    await expect(matching(db.ds, biz, changed({ window: { last: 11 }, from: ['loving_it'], to: ['at_risk'] }), at)).resolves.toEqual(['B', 'F']);
    await expect(matching(db.ds, biz, changed({ window: { last: 11 }, from: ['at_risk'], to: ['at_risk'] }), at)).resolves.toEqual([]);
  });

  it('should treat NOT as the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: changed({ window: { last: 7 } }) }, at)).resolves.toEqual(['B', 'D', 'G']);
    await expect(matching(db.ds, biz, { not: changed({ window: { last: 7 }, to: ['loving_it'] }) }, at)).resolves.toEqual(['A', 'B', 'D', 'E', 'G']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(changed({}))).toEqual([{ path: 'window', reason: expect.stringContaining('window must be an object') }]);
    expect(problemsOf(changed({ window: { last: 0 } }))).toEqual([{ path: 'window', reason: 'window last must be a whole number of days from 1 to 3660' }]);
    expect(problemsOf({ and: [changed({ window: { last: 7 }, to: ['gone'] })] })).toEqual([
      { path: 'and[0].to', reason: 'to[0] "gone" is not one of: in_trouble, at_risk, loving_it, raving_fan, suspended' },
    ]);
    expect(problemsOf(changed({ window: { last: 7 }, from: [] }))).toEqual([{ path: 'from', reason: expect.stringContaining('from must be a non-empty array') }]);
  });
});
