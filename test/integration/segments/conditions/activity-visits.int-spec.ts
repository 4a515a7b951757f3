import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20 (Europe/Stockholm, UTC+1 until 29 March), so {last: 30} is 2026-02-19 ..
// 2026-03-20. Times are written with the local offset. Unique visit days per client in that window:
//   FIRST_DAY 1 (08:00 on the first day)        DAY_BEFORE 0 (23:30 the day before the window)
//   LAST_DAY 1 (23:30 today)                    SAME_DAY 1 (two check-ins, one local day)
//   MIDNIGHT 2 (23:30 and 00:30 the next local day: one UTC day, two local days)
//   THREE 3 (three days, one of them twice, plus one day before the window)
//   NONE 0 (never visited)                      OLD 0 (visited in January only)
// Another business (UTC) has the same external ids, NONE with 5 visit days in the window.
describe('condition: visits', () => {
  let db: TestDb;
  let biz: string;
  let other: string;
  const today = '2026-03-20';
  const last30 = { last: 30 };
  const visits = (operator: string, value: number, window: object = last30, to?: number) => ({ condition: 'visits', operator, value, window, ...(to !== undefined ? { to } : {}) });
  const ALL = ['DAY_BEFORE', 'FIRST_DAY', 'LAST_DAY', 'MIDNIGHT', 'NONE', 'OLD', 'SAME_DAY', 'THREE'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    ({ businessId: other } = await newBusiness(db.ds, { timezone: 'UTC' }));
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: ALL.map((externalId) => ({ externalId })) });
    let n = 0;
    const visit = (client: string, visitedAt: string) => ({ externalId: `v${++n}`, clientExternalId: client, visitedAt, kind: 'gym' });
    await write({
      entity: 'visits',
      records: [
        visit('FIRST_DAY', '2026-02-19T08:00:00+01:00'),
        visit('DAY_BEFORE', '2026-02-18T23:30:00+01:00'),
        visit('LAST_DAY', '2026-03-20T23:30:00+01:00'),
        visit('SAME_DAY', '2026-03-10T08:00:00+01:00'),
        visit('SAME_DAY', '2026-03-10T18:00:00+01:00'),
        visit('MIDNIGHT', '2026-03-10T23:30:00+01:00'),
        visit('MIDNIGHT', '2026-03-11T00:30:00+01:00'),
        visit('THREE', '2026-02-10T10:00:00+01:00'),
        visit('THREE', '2026-03-01T10:00:00+01:00'),
        visit('THREE', '2026-03-05T10:00:00+01:00'),
        visit('THREE', '2026-03-05T19:00:00+01:00'),
        visit('THREE', '2026-03-19T10:00:00+01:00'),
        visit('OLD', '2026-01-05T10:00:00+01:00'),
      ],
    });
    const writeOther = writer(db.ds, other);
    await writeOther({ entity: 'clients', records: ALL.map((externalId) => ({ externalId })) });
    await writeOther({
      entity: 'visits',
      records: [
        ...['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map((d, i) => ({ externalId: `o${i}`, clientExternalId: 'NONE', visitedAt: `${d}T10:00:00Z`, kind: 'gym' })),
        { externalId: 'o-m1', clientExternalId: 'MIDNIGHT', visitedAt: '2026-03-10T22:30:00Z', kind: 'gym' },
        { externalId: 'o-m2', clientExternalId: 'MIDNIGHT', visitedAt: '2026-03-10T23:30:00Z', kind: 'gym' },
      ],
    });
  });
  afterAll(() => db.drop());

  const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

  it('should include the first and last day of the window and exclude the day before', async () => {
    await expect(ours(visits('>=', 1))).resolves.toEqual(['FIRST_DAY', 'LAST_DAY', 'MIDNIGHT', 'SAME_DAY', 'THREE']);
    await expect(ours(visits('>=', 1, { from: '2026-02-18', to: '2026-02-18' }))).resolves.toEqual(['DAY_BEFORE']);
    await expect(ours(visits('>=', 1, { from: '2026-02-19', to: '2026-02-19' }))).resolves.toEqual(['FIRST_DAY']);
  });

  it('should count unique local days, not check-ins', async () => {
    await expect(ours(visits('=', 1))).resolves.toEqual(['FIRST_DAY', 'LAST_DAY', 'SAME_DAY']);
    await expect(ours(visits('=', 2))).resolves.toEqual(['MIDNIGHT']);
    await expect(ours(visits('=', 3))).resolves.toEqual(['THREE']);
    await expect(ours(visits('>', 2))).resolves.toEqual(['THREE']);
    await expect(ours(visits('between', 2, last30, 3))).resolves.toEqual(['MIDNIGHT', 'THREE']);
    // the same two instants are one day in a UTC business
    await expect(matching(db.ds, other, visits('=', 1), { today, timezone: 'UTC' })).resolves.toEqual(['MIDNIGHT']);
  });

  it('should match clients with no visits at all when zero satisfies the comparison', async () => {
    await expect(ours(visits('=', 0))).resolves.toEqual(['DAY_BEFORE', 'NONE', 'OLD']);
    await expect(ours(visits('<', 2))).resolves.toEqual(['DAY_BEFORE', 'FIRST_DAY', 'LAST_DAY', 'NONE', 'OLD', 'SAME_DAY']);
    await expect(ours(visits('<=', 2))).resolves.toEqual(['DAY_BEFORE', 'FIRST_DAY', 'LAST_DAY', 'MIDNIGHT', 'NONE', 'OLD', 'SAME_DAY']);
    await expect(ours(visits('!=', 1))).resolves.toEqual(['DAY_BEFORE', 'MIDNIGHT', 'NONE', 'OLD', 'THREE']);
    await expect(ours(visits('between', 0, last30, 1))).resolves.toEqual(['DAY_BEFORE', 'FIRST_DAY', 'LAST_DAY', 'NONE', 'OLD', 'SAME_DAY']);
    await expect(ours(visits('>=', 0))).resolves.toEqual(ALL);
    await expect(ours(visits('<', 0 + 1, { from: '2026-03-20' }))).resolves.toEqual(ALL.filter((c) => c !== 'LAST_DAY'));
  });

  it('should be the exact complement under NOT, and combine with other leaves', async () => {
    await expect(ours({ not: visits('>=', 2) })).resolves.toEqual(['DAY_BEFORE', 'FIRST_DAY', 'LAST_DAY', 'NONE', 'OLD', 'SAME_DAY']);
    await expect(ours({ not: visits('=', 0) })).resolves.toEqual(['FIRST_DAY', 'LAST_DAY', 'MIDNIGHT', 'SAME_DAY', 'THREE']);
    // visited in the last 30 days but not in the last 7 (THREE and LAST_DAY came back this week)
    await expect(ours({ and: [visits('>=', 1), { not: visits('>=', 1, { last: 7 }) }] })).resolves.toEqual(['FIRST_DAY', 'MIDNIGHT', 'SAME_DAY']);
    await expect(ours({ or: [visits('=', 3), visits('=', 0, { from: '2026-01-01', to: today })] })).resolves.toEqual(['NONE', 'THREE']);
  });

  it("should never count another business's visits", async () => {
    // NONE has five visit days in the other business and none here
    await expect(ours(visits('>=', 4))).resolves.toEqual([]);
    await expect(matching(db.ds, other, visits('>=', 4), { today, timezone: 'UTC' })).resolves.toEqual(['NONE']);
    await expect(matching(db.ds, other, visits('=', 0), { today, timezone: 'UTC' })).resolves.toEqual(ALL.filter((c) => !['NONE', 'MIDNIGHT'].includes(c)));
  });

  it('should read future and open-ended windows as local days', async () => {
    await expect(ours(visits('>=', 1, { next: 1 }))).resolves.toEqual(['LAST_DAY']);
    await expect(ours(visits('>=', 1, { to: '2026-01-31' }))).resolves.toEqual(['OLD']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf({ condition: 'visits', operator: '>=', value: 2 })).toEqual([{ path: 'window', reason: expect.stringContaining('window must be an object') }]);
    expect(problemsOf({ and: [{ not: visits('>=', 1.5) }] })).toEqual([{ path: 'and[0].not.value', reason: 'value must be a whole number' }]);
    expect(problemsOf(visits('>=', -1))).toEqual([{ path: 'value', reason: expect.stringContaining('value must be a whole number from 0 to') }]);
    expect(problemsOf(visits('>=', 1, { last: 0 }))).toEqual([{ path: 'window', reason: expect.stringContaining('last must be a whole number of days') }]);
    expect(problemsOf(visits('>=', 1, { last: 7, from: '2026-01-01' }))).toEqual([{ path: 'window', reason: expect.stringContaining('exactly one of') }]);
    expect(problemsOf(visits('between', 3, last30, 2))).toEqual([{ path: 'to', reason: 'to must be a number >= value' }]);
    expect(problemsOf({ ...visits('>=', 1), kind: 'gym' })).toEqual([{ path: 'kind', reason: expect.stringContaining('should not exist') }]);
  });
});

