import { INestApplication } from '@nestjs/common';
import { newBusiness } from '../support/factories';
import { attendedDaysAgo, seedAppointments } from '../support/rhythm-fixtures';
import { seedClients } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { RhythmReadRepository, RhythmService } from '../../src/rhythm';

// The worked rules of docs/rhythm.md at their boundaries, at a pinned instant: 12:00 UTC on
// 1 June 2026 is 14:00 on 1 June in Stockholm, so "today" is 2026-06-01.
const AT = new Date('2026-06-01T12:00:00Z');
const TODAY = '2026-06-01';

describe('rhythm: the rules at their boundaries', () => {
  let app: TestApp;
  let rhythm: RhythmService;
  let read: RhythmReadRepository;

  beforeAll(async () => {
    app = await startTestApp();
    rhythm = (app.http as INestApplication).get(RhythmService, { strict: false });
    read = (app.http as INestApplication).get(RhythmReadRepository, { strict: false });
  });
  afterAll(() => app.close());

  async function fresh(keys: string[]): Promise<{ businessId: string; ids: Record<string, string> }> {
    const { businessId } = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const ids = await seedClients(
      app.ds,
      businessId,
      keys.map((key) => ({ key, firstName: key })),
    );
    return { businessId, ids };
  }

  async function rows(businessId: string): Promise<Record<string, { appointments: number; last_on: string; interval: number; due_on: string; overdue_from: string; gone_from: string }>> {
    const out = (await app.ds.query(
      `SELECT c.first_name || '/' || r.service_category AS k, r.appointments, to_char(r.last_on, 'YYYY-MM-DD') AS last_on, r.usual_interval_days::float8 AS interval,
              to_char(r.due_on, 'YYYY-MM-DD') AS due_on, to_char(r.overdue_from, 'YYYY-MM-DD') AS overdue_from, to_char(r.gone_from, 'YYYY-MM-DD') AS gone_from
         FROM client_rhythm r JOIN client c ON c.id = r.client_id WHERE r.business_id = $1`,
      [businessId],
    )) as Array<{ k: string; appointments: number; last_on: string; interval: number; due_on: string; overdue_from: string; gone_from: string }>;
    return Object.fromEntries(out.map(({ k, ...r }) => [k, r]));
  }

  async function overdueNames(businessId: string, category?: string): Promise<string[]> {
    const page = await read.overdueClients(businessId, { serviceCategory: category, limit: 100, offset: 0, sort: 'name', order: 'asc' }, AT);
    return page.rows.map((r) => `${r.name}/${r.serviceCategory}`);
  }

  it('should know a rhythm from the third attended day, counting two appointments on one day once and ignoring no-shows and cancellations', async () => {
    const { businessId, ids } = await fresh(['two', 'three', 'sameDay', 'ignored']);
    await seedAppointments(app.ds, businessId, [
      ...attendedDaysAgo(ids.two, 'Hair', TODAY, [60, 30]),
      ...attendedDaysAgo(ids.three, 'Hair', TODAY, [90, 60, 30]),
      // three appointments, but two on one day (morning and afternoon): two days
      ...attendedDaysAgo(ids.sameDay, 'Hair', TODAY, [60, 30]),
      { clientId: ids.sameDay, category: 'Hair', day: '2026-05-02', time: '16:30' },
      // two attended; a no-show, a late cancellation and a cancellation do not count
      ...attendedDaysAgo(ids.ignored, 'Hair', TODAY, [90, 60]),
      { clientId: ids.ignored, category: 'Hair', day: '2026-05-02', state: 'no_show' },
      { clientId: ids.ignored, category: 'Hair', day: '2026-05-10', state: 'late_cancelled' },
      { clientId: ids.ignored, category: 'Hair', day: '2026-05-20', state: 'cancelled' },
    ]);
    await rhythm.recompute(businessId, undefined, AT);
    const r = await rows(businessId);
    expect(Object.keys(r)).toEqual(['three/Hair']);
    expect(r['three/Hair']).toMatchObject({ appointments: 3, last_on: '2026-05-02', interval: 30 });
    // late day of "sameDay" at 16:30 and the morning one: still two days after a third booking that day
    expect((await read.categories(businessId, AT)).map((c) => c.known)).toEqual([1]);
  });

  it('should take the median of the last 6 intervals only (a change of habit is followed)', async () => {
    const { businessId, ids } = await fresh(['habit', 'even']);
    // intervals oldest to newest: 100, 100, 10, 20, 30, 40, 50, 60 -> the last six are 10..60, median 35
    // (all eight would give 45)
    const gaps = [100, 100, 10, 20, 30, 40, 50, 60];
    const ago: number[] = [5];
    for (let i = gaps.length - 1; i >= 0; i--) ago.unshift(ago[0] + gaps[i]);
    // three intervals, odd count: 7, 9, 30 -> median 9
    await seedAppointments(app.ds, businessId, [...attendedDaysAgo(ids.habit, 'Hair', TODAY, ago), ...attendedDaysAgo(ids.even, 'Nails', TODAY, [56, 49, 40, 10])]);
    await rhythm.recompute(businessId, undefined, AT);
    const r = await rows(businessId);
    expect(r['habit/Hair']).toMatchObject({ appointments: 9, interval: 35 });
    expect(r['even/Nails']).toMatchObject({ appointments: 4, interval: 9 });
  });

  it('should turn overdue the day after interval x 1.25, and after the 7-day minimum when that is larger', async () => {
    const { businessId, ids } = await fresh(['at50', 'at51', 'at27', 'at28']);
    await seedAppointments(app.ds, businessId, [
      // interval 40: 40 x 0.25 = 10 days of slack, threshold 50
      ...attendedDaysAgo(ids.at50, 'Massage', TODAY, [130, 90, 50]),
      ...attendedDaysAgo(ids.at51, 'Massage', TODAY, [131, 91, 51]),
      // interval 20: 20 x 0.25 = 5 < 7, so 7 days of slack, threshold 27
      ...attendedDaysAgo(ids.at27, 'Physio', TODAY, [67, 47, 27]),
      ...attendedDaysAgo(ids.at28, 'Physio', TODAY, [68, 48, 28]),
    ]);
    await rhythm.recompute(businessId, undefined, AT);
    expect(await overdueNames(businessId)).toEqual(['at28/Physio', 'at51/Massage']);
    const page = await read.overdueClients(businessId, { serviceCategory: 'Massage', limit: 10, offset: 0 }, AT);
    expect(page).toEqual({ total: 1, rows: [{ clientId: ids.at51, name: 'at51', serviceCategory: 'Massage', lastAppointmentOn: '2026-04-11', usualIntervalDays: 40, daysOverdue: 11 }] });
    expect(await read.categories(businessId, AT)).toEqual([
      { serviceCategory: 'Massage', overdue: 1, known: 2 },
      { serviceCategory: 'Physio', overdue: 1, known: 2 },
    ]);
  });

  it('should leave the overdue list after interval x 4 (gone)', async () => {
    const { businessId, ids } = await fresh(['at80', 'at81']);
    await seedAppointments(app.ds, businessId, [...attendedDaysAgo(ids.at80, 'Hair', TODAY, [120, 100, 80]), ...attendedDaysAgo(ids.at81, 'Hair', TODAY, [121, 101, 81])]);
    await rhythm.recompute(businessId, undefined, AT);
    expect(await overdueNames(businessId, 'Hair')).toEqual(['at80/Hair']);
    // still known (segments can reach the gone), only off the list
    expect(await read.categories(businessId, AT)).toEqual([{ serviceCategory: 'Hair', overdue: 1, known: 2 }]);
    expect(await read.overdueClientIds(businessId, null, AT)).toEqual([{ clientId: ids.at80, serviceCategory: 'Hair', usualIntervalDays: 20 }]);
  });

  it('should keep a client with a future booking in the category off the list, but not one booked in another category', async () => {
    const { businessId, ids } = await fresh(['bookedHair', 'bookedNails', 'pastBooked']);
    await seedAppointments(app.ds, businessId, [
      ...attendedDaysAgo(ids.bookedHair, 'Hair', TODAY, [120, 90, 60]),
      { clientId: ids.bookedHair, category: 'Hair', day: '2026-06-03', state: 'booked' },
      ...attendedDaysAgo(ids.bookedNails, 'Hair', TODAY, [120, 90, 60]),
      { clientId: ids.bookedNails, category: 'Nails', day: '2026-06-03', state: 'booked' },
      // booked in the past and never marked attended: not a future booking
      ...attendedDaysAgo(ids.pastBooked, 'Hair', TODAY, [120, 90, 60]),
      { clientId: ids.pastBooked, category: 'Hair', day: '2026-05-30', state: 'booked' },
    ]);
    await rhythm.recompute(businessId, undefined, AT);
    expect(await overdueNames(businessId)).toEqual(['bookedNails/Hair', 'pastBooked/Hair']);
  });

  it('should follow a category renamed at the source: rows under the old name disappear', async () => {
    const { businessId, ids } = await fresh(['ann']);
    await seedAppointments(app.ds, businessId, attendedDaysAgo(ids.ann, 'Colour', TODAY, [150, 100, 50]));
    await rhythm.recompute(businessId, [ids.ann], AT);
    expect(Object.keys(await rows(businessId))).toEqual(['ann/Colour']);
    await app.ds.query(`UPDATE booking SET service_category = 'Hair colour' WHERE business_id = $1 AND service_category = 'Colour'`, [businessId]);
    await rhythm.recompute(businessId, [ids.ann], AT);
    expect(Object.keys(await rows(businessId))).toEqual(['ann/Hair colour']);
    expect((await read.categories(businessId, AT)).map((c) => c.serviceCategory)).toEqual(['Hair colour']);
  });

  it('should use the business settings: a larger tolerance and slack, fewer appointments to know a rhythm', async () => {
    const { businessId, ids } = await fresh(['bea', 'cy']);
    await seedAppointments(app.ds, businessId, [...attendedDaysAgo(ids.bea, 'Hair', TODAY, [80, 60, 40]), ...attendedDaysAgo(ids.cy, 'Hair', TODAY, [60, 30])]);
    await rhythm.recompute(businessId, undefined, AT);
    expect(await overdueNames(businessId)).toEqual(['bea/Hair']);
    await app.ds.query(`INSERT INTO rhythm_settings (business_id, min_appointments, tolerance, min_slack_days) VALUES ($1, 2, 1.5, 30)`, [businessId]);
    await rhythm.recompute(businessId, undefined, AT);
    // interval 20 -> threshold 20 + max(10, 30) = 50 > 40: no longer overdue; cy's rhythm (one interval of 30) is
    // known, overdue from 2 May + 30 + max(15, 30) + 1
    expect(await overdueNames(businessId)).toEqual([]);
    expect(await rows(businessId)).toMatchObject({ 'cy/Hair': { appointments: 2, interval: 30, overdue_from: '2026-07-02' } });
  });
});
