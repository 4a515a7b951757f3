import { TaskAutoCloseRepository } from '../../../src/tasks/task-auto-close.repository';
import { newBusiness } from '../../support/factories';
import { seedClients, taskRow } from '../../support/tasks-fixtures';
import { createTestDb, TestDb } from '../../support/test-db';

// The auto-close statement on its own: which visits count as "came back after the task was
// created", across time zones far from UTC, and only within the business asked for.
describe('TaskAutoCloseRepository.closeReturned', () => {
  let db: TestDb;
  let sut: TaskAutoCloseRepository;

  beforeAll(async () => {
    db = await createTestDb();
    sut = new TaskAutoCloseRepository(db.ds);
  });
  afterAll(() => db.drop());

  const task = async (businessId: string, clientId: string, createdAt: string, state = 'open') => {
    const [row] = await db.ds.query(
      `INSERT INTO staff_task (business_id, client_id, reason, reason_key, due_on, due_at, created_by, origin, created_at, state, outcome, completed_at)
       VALUES ($1, $2, 'r', 'r', current_date, now(), 'user', 't', $3, $4, CASE WHEN $4 = 'done' THEN 'reached' END, CASE WHEN $4 <> 'open' THEN now() END) RETURNING id::text`,
      [businessId, clientId, createdAt, state],
    );
    return row.id as string;
  };
  // a visit as the ingest writer stores it: local day in the business's zone, last_visit_on kept
  const visit = async (businessId: string, clientId: string, at: string, tz: string) => {
    await db.ds.query(
      `INSERT INTO visit (business_id, source, external_id, client_id, visited_at, visited_on) VALUES ($1, 'import', gen_random_uuid()::text, $2, $3, ($3::timestamptz AT TIME ZONE $4)::date)`,
      [businessId, clientId, at, tz],
    );
    await db.ds.query(`UPDATE client SET last_visit_on = GREATEST(last_visit_on, ($2::timestamptz AT TIME ZONE $3)::date) WHERE id = $1`, [clientId, at, tz]);
  };

  it('should close only tasks whose client visited strictly after the task was created', async () => {
    const { businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' });
    const c = await seedClients(db.ds, businessId, [{ key: 'after' }, { key: 'same-instant' }, { key: 'before' }, { key: 'none' }, { key: 'closed' }]);
    const after = await task(businessId, c.after, '2030-03-10T10:00:00Z');
    const sameInstant = await task(businessId, c['same-instant'], '2030-03-10T10:00:00Z');
    const before = await task(businessId, c.before, '2030-03-10T10:00:00Z');
    const none = await task(businessId, c.none, '2030-03-10T10:00:00Z');
    const closed = await task(businessId, c.closed, '2030-03-10T10:00:00Z', 'done');
    await visit(businessId, c.after, '2030-03-10T10:00:01Z', 'Europe/Stockholm');
    await visit(businessId, c.after, '2030-03-12T08:00:00Z', 'Europe/Stockholm');
    await visit(businessId, c['same-instant'], '2030-03-10T10:00:00Z', 'Europe/Stockholm');
    await visit(businessId, c.before, '2030-03-10T09:59:59Z', 'Europe/Stockholm');
    await visit(businessId, c.closed, '2030-03-11T09:00:00Z', 'Europe/Stockholm');

    const result = await sut.closeReturned(businessId);
    expect(result).toEqual([{ id: after, clientId: c.after }]);
    // the first visit after creation is the one remembered
    expect(await taskRow(db.ds, after)).toMatchObject({ state: 'done', outcome: 'returned_on_own', completed_by: 'auto', returned_visit_at: new Date('2030-03-10T10:00:01Z') });
    for (const id of [sameInstant, before, none]) expect((await taskRow(db.ds, id)).state).toBe('open');
    expect(await taskRow(db.ds, closed)).toMatchObject({ state: 'done', outcome: 'reached' });
    // running again changes nothing
    expect(await sut.closeReturned(businessId)).toEqual([]);
  });

  it.each([
    // 05:00 UTC on 2 June is still 1 June in Pago Pago (-11): the local day is before the UTC day
    ['Pacific/Pago_Pago', '2030-06-02T05:00:00Z', '2030-06-02T06:00:00Z'],
    // 23:30 UTC on 1 June is already 2 June in Kiritimati (+14)
    ['Pacific/Kiritimati', '2030-06-01T23:30:00Z', '2030-06-01T23:45:00Z'],
  ])('should find a visit whose local day differs from the UTC day (%s)', async (tz, createdAt, visitedAt) => {
    const { businessId } = await newBusiness(db.ds, { timezone: tz });
    const c = await seedClients(db.ds, businessId, [{ key: `tz-${tz}` }]);
    const id = await task(businessId, c[`tz-${tz}`], createdAt);
    await visit(businessId, c[`tz-${tz}`], visitedAt, tz);
    expect(await sut.closeReturned(businessId)).toEqual([{ id, clientId: c[`tz-${tz}`] }]);
  });

  it("should leave other businesses' tasks alone", async () => {
    const a = await newBusiness(db.ds);
    const b = await newBusiness(db.ds);
    const ca = await seedClients(db.ds, a.businessId, [{ key: 'a-1' }]);
    const cb = await seedClients(db.ds, b.businessId, [{ key: 'b-1' }]);
    const ta = await task(a.businessId, ca['a-1'], '2030-01-01T00:00:00Z');
    const tb = await task(b.businessId, cb['b-1'], '2030-01-01T00:00:00Z');
    await visit(a.businessId, ca['a-1'], '2030-01-02T00:00:00Z', 'Europe/Stockholm');
    await visit(b.businessId, cb['b-1'], '2030-01-02T00:00:00Z', 'Europe/Stockholm');
    expect(await sut.closeReturned(a.businessId)).toEqual([{ id: ta, clientId: ca['a-1'] }]);
    expect((await taskRow(db.ds, tb)).state).toBe('open');
    expect(await sut.businessesWithOpenTasks()).toContain(b.businessId);
    expect(await sut.businessesWithOpenTasks()).not.toContain(a.businessId);
  });
});
