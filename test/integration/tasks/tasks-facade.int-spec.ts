import { TasksService } from '../../../src/tasks/tasks.service';
import { CreateTasksCommand } from '../../../src/tasks/tasks.types';
import { SmtpSink, startSmtpSink } from '../../fakes/smtp-sink';
import { newBusiness } from '../../support/factories';
import { seedClients, seedManyClients, seedStaff, seedTeam, taskRow } from '../../support/tasks-fixtures';
import { startTestApp, TestApp } from '../../support/test-app';

// TasksService.create, the facade campaigns and automations call: batches, de-duplication,
// snoozes, assignment (owner / staff / team round-robin across processes), tenancy, scale.
describe('TasksService.create (batch facade)', () => {
  let app: TestApp;
  let second: TestApp;
  let sut: TasksService;
  let sutElsewhere: TasksService;
  let sink: SmtpSink;
  let a: string;
  let b: string;
  let staff: Record<string, string>;
  let bStaff: Record<string, string>;
  let clients: Record<string, string>;
  let bClients: Record<string, string>;

  const base = (over: Partial<CreateTasksCommand>): CreateTasksCommand => ({
    businessId: a,
    clientIds: [],
    reason: 'At Risk: absent',
    reasonKey: 'at_risk',
    createdBy: 'automation',
    origin: 'automation:1:step:call',
    ...over,
  });
  const cmd = base;
  const openTasks = async (businessId: string, reasonKey: string) =>
    app.ds.query(
      `SELECT client_id::text AS client, assignee_staff_id::text AS assignee, priority, raised_count FROM staff_task WHERE business_id = $1 AND reason_key = $2 AND state = 'open' ORDER BY client_id`,
      [businessId, reasonKey],
    );

  beforeAll(async () => {
    sink = await startSmtpSink();
    const smtp = sink.url;
    app = await startTestApp({ http: false, worker: true, env: { SMTP_URL: smtp } });
    second = await startTestApp({ http: false, worker: true, db: app.db, env: { SMTP_URL: smtp } });
    sut = app.worker!.get(TasksService, { strict: false });
    sutElsewhere = second.worker!.get(TasksService, { strict: false });
    a = (await newBusiness(app.ds)).businessId;
    b = (await newBusiness(app.ds)).businessId;
    staff = await seedStaff(app.ds, a, [{ key: 'sam' }, { key: 'kim' }, { key: 'lee' }, { key: 'old', active: false }]);
    bStaff = await seedStaff(app.ds, b, [{ key: 'bea' }]);
    clients = await seedClients(app.ds, a, [{ key: 'owned', ownerStaffId: staff.sam }, { key: 'orphan' }, { key: 'stale-owner', ownerStaffId: staff.old }, { key: 'kims', ownerStaffId: staff.kim }]);
    bClients = await seedClients(app.ds, b, [{ key: 'b-client', ownerStaffId: bStaff.bea }]);
  });
  afterAll(async () => {
    await second.close();
    await app.close();
    await sink.close();
  });

  it('should create one task per live client of the business and skip unknown and foreign ids', async () => {
    await app.ds.query(`INSERT INTO client (business_id, source, external_id, deleted_at) VALUES ($1, 'import', 'gone', now())`, [a]);
    const [gone] = await app.ds.query(`SELECT id::text FROM client WHERE external_id = 'gone'`);
    const result = await sut.create(cmd({ clientIds: [clients.owned, clients.orphan, clients.owned, bClients['b-client'], '999999999', gone.id] }));
    expect(result).toMatchObject({ created: 2, updated: 0, skipped: 3, skippedReasons: { snoozed: 0, clientNotFound: 3 }, unassigned: 1 });
    expect(result.tasks.map((t) => [t.clientId, t.action, t.assigneeStaffId])).toEqual([
      [clients.owned, 'created', staff.sam],
      [clients.orphan, 'created', null],
    ]);
    // nothing was written for business B's client
    expect(await app.ds.query(`SELECT * FROM staff_task WHERE business_id = $1`, [b])).toEqual([]);
    const row = await taskRow(app.ds, result.tasks[0].taskId);
    expect(row).toMatchObject({ business_id: a, reason: 'At Risk: absent', reason_key: 'at_risk', created_by: 'automation', origin: 'automation:1:step:call', state: 'open', priority: 'normal' });
  });

  it('should update the open task instead of duplicating it: earlier due wins, priority only goes up', async () => {
    const first = await sut.create(cmd({ clientIds: [clients.kims], reasonKey: 'dedupe', due: { on: '2031-03-10' }, priority: 'high', instructions: 'Call' }));
    expect(first.created).toBe(1);
    const later = await sut.create(cmd({ clientIds: [clients.kims], reasonKey: 'dedupe', due: { on: '2031-03-20' }, priority: 'low', instructions: null }));
    expect(later).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    expect(later.tasks[0].taskId).toBe(first.tasks[0].taskId);
    let row = await taskRow(app.ds, first.tasks[0].taskId);
    expect(row).toMatchObject({ priority: 'high', instructions: 'Call', raised_count: 2 });
    expect(row.due_at.toISOString()).toBe('2031-03-10T23:00:00.000Z'); // end of 10 March in Stockholm (CET)

    const sooner = await sut.create(cmd({ clientIds: [clients.kims], reasonKey: 'dedupe', reason: 'Still absent', due: { on: '2031-03-05' }, priority: 'urgent', instructions: 'Call today' }));
    expect(sooner.updated).toBe(1);
    row = await taskRow(app.ds, first.tasks[0].taskId);
    expect(row).toMatchObject({ priority: 'urgent', instructions: 'Call today', reason: 'Still absent', raised_count: 3, assignee_staff_id: staff.kim });
    expect(row.due_at.toISOString()).toBe('2031-03-05T23:00:00.000Z');
    expect(await openTasks(a, 'dedupe')).toHaveLength(1);

    // once the task is closed, the next raise is a new task
    await app.ds.query(`UPDATE staff_task SET state = 'done', outcome = 'reached', completed_at = now() WHERE id = $1`, [first.tasks[0].taskId]);
    const again = await sut.create(cmd({ clientIds: [clients.kims], reasonKey: 'dedupe' }));
    expect(again.created).toBe(1);
    expect(again.tasks[0].taskId).not.toBe(first.tasks[0].taskId);
  });

  it('should derive the key from the reason so differently written reasons de-duplicate', async () => {
    const one = await sut.create(cmd({ clientIds: [clients.orphan], reason: 'Missed  renewal!', reasonKey: undefined }));
    const two = await sut.create(cmd({ clientIds: [clients.orphan], reason: 'missed renewal', reasonKey: undefined }));
    expect(one.created).toBe(1);
    expect(two).toMatchObject({ created: 0, updated: 1 });
    expect((await taskRow(app.ds, one.tasks[0].taskId)).reason_key).toBe('missed_renewal');
  });

  it('should raise nothing for a client + reason while its snooze runs, and again once it ended', async () => {
    await app.ds.query(
      `INSERT INTO staff_task_snooze (business_id, client_id, reason_key, snoozed_until, reason, created_by) VALUES ($1, $2, 'snoozy', now() + interval '1 day', 'on holiday', 'test')`,
      [a, clients.owned],
    );
    const during = await sut.create(cmd({ clientIds: [clients.owned, clients.kims], reasonKey: 'snoozy' }));
    expect(during).toMatchObject({ created: 1, skipped: 1, skippedReasons: { snoozed: 1, clientNotFound: 0 } });
    expect((await openTasks(a, 'snoozy')).map((t: { client: string }) => t.client)).toEqual([clients.kims]);
    // a snooze of another business's client + the same key changes nothing here
    await app.ds.query(`UPDATE staff_task_snooze SET snoozed_until = now() - interval '1 second' WHERE client_id = $1`, [clients.owned]);
    const after = await sut.create(cmd({ clientIds: [clients.owned, clients.kims], reasonKey: 'snoozy' }));
    expect(after).toMatchObject({ created: 1, updated: 1, skipped: 0 });
  });

  it('should assign to the active owner, else the chosen staff member, else the team, else nobody', async () => {
    const team = await seedTeam(app.ds, a, 'Front desk', [staff.lee]);
    const owner = await sut.create(cmd({ reasonKey: 'assign-owner', clientIds: [clients.owned, clients['stale-owner'], clients.orphan], assignment: { mode: 'owner', staffId: staff.kim } }));
    expect(owner.tasks.map((t) => t.assigneeStaffId)).toEqual([staff.sam, staff.kim, staff.kim]);
    const viaTeam = await sut.create(cmd({ reasonKey: 'assign-team-fallback', clientIds: [clients.owned, clients['stale-owner']], assignment: { mode: 'owner', teamId: team } }));
    expect(viaTeam.tasks.map((t) => t.assigneeStaffId)).toEqual([staff.sam, staff.lee]);
    expect((await taskRow(app.ds, viaTeam.tasks[1].taskId)).team_id).toBe(team);
    const chosen = await sut.create(cmd({ reasonKey: 'assign-staff', clientIds: [clients.owned, clients.orphan], assignment: { mode: 'staff', staffId: staff.lee } }));
    expect(chosen.tasks.map((t) => t.assigneeStaffId)).toEqual([staff.lee, staff.lee]);
    const nobody = await sut.create(cmd({ reasonKey: 'assign-none', clientIds: [clients['stale-owner']] }));
    expect(nobody).toMatchObject({ created: 1, unassigned: 1 });
  });

  it('should refuse staff and teams that are inactive or belong to another business, naming the field', async () => {
    const cmd = (over: Partial<CreateTasksCommand>) => base({ reasonKey: 'refused', ...over });
    await expect(sut.create(cmd({ clientIds: [clients.owned], assignment: { mode: 'staff', staffId: staff.old } }))).rejects.toMatchObject({
      response: { message: 'assigneeStaffId: is not an active staff member of this business' },
    });
    await expect(sut.create(cmd({ clientIds: [clients.owned], assignment: { mode: 'staff', staffId: bStaff.bea } }))).rejects.toMatchObject({
      response: { problems: [{ path: 'assigneeStaffId', reason: 'is not an active staff member of this business' }] },
    });
    const bTeam = await seedTeam(app.ds, b, 'B team', [bStaff.bea]);
    await expect(sut.create(cmd({ clientIds: [clients.owned], assignment: { mode: 'team', teamId: bTeam } }))).rejects.toMatchObject({
      response: { message: 'teamId: is not a team of this business' },
    });
    const dead = await seedTeam(app.ds, a, 'Retired', [staff.old]);
    await expect(sut.create(cmd({ clientIds: [clients.owned], assignment: { mode: 'team', teamId: dead } }))).rejects.toMatchObject({ response: { message: 'teamId: has no active members' } });
    await expect(sut.create(cmd({ clientIds: ['12x'] }))).rejects.toMatchObject({ response: { message: 'clientIds[0]: must be a client id' } });
    await expect(sut.create(cmd({ clientIds: [clients.owned], reason: ' ' }))).rejects.toMatchObject({ response: { message: 'reason: must be 1-500 characters' } });
    await expect(sut.create(cmd({ clientIds: [clients.owned], due: { inDays: -1 } }))).rejects.toMatchObject({ response: { message: expect.stringContaining('due.inDays') } });
    await expect(sut.create(cmd({ clientIds: [clients.owned], reasonKey: '%%' }))).rejects.toMatchObject({ response: { message: 'reasonKey: must contain letters or digits' } });
    expect(await openTasks(a, 'refused')).toEqual([]);
  });

  it('should hand out team tasks round-robin, fairly across two processes creating at once', async () => {
    const many = await seedManyClients(app.ds, a, 'rr', 100);
    const team = await seedTeam(app.ds, a, 'Callers', [staff.sam, staff.kim, staff.lee, staff.old]);
    const halves = [many.slice(0, 50), many.slice(50)];
    const calls: Array<Promise<unknown>> = [];
    // ten calls of ten clients, alternating between the two app instances, all in flight together
    for (let i = 0; i < 10; i++) {
      const ids = halves[i % 2].slice(Math.floor(i / 2) * 10, Math.floor(i / 2) * 10 + 10);
      calls.push((i % 2 ? sutElsewhere : sut).create(cmd({ reasonKey: 'round-robin', clientIds: ids, assignment: { mode: 'team', teamId: team } })));
    }
    await Promise.all(calls);
    const perStaff: Array<{ assignee: string; n: number }> = await app.ds.query(
      `SELECT assignee_staff_id::text AS assignee, count(*)::int AS n FROM staff_task WHERE reason_key = 'round-robin' GROUP BY 1 ORDER BY 1`,
    );
    // the inactive member gets nothing; 100 tasks over three people: 34 / 33 / 33
    expect(perStaff.map((r) => r.assignee).sort()).toEqual([staff.sam, staff.kim, staff.lee].sort());
    expect(perStaff.map((r) => r.n).sort()).toEqual([33, 33, 34]);
    const [{ rr_next }] = await app.ds.query(`SELECT rr_next::int FROM staff_team WHERE id = $1`, [team]);
    expect(rr_next).toBe(100);
  });

  it('should not deadlock when two processes raise the same clients in opposite orders', async () => {
    const ids = await seedManyClients(app.ds, a, 'both-ways', 300);
    for (let round = 0; round < 3; round++) {
      const reasonKey = `both-ways-${round}`;
      const [one, two] = await Promise.all([sut.create(cmd({ reasonKey, clientIds: ids })), sutElsewhere.create(cmd({ reasonKey, clientIds: [...ids].reverse() }))]);
      expect(one.created + two.created).toBe(300);
      expect(one.updated + two.updated).toBe(300);
      expect((await openTasks(a, reasonKey)).length).toBe(300);
    }
  });

  it('should create 12,000 tasks in set-based statements', async () => {
    // unassigned (no owner, no fallback), so the test does not mail 12,000 people
    const ids = await seedManyClients(app.ds, a, 'bulk', 12_000);
    const started = Date.now();
    const result = await sut.create(cmd({ reasonKey: 'bulk', clientIds: ids, createdBy: 'campaign', origin: 'campaign:9:step:1' }));
    const ms = Date.now() - started;
    expect(result).toMatchObject({ created: 12_000, updated: 0, skipped: 0, unassigned: 12_000 });
    const [{ n, distinct_clients }] = await app.ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT client_id)::int AS distinct_clients FROM staff_task WHERE reason_key = 'bulk' AND created_by = 'campaign'`,
    );
    expect([n, distinct_clients]).toEqual([12_000, 12_000]);
    // three statements, not 12,000 round trips
    expect(ms).toBeLessThan(15_000);
    const again = await sut.create(cmd({ reasonKey: 'bulk', clientIds: ids, priority: 'high', createdBy: 'campaign', origin: 'campaign:9:step:1' }));
    expect(again).toMatchObject({ created: 0, updated: 12_000 });
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM staff_task WHERE reason_key = 'bulk' AND priority = 'high'`))[0].n).toBe(12_000);
  }, 60_000);
});
