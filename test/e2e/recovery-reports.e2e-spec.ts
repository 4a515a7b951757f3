import request from 'supertest';
import { newBusiness } from '../support/factories';
import { seedManyClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The recovery report over HTTP: entries per business-local month, regained rate, median days to
// regain and regained monthly value, per reason and per assignee, over a range; validation;
// another business's entries never count.
describe('recovery reports API', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let staff: Record<string, string>;
  const report = (query: string, key = a.apiKey) =>
    request(app.url)
      .get(`/api/v1/recovery/reports${query}`)
      .set({ Authorization: `Bearer ${key}` });
  let seq = 0;

  async function seed(businessId: string, rows: Array<{ created: string; outcome?: string; after?: number; reason?: string; staff?: string; value?: number }>): Promise<void> {
    const clients = await seedManyClients(app.ds, businessId, `r${seq}`, rows.length);
    const [phase] = await app.ds.query(`SELECT p.id FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id WHERE g.business_id = $1 AND g.active ORDER BY p.position LIMIT 1`, [
      businessId,
    ]);
    for (const [i, r] of rows.entries()) {
      await app.ds.query(
        `INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id, reason, monthly_value, assignee_staff_id, created_at, outcome, outcome_at)
         VALUES ($1, $2, 'cancellation', $3, $4, $5, $6, $7, $8::timestamptz, $9::text, CASE WHEN $9::text IS NULL THEN NULL ELSE $8::timestamptz + make_interval(days => $10::int) END)`,
        [businessId, clients[i], `subscription:r${++seq}`, phase.id, r.reason ?? null, r.value ?? 0, r.staff ?? null, r.created, r.outcome ?? null, r.after ?? 0],
      );
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    // Stockholm: 2031-01-31T23:30Z is already February locally
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    b = await newBusiness(app.ds);
    staff = await seedStaff(app.ds, a.businessId, [
      { key: 'sam', firstName: 'Sam', lastName: 'Berg' },
      { key: 'kim', firstName: 'Kim' },
    ]);
    await seed(a.businessId, [
      { created: '2031-01-10T10:00:00Z', outcome: 'regained', after: 4, reason: 'price', staff: staff.sam, value: 5000 },
      { created: '2031-01-12T10:00:00Z', outcome: 'regained', after: 10, reason: 'price', staff: staff.sam, value: 3000 },
      { created: '2031-01-20T10:00:00Z', outcome: 'lost', after: 60, reason: 'moved', staff: staff.kim, value: 4000 },
      { created: '2031-01-31T23:30:00Z', outcome: 'regained', after: 20, reason: 'moved', staff: staff.kim, value: 2000 },
      { created: '2031-02-05T10:00:00Z', reason: 'price', value: 1000 },
      { created: '2031-02-06T10:00:00Z', outcome: 'not_edited', after: 1 },
      // outside the range
      { created: '2031-04-01T10:00:00Z', outcome: 'regained', after: 1, reason: 'price', staff: staff.sam, value: 99999 },
    ]);
    await seed(b.businessId, [{ created: '2031-01-15T10:00:00Z', outcome: 'regained', after: 1, reason: 'price', value: 12345 }]);
  });
  afterAll(() => app.close());

  it('should count entries per local month with regained rate, median days to regain and regained value', async () => {
    const r = (await report('?from=2031-01-01&to=2031-03-31').expect(200)).body;
    expect(r.totals).toEqual({ entries: 6, open: 1, regained: 3, lost: 1, notEdited: 1, regainedRate: 0.5, medianDaysToRegain: 10, regainedMonthlyValue: 10000 });
    expect(r.months).toEqual([
      { month: '2031-01', entries: 3, open: 0, regained: 2, lost: 1, notEdited: 0, regainedRate: 0.6667, medianDaysToRegain: 7, regainedMonthlyValue: 8000 },
      { month: '2031-02', entries: 3, open: 1, regained: 1, lost: 0, notEdited: 1, regainedRate: 0.3333, medianDaysToRegain: 20, regainedMonthlyValue: 2000 },
    ]);
  });

  it('should break the figures down per reason and per assignee', async () => {
    const r = (await report('?from=2031-01-01&to=2031-03-31').expect(200)).body;
    expect(r.byReason).toEqual([
      expect.objectContaining({ reason: 'price', entries: 3, regained: 2, regainedRate: 0.6667, medianDaysToRegain: 7, regainedMonthlyValue: 8000 }),
      expect.objectContaining({ reason: 'moved', entries: 2, regained: 1, lost: 1, medianDaysToRegain: 20, regainedMonthlyValue: 2000 }),
      expect.objectContaining({ reason: null, entries: 1, notEdited: 1, medianDaysToRegain: null, regainedMonthlyValue: 0 }),
    ]);
    expect(r.byStaff).toEqual([
      expect.objectContaining({ staffId: staff.sam, staffName: 'Sam Berg', entries: 2, regained: 2, regainedRate: 1, medianDaysToRegain: 7 }),
      expect.objectContaining({ staffId: staff.kim, staffName: 'Kim', entries: 2, regained: 1, lost: 1 }),
      expect.objectContaining({ staffId: null, staffName: null, entries: 2, open: 1, notEdited: 1 }),
    ]);
  });

  it('should honour the range by local day, inclusive', async () => {
    // 2031-01-31T23:30Z is 2031-02-01 in Stockholm
    const jan = (await report('?from=2031-01-01&to=2031-01-31').expect(200)).body;
    expect(jan.totals.entries).toBe(3);
    const feb1 = (await report('?from=2031-02-01&to=2031-02-01').expect(200)).body;
    expect(feb1.totals).toMatchObject({ entries: 1, regained: 1, regainedMonthlyValue: 2000 });
    const empty = (await report('?from=2030-01-01&to=2030-12-31').expect(200)).body;
    expect(empty).toMatchObject({ totals: { entries: 0, regainedRate: 0, medianDaysToRegain: null, regainedMonthlyValue: 0 }, months: [], byReason: [], byStaff: [] });
  });

  it('should refuse bad ranges with a 400 naming the field', async () => {
    expect((await report('?from=2031-13-01&to=2031-01-31').expect(400)).body.problems[0].path).toBe('from');
    expect((await report('?from=2031-02-01&to=2031-02-30').expect(400)).body.problems[0].path).toBe('to');
    expect((await report('?from=2031-02-01&to=2031-01-31').expect(400)).body.problems[0].path).toBe('to');
    expect((await report('?from=2020-01-01&to=2031-01-31').expect(400)).body.problems[0].path).toBe('to');
    expect((await report('?to=2031-01-31').expect(400)).body.problems[0].path).toBe('from');
  });

  it("should count only the caller's business", async () => {
    const r = (await report('?from=2031-01-01&to=2031-01-31', b.apiKey).expect(200)).body;
    expect(r.totals).toMatchObject({ entries: 1, regained: 1, regainedMonthlyValue: 12345 });
  });
});