// Check-ins (not days) that are not for a group class, in the window {last: 30}:
//   GYM 2 (two gym check-ins the same day)       CLASS 0 (class check-in for a class booking)
//   DROP_IN 0 (class check-in, no booking)        APPT 1 (appointment check-in for its booking)
//   GYM_FOR_CLASS 0 (kind gym, linked to a class booking)
//   MIXED 2 (gym + class + appointment, one gym check-in the day before the window)
//   NONE 0
describe('condition: gym_visits', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const gym = (operator: string, value: number, window: object = { last: 30 }) => ({ condition: 'gym_visits', operator, value, window });

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: ['GYM', 'CLASS', 'DROP_IN', 'APPT', 'GYM_FOR_CLASS', 'MIXED', 'NONE'].map((externalId) => ({ externalId })) });
    const booking = (externalId: string, client: string, kind: string) => ({ externalId, clientExternalId: client, kind, startsAt: '2026-03-10T18:00:00+01:00', state: 'attended' });
    await write({
      entity: 'bookings',
      records: [
        booking('b-class', 'CLASS', 'class'),
        booking('b-appt', 'APPT', 'appointment'),
        booking('b-gfc', 'GYM_FOR_CLASS', 'class'),
        booking('b-mc', 'MIXED', 'class'),
        booking('b-ma', 'MIXED', 'appointment'),
      ],
    });
    let n = 0;
    const visit = (client: string, kind: string, visitedAt = '2026-03-10T17:55:00+01:00', bookingExternalId?: string) => ({
      externalId: `v${++n}`,
      clientExternalId: client,
      kind,
      visitedAt,
      ...(bookingExternalId ? { bookingExternalId } : {}),
    });
    await write({
      entity: 'visits',
      records: [
        visit('GYM', 'gym', '2026-03-10T07:00:00+01:00'),
        visit('GYM', 'gym', '2026-03-10T19:00:00+01:00'),
        visit('CLASS', 'class', undefined, 'b-class'),
        visit('DROP_IN', 'class'),
        visit('APPT', 'appointment', undefined, 'b-appt'),
        visit('GYM_FOR_CLASS', 'gym', undefined, 'b-gfc'),
        visit('MIXED', 'gym', '2026-02-19T06:00:00+01:00'),
        visit('MIXED', 'gym', '2026-02-18T20:00:00+01:00'),
        visit('MIXED', 'class', undefined, 'b-mc'),
        visit('MIXED', 'appointment', '2026-03-12T12:00:00+01:00', 'b-ma'),
      ],
    });
  });
  afterAll(() => db.drop());

  const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

  it('should count check-ins not tied to a class', async () => {
    await expect(ours(gym('>=', 1))).resolves.toEqual(['APPT', 'GYM', 'MIXED']);
    await expect(ours(gym('=', 2))).resolves.toEqual(['GYM', 'MIXED']);
    await expect(ours(gym('=', 1))).resolves.toEqual(['APPT']);
    await expect(ours(gym('>=', 3, { last: 31 }))).resolves.toEqual(['MIXED']);
  });

  it('should match clients without such check-ins when zero satisfies the comparison', async () => {
    await expect(ours(gym('=', 0))).resolves.toEqual(['CLASS', 'DROP_IN', 'GYM_FOR_CLASS', 'NONE']);
    await expect(ours(gym('<', 2))).resolves.toEqual(['APPT', 'CLASS', 'DROP_IN', 'GYM_FOR_CLASS', 'NONE']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf({ condition: 'gym_visits', operator: 'about', value: 1, window: { last: 7 } })).toEqual([{ path: 'operator', reason: expect.stringContaining('operator must be one of') }]);
    expect(problemsOf(gym('>=', 1, { last: 7, unknown: 1 }))).toEqual([{ path: 'window', reason: expect.stringContaining('unknown key(s) unknown') }]);
  });
});
