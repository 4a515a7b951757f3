import request from 'supertest';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff, seedTeam, taskRow } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The task API over HTTP (no worker: notifications only queue here, tasks-worker.e2e-spec.ts
// delivers them): by-hand creation and de-duplication, validation, the inbox, "me", a task's
// life, staff-role keys, the report, and tenancy.
describe('staff tasks API', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let staff: Record<string, string>;
  let bStaff: Record<string, string>;
  let clients: Record<string, string>;
  let bClients: Record<string, string>;
  let team: string;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set(as(key)),
    post: (path: string, body?: object) => request(app.url).post(path).set(as(key)).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set(as(key)).send(body),
    delete: (path: string) => request(app.url).delete(path).set(as(key)),
  });
  const create = (body: object, key = a.apiKey) => api(key).post('/api/v1/tasks', body);
  let seq = 0;
  const key = (name: string) => `${name}-${++seq}`;

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    b = await newBusiness(app.ds, { timezone: 'America/New_York' });
    staff = await seedStaff(app.ds, a.businessId, [
      { key: 'sam', firstName: 'Sam', lastName: 'Berg' },
      { key: 'kim', firstName: 'Kim', lastName: 'Ek' },
      { key: 'lee', firstName: 'Lee', lastName: 'Ahl' },
      { key: 'old', firstName: 'Old', active: false },
    ]);
    bStaff = await seedStaff(app.ds, b.businessId, [{ key: 'bea', firstName: 'Bea' }]);
    clients = await seedClients(app.ds, a.businessId, [
      { key: 'ada', firstName: 'Ada', lastName: 'Lovelace', phone: '+46 70 1', ownerStaffId: staff.sam },
      { key: 'bo', firstName: 'Bo', ownerStaffId: staff.old },
      { key: 'cy', firstName: 'Cy' },
      { key: 'di', firstName: 'Di', ownerStaffId: staff.kim },
      { key: 'ed', firstName: 'Ed', ownerStaffId: staff.kim },
    ]);
    bClients = await seedClients(app.ds, b.businessId, [{ key: 'b-client', ownerStaffId: bStaff.bea }]);
    team = await seedTeam(app.ds, a.businessId, 'Front desk', [staff.kim, staff.lee, staff.old]);
  });
  afterAll(() => app.close());

  it("should create a task for the client's owner by default, due by the end of the local day", async () => {
    const res = await create({ clientId: clients.ada, reason: 'At Risk: absent, low_user', reasonKey: 'at_risk', instructions: 'Ask about classes', due: '2031-06-02', priority: 'high' }).expect(201);
    const [keyRow] = await app.ds.query(`SELECT id FROM api_key WHERE business_id = $1`, [a.businessId]);
    expect(res.body).toMatchObject({
      action: 'created',
      state: 'open',
      reason: 'At Risk: absent, low_user',
      reasonKey: 'at_risk',
      instructions: 'Ask about classes',
      priority: 'high',
      dueOn: '2031-06-02',
      dueAt: '2031-06-02T22:00:00.000Z',
      overdue: false,
      client: { id: clients.ada, firstName: 'Ada', lastName: 'Lovelace', phone: '+46 70 1' },
      assignee: { id: staff.sam, firstName: 'Sam', lastName: 'Berg' },
      createdBy: 'user',
      origin: `api_key:${keyRow.id}`,
      raisedCount: 1,
    });
    expect((await api().get(`/api/v1/tasks/${res.body.id}`).expect(200)).body.id).toBe(res.body.id);
  });

  it('should update the open task for the same client and reason instead of duplicating it (200)', async () => {
    const reasonKey = key('dup');
    const first = await create({ clientId: clients.di, reason: 'Missed 3 classes', reasonKey, due: '2031-01-20', priority: 'normal' }).expect(201);
    const second = await create({ clientId: clients.di, reason: 'Missed 4 classes', reasonKey, due: '2031-01-10', priority: 'urgent', instructions: 'Offer a PT session' }).expect(200);
    expect(second.body).toMatchObject({
      action: 'updated',
      id: first.body.id,
      reason: 'Missed 4 classes',
      priority: 'urgent',
      dueOn: '2031-01-10',
      instructions: 'Offer a PT session',
      raisedCount: 2,
    });
    const third = await create({ clientId: clients.di, reason: 'Missed 4 classes', reasonKey, due: '2031-02-01', priority: 'low' }).expect(200);
    expect(third.body).toMatchObject({ priority: 'urgent', dueOn: '2031-01-10', instructions: 'Offer a PT session', raisedCount: 3 });
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM staff_task WHERE reason_key = $1`, [reasonKey]))[0].n).toBe(1);
    // the database holds the rule too: a second open row for the same client + reason is refused
    await expect(
      app.ds.query(
        `INSERT INTO staff_task (business_id, client_id, reason, reason_key, due_on, due_at, created_by, origin) SELECT business_id, client_id, reason, reason_key, due_on, due_at, 'user', 'x' FROM staff_task WHERE id = $1`,
        [first.body.id],
      ),
    ).rejects.toThrow(/staff_task_open_key/);
  });

  it('should assign to a chosen staff member, round-robin in a team, or fall back when the owner is inactive', async () => {
    const chosen = await create({ clientId: clients.ada, reason: 'Chosen', reasonKey: key('k'), assigneeStaffId: staff.lee }).expect(201);
    expect(chosen.body.assignee.id).toBe(staff.lee);
    const picks: string[] = [];
    for (const c of ['ada', 'bo', 'cy', 'di']) picks.push((await create({ clientId: clients[c], reason: 'Team', reasonKey: 'team-rr', teamId: team }).expect(201)).body.assignee.id);
    // kim and lee alternate; old (inactive) is never picked
    expect(picks).toEqual([staff.kim, staff.lee, staff.kim, staff.lee]);
    const fallback = await create({ clientId: clients.bo, reason: 'Fallback', reasonKey: key('k'), assignTo: 'owner', assigneeStaffId: staff.lee }).expect(201);
    expect(fallback.body.assignee.id).toBe(staff.lee);
    const nobody = await create({ clientId: clients.cy, reason: 'No owner', reasonKey: key('k') }).expect(201);
    expect(nobody.body.assignee).toBeNull();
    // without a due date: the end of the local day after tomorrow
    const [{ expected }] = await app.ds.query(`SELECT to_char((now() AT TIME ZONE 'Europe/Stockholm')::date + 2, 'YYYY-MM-DD') AS expected`);
    expect(nobody.body.dueOn).toBe(expected);
  });

  it('should answer bad input with a 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ reason: 'x' }, 'clientId'],
      [{ clientId: 'abc', reason: 'x' }, 'clientId'],
      [{ clientId: clients.ada }, 'reason'],
      [{ clientId: clients.ada, reason: '' }, 'reason'],
      [{ clientId: clients.ada, reason: 'x', priority: 'asap' }, 'priority'],
      [{ clientId: clients.ada, reason: 'x', due: 'tomorrow' }, 'due'],
      [{ clientId: clients.ada, reason: 'x', due: '2031-02-30' }, 'due'],
      [{ clientId: clients.ada, reason: 'x', due: '2020-01-01' }, 'due'],
      [{ clientId: clients.ada, reason: 'x', due: '2020-01-01T10:00:00Z' }, 'due'],
      [{ clientId: clients.ada, reason: 'x', assigneeStaffId: staff.old }, 'assigneeStaffId'],
      [{ clientId: clients.ada, reason: 'x', assignTo: 'staff' }, 'assigneeStaffId'],
      [{ clientId: clients.ada, reason: 'x', assignTo: 'robot' }, 'assignTo'],
      [{ clientId: clients.ada, reason: 'x', teamId: '999999' }, 'teamId'],
      [{ clientId: clients.ada, reason: '???' }, 'reason'],
      [{ clientId: clients.ada, reason: 'x', reasonKey: '!!' }, 'reasonKey'],
      [{ clientId: clients.ada, reason: 'x', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body).expect(400);
      expect({ body, message: res.body.message }).toEqual({ body, message: expect.stringContaining(field) });
    }
    await create({ clientId: '999999999', reason: 'x' }).expect(404);
    await api().get('/api/v1/tasks?state=later').expect(400);
    await api().get('/api/v1/tasks?assignee=someone').expect(400);
    await api().get('/api/v1/tasks?limit=0').expect(400);
    await api().get('/api/v1/tasks/abc').expect(404);
  });

  it('should list the inbox open first, overdue first, then by due date and priority, with paging', async () => {
    const rk = key('inbox');
    const mk = async (client: string, due: string, priority: string) =>
      (await create({ clientId: clients[client], reason: 'Inbox', reasonKey: `${rk}-${client}-${due}-${priority}`, due, priority, assigneeStaffId: staff.lee }).expect(201)).body.id as string;
    const later = await mk('ada', '2031-05-01', 'urgent');
    const soonLow = await mk('bo', '2031-04-01', 'low');
    const soonHigh = await mk('cy', '2031-04-01', 'high');
    const overdueOld = await mk('di', '2031-04-02', 'low');
    const overdueNew = await mk('ed', '2031-04-03', 'low');
    const done = await mk('ada', '2031-04-04', 'low');
    const snoozed = await mk('bo', '2031-03-01', 'urgent');
    await app.ds.query(`UPDATE staff_task SET due_at = now() - interval '3 days' WHERE id = $1`, [overdueOld]);
    await app.ds.query(`UPDATE staff_task SET due_at = now() - interval '1 day' WHERE id = $1`, [overdueNew]);
    await api().post(`/api/v1/tasks/${done}/complete`, { outcome: 'reached' }).expect(200);
    await api()
      .post(`/api/v1/tasks/${snoozed}/snooze`, { until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'travelling' })
      .expect(200);
    const mine = [later, soonLow, soonHigh, overdueOld, overdueNew, snoozed];
    // lee also has tasks from earlier tests; keep the ones made here
    const ids = (items: Array<{ id: string }>) => items.map((t) => t.id).filter((id) => mine.includes(id) || id === done);
    const open = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&state=open&limit=200`).expect(200)).body;
    expect(ids(open.items)).toEqual([overdueOld, overdueNew, soonHigh, soonLow, later, snoozed]);
    expect(open.items.find((t: { id: string }) => t.id === overdueOld).overdue).toBe(true);
    expect(open.items.find((t: { id: string }) => t.id === snoozed).snoozeReason).toBe('travelling');
    expect(open.items.every((t: { assignee: { id: string } }) => t.assignee.id === staff.lee)).toBe(true);
    const all = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&state=all&limit=200`).expect(200)).body;
    expect(ids(all.items)).toEqual([overdueOld, overdueNew, soonHigh, soonLow, later, snoozed, done]);
    const doneOnly = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&state=done`).expect(200)).body;
    expect(ids(doneOnly.items)).toEqual([done]);

    const p1 = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&limit=2`).expect(200)).body;
    expect(p1).toMatchObject({ limit: 2, offset: 0, nextOffset: 2, total: open.total });
    const p2 = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&limit=2&offset=2`).expect(200)).body;
    expect(p2.items.map((t: { id: string }) => t.id)).toEqual(open.items.slice(2, 4).map((t: { id: string }) => t.id));
    const past = (await api().get(`/api/v1/tasks?assignee=${staff.lee}&offset=1000`).expect(200)).body;
    expect(past).toMatchObject({ items: [], total: open.total, nextOffset: null });
    const unassigned = (await api().get('/api/v1/tasks?assignee=unassigned').expect(200)).body;
    expect(unassigned.items.length).toBeGreaterThan(0);
    expect(unassigned.items.every((t: { assignee: unknown }) => t.assignee === null)).toBe(true);
  });

  it('should serve assignee=me for a key bound to a staff member, and say how to bind one otherwise', async () => {
    await create({ clientId: clients.di, reason: 'For Kim', reasonKey: key('me'), assigneeStaffId: staff.kim }).expect(201);
    const bad = await api().get('/api/v1/tasks?assignee=me').expect(400);
    expect(bad.body.message).toMatch(/^assignee: me needs an API key bound to a staff member/);
    const kimKey = (await api().post(`/api/v1/staff/${staff.kim}/api-keys`, { name: 'Kim phone' }).expect(201)).body;
    expect(kimKey).toMatchObject({ staffId: staff.kim, role: 'staff', apiKey: expect.stringMatching(/^cbk_/) });
    const [stored] = await app.ds.query(`SELECT staff_id::text, role, name FROM api_key WHERE id = $1`, [kimKey.keyId]);
    expect(stored).toEqual({ staff_id: staff.kim, role: 'staff', name: 'Kim phone' });
    const mine = (await api(kimKey.apiKey).get('/api/v1/tasks?assignee=me&state=all&limit=200').expect(200)).body;
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((t: { assignee: { id: string } }) => t.assignee.id === staff.kim)).toBe(true);
    const kimCount = (await app.ds.query(`SELECT count(*)::int AS n FROM staff_task WHERE assignee_staff_id = $1`, [staff.kim]))[0].n;
    expect(mine.total).toBe(kimCount);
    // inactive staff get no key; only admin keys mint keys
    await api().post(`/api/v1/staff/${staff.old}/api-keys`, {}).expect(404);
    await api(kimKey.apiKey).post(`/api/v1/staff/${staff.kim}/api-keys`, {}).expect(403);
    const manager = (await api().post(`/api/v1/staff/${staff.sam}/api-keys`, { role: 'manager' }).expect(201)).body;
    expect((await api(manager.apiKey).get('/api/v1/tasks?assignee=me').expect(200)).body.items.every((t: { assignee: { id: string } }) => t.assignee.id === staff.sam)).toBe(true);
  });

  it('should keep a staff key to its own inbox and its own tasks', async () => {
    const kimKey = (await api().post(`/api/v1/staff/${staff.kim}/api-keys`, {}).expect(201)).body.apiKey;
    const own = (await create({ clientId: clients.di, reason: 'Own', reasonKey: key('own'), assigneeStaffId: staff.kim }).expect(201)).body.id;
    const other = (await create({ clientId: clients.di, reason: 'Other', reasonKey: key('other'), assigneeStaffId: staff.lee }).expect(201)).body.id;
    const listed = (await api(kimKey).get('/api/v1/tasks?limit=200').expect(200)).body;
    expect(listed.items.every((t: { assignee: { id: string } }) => t.assignee.id === staff.kim)).toBe(true);
    await api(kimKey).get(`/api/v1/tasks?assignee=${staff.lee}`).expect(403);
    await api(kimKey).get(`/api/v1/tasks/${other}`).expect(403);
    await api(kimKey).post(`/api/v1/tasks/${other}/complete`, { outcome: 'reached' }).expect(403);
    await api(kimKey)
      .post(`/api/v1/tasks/${other}/snooze`, { until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'x' })
      .expect(403);
    expect((await taskRow(app.ds, other)).state).toBe('open');
    const done = await api(kimKey).post(`/api/v1/tasks/${own}/complete`, { outcome: 'left_message', notes: 'Voicemail' }).expect(200);
    expect(done.body).toMatchObject({ state: 'done', outcome: 'left_message', notes: 'Voicemail', completedByStaffId: staff.kim });
    await api(kimKey).get('/api/v1/reports/tasks').expect(403);
    await api(kimKey)
      .post('/api/v1/staff-teams', { name: 'Mine', staffIds: [staff.kim] })
      .expect(403);
  });

  it('should complete, dismiss, snooze and reassign open tasks, and refuse to touch closed ones', async () => {
    const t = (await create({ clientId: clients.ed, reason: 'Life', reasonKey: key('life') }).expect(201)).body;
    expect(t.assignee.id).toBe(staff.kim);
    await api().post(`/api/v1/tasks/${t.id}/complete`, { outcome: 'maybe' }).expect(400);
    await api().post(`/api/v1/tasks/${t.id}/complete`, {}).expect(400);

    // 09:00 UTC thirty days from now: the same calendar day in Stockholm
    const until = new Date(Date.now() + 30 * 86_400_000);
    until.setUTCHours(9, 0, 0, 0);
    const snoozed = await api().post(`/api/v1/tasks/${t.id}/snooze`, { until: until.toISOString(), reason: 'On holiday for a month' }).expect(200);
    // the task is due when the snooze ends
    expect(snoozed.body).toMatchObject({
      state: 'open',
      snoozedUntil: until.toISOString(),
      snoozeReason: 'On holiday for a month',
      dueAt: until.toISOString(),
      dueOn: until.toISOString().slice(0, 10),
    });
    const [snooze] = await app.ds.query(`SELECT reason, snoozed_until, task_id::text FROM staff_task_snooze WHERE client_id = $1 AND reason_key = $2`, [clients.ed, t.reasonKey]);
    expect(snooze).toMatchObject({ reason: 'On holiday for a month', task_id: t.id });
    // while snoozed, raising the same reason by hand is refused (and the open task is untouched)
    const held = await create({ clientId: clients.ed, reason: 'Life', reasonKey: t.reasonKey, priority: 'urgent' }).expect(409);
    expect(held.body.message).toMatch(/snoozed/);
    expect((await taskRow(app.ds, t.id)).priority).toBe('normal');
    for (const until of ['2020-01-01T00:00:00Z', 'soon', new Date(Date.now() + 400 * 86_400_000).toISOString()]) {
      expect((await api().post(`/api/v1/tasks/${t.id}/snooze`, { until, reason: 'x' }).expect(400)).body.message).toMatch(/^until/);
    }
    expect((await api().post(`/api/v1/tasks/${t.id}/snooze`, { until: until.toISOString() }).expect(400)).body.message).toMatch(/reason/);

    const moved = await api().post(`/api/v1/tasks/${t.id}/reassign`, { assigneeStaffId: staff.sam }).expect(200);
    expect(moved.body.assignee.id).toBe(staff.sam);
    expect((await taskRow(app.ds, t.id)).assignment_seq).toBe(2);
    const toTeam = await api().post(`/api/v1/tasks/${t.id}/reassign`, { teamId: team }).expect(200);
    expect([staff.kim, staff.lee]).toContain(toTeam.body.assignee.id);
    expect(toTeam.body.teamId).toBe(team);
    await api().post(`/api/v1/tasks/${t.id}/reassign`, { assigneeStaffId: staff.old }).expect(400);
    await api().post(`/api/v1/tasks/${t.id}/reassign`, {}).expect(400);

    const done = await api().post(`/api/v1/tasks/${t.id}/complete`, { outcome: 'booked_visit', notes: 'Booked Tuesday' }).expect(200);
    expect(done.body).toMatchObject({ state: 'done', outcome: 'booked_visit', notes: 'Booked Tuesday', overdue: false });
    expect(done.body.completedBy).toMatch(/^api_key:/);
    expect(Date.parse(done.body.completedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await api().post(`/api/v1/tasks/${t.id}/complete`, { outcome: 'reached' }).expect(409);
    expect(again.body.message).toBe('task is done, not open');
    await api().post(`/api/v1/tasks/${t.id}/dismiss`, {}).expect(409);
    await api().post(`/api/v1/tasks/${t.id}/reassign`, { assigneeStaffId: staff.kim }).expect(409);

    const d = (await create({ clientId: clients.ed, reason: 'Dismiss me', reasonKey: key('dismiss') }).expect(201)).body;
    const dismissed = await api().post(`/api/v1/tasks/${d.id}/dismiss`, { notes: 'Moved away' }).expect(200);
    expect(dismissed.body).toMatchObject({ state: 'dismissed', outcome: null, notes: 'Moved away' });
    await api().post('/api/v1/tasks/99999999/complete', { outcome: 'reached' }).expect(404);
  });

  it('should manage teams, naming bad staff ids', async () => {
    const made = await api()
      .post('/api/v1/staff-teams', { name: 'Coaches', staffIds: [staff.sam, staff.lee] })
      .expect(201);
    expect(made.body.members.map((m: { id: string }) => m.id)).toEqual([staff.sam, staff.lee].sort((x, y) => Number(x) - Number(y)));
    await api().post('/api/v1/staff-teams', { name: 'coaches', staffIds: [] }).expect(409);
    const bad = await api()
      .post('/api/v1/staff-teams', { name: 'Mixed', staffIds: [staff.sam, bStaff.bea] })
      .expect(400);
    expect(bad.body.message).toMatch(/^staffIds/);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM staff_team WHERE name = 'Mixed'`))[0].n).toBe(0);
    const replaced = await api()
      .put(`/api/v1/staff-teams/${made.body.id}/members`, { staffIds: [staff.kim] })
      .expect(200);
    expect(replaced.body.members.map((m: { id: string }) => m.id)).toEqual([staff.kim]);
    expect((await api().get('/api/v1/staff-teams').expect(200)).body.items.map((t: { name: string }) => t.name)).toEqual(['Coaches', 'Front desk']);
    await api().delete(`/api/v1/staff-teams/${made.body.id}`).expect(204);
    await api().get(`/api/v1/staff-teams/${made.body.id}`).expect(404);
  });

  it('should report tasks per staff member: created, done, outcomes, overdue open, and returns within 14 days', async () => {
    const r = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const s = await seedStaff(app.ds, r.businessId, [
      { key: 'rep-ann', firstName: 'Ann' },
      { key: 'rep-bob', firstName: 'Bob' },
    ]);
    const c = await seedClients(app.ds, r.businessId, [
      { key: 'rep-1', ownerStaffId: s['rep-ann'] },
      { key: 'rep-2', ownerStaffId: s['rep-ann'] },
      { key: 'rep-3', ownerStaffId: s['rep-ann'] },
      { key: 'rep-4', ownerStaffId: s['rep-bob'] },
      { key: 'rep-5', ownerStaffId: s['rep-bob'] },
    ]);
    const t: Record<string, string> = {};
    for (const k of ['rep-1', 'rep-2', 'rep-3', 'rep-4', 'rep-5']) t[k] = (await create({ clientId: c[k], reason: 'Report', reasonKey: 'rep' }, r.apiKey).expect(201)).body.id;
    await api(r.apiKey).post(`/api/v1/tasks/${t['rep-1']}/complete`, { outcome: 'reached' }).expect(200);
    await api(r.apiKey).post(`/api/v1/tasks/${t['rep-2']}/complete`, { outcome: 'no_answer' }).expect(200);
    await api(r.apiKey).post(`/api/v1/tasks/${t['rep-4']}/dismiss`, {}).expect(200);
    // rep-1 came back 3 days after the call (led to a return); rep-2 came back 20 days after (too late)
    await app.ds.query(`UPDATE staff_task SET completed_at = now() - interval '25 days', created_at = now() - interval '26 days' WHERE id IN ($1, $2)`, [t['rep-1'], t['rep-2']]);
    const visit = (client: string, at: string, ext: string) =>
      app.ds.query(`INSERT INTO visit (business_id, source, external_id, client_id, visited_at, visited_on) VALUES ($1, 'import', $2, $3, ${at}, ((${at}) AT TIME ZONE 'Europe/Stockholm')::date)`, [
        r.businessId,
        ext,
        client,
      ]);
    await visit(c['rep-1'], `now() - interval '22 days'`, 'v1');
    await visit(c['rep-2'], `now() - interval '5 days'`, 'v2');
    // rep-3 returned on their own; rep-5 is overdue
    await app.ds.query(`UPDATE staff_task SET state = 'done', outcome = 'returned_on_own', completed_at = now(), completed_by = 'auto' WHERE id = $1`, [t['rep-3']]);
    await app.ds.query(`UPDATE staff_task SET due_at = now() - interval '1 hour' WHERE id = $1`, [t['rep-5']]);

    const res = await api(r.apiKey).get('/api/v1/reports/tasks').expect(200);
    expect(res.body.returnWindowDays).toBe(14);
    const ann = res.body.staff.find((x: { staff: { id: string } }) => x.staff?.id === s['rep-ann']);
    const bob = res.body.staff.find((x: { staff: { id: string } }) => x.staff?.id === s['rep-bob']);
    expect(ann).toMatchObject({
      staff: { firstName: 'Ann' },
      created: 3,
      done: 3,
      dismissed: 0,
      byOutcome: { reached: 1, no_answer: 1, returned_on_own: 1, left_message: 0 },
      open: 0,
      overdueOpen: 0,
      doneByStaff: 2,
      ledToReturn: 1,
      windowOpen: 0,
      returnRate: 0.5,
    });
    expect(bob).toMatchObject({ created: 2, done: 0, dismissed: 1, open: 1, overdueOpen: 1, doneByStaff: 0, ledToReturn: 0, returnRate: null });
    expect(res.body.totals).toMatchObject({ created: 5, done: 3, dismissed: 1, overdueOpen: 1, doneByStaff: 2, ledToReturn: 1 });
    // a range before everything happened counts nothing but the open state now
    const old = await api(r.apiKey).get('/api/v1/reports/tasks?from=2020-01-01&to=2020-01-31').expect(200);
    expect(old.body.totals).toMatchObject({ created: 0, done: 0, overdueOpen: 1 });
    expect((await api(r.apiKey).get('/api/v1/reports/tasks?from=2025-02-01&to=2025-01-01').expect(400)).body.message).toMatch(/^from/);
    expect((await api(r.apiKey).get('/api/v1/reports/tasks?from=2025-02-30').expect(400)).body.message).toMatch(/^from/);
    expect((await api(r.apiKey).get('/api/v1/reports/tasks?to=yesterday').expect(400)).body.message).toMatch(/^to/);
    await api(r.apiKey).get('/api/v1/reports/tasks?from=2020-01-01&to=2025-01-01').expect(400);
  });

  it("should never let business B read, change, assign or create tasks with A's data", async () => {
    const aTask = (await create({ clientId: clients.ada, reason: 'Tenant', reasonKey: key('tenant') }).expect(201)).body;
    const other = api(b.apiKey);
    await other.get(`/api/v1/tasks/${aTask.id}`).expect(404);
    await other.post(`/api/v1/tasks/${aTask.id}/complete`, { outcome: 'reached' }).expect(404);
    await other.post(`/api/v1/tasks/${aTask.id}/dismiss`, {}).expect(404);
    await other.post(`/api/v1/tasks/${aTask.id}/snooze`, { until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'x' }).expect(404);
    await other.post(`/api/v1/tasks/${aTask.id}/reassign`, { assigneeStaffId: bStaff.bea }).expect(404);
    expect(await taskRow(app.ds, aTask.id)).toMatchObject({ state: 'open', assignee_staff_id: staff.sam, snoozed_until: null });
    expect((await other.get('/api/v1/tasks?state=all').expect(200)).body).toMatchObject({ items: [], total: 0 });
    expect((await other.get(`/api/v1/tasks?assignee=${staff.sam}`).expect(400)).body.message).toMatch(/^assignee/);
    expect((await other.get(`/api/v1/tasks?clientId=${clients.ada}`).expect(200)).body.items).toEqual([]);
    // A's client, staff and team are not B's to use
    await create({ clientId: clients.ada, reason: 'Steal' }, b.apiKey).expect(404);
    expect((await create({ clientId: bClients['b-client'], reason: 'Mine', assigneeStaffId: staff.sam }, b.apiKey).expect(400)).body.message).toMatch(/^assigneeStaffId/);
    expect((await create({ clientId: bClients['b-client'], reason: 'Mine', teamId: team }, b.apiKey).expect(400)).body.message).toMatch(/^teamId/);
    const bTask = (await create({ clientId: bClients['b-client'], reason: 'Mine' }, b.apiKey).expect(201)).body;
    expect(bTask.assignee.id).toBe(bStaff.bea);
    await other.post(`/api/v1/tasks/${bTask.id}/reassign`, { assigneeStaffId: staff.sam }).expect(400);
    await other.post(`/api/v1/tasks/${bTask.id}/reassign`, { teamId: team }).expect(400);
    await other.post(`/api/v1/staff/${staff.sam}/api-keys`, {}).expect(404);
    await other.get(`/api/v1/staff-teams/${team}`).expect(404);
    await other.put(`/api/v1/staff-teams/${team}/members`, { staffIds: [bStaff.bea] }).expect(404);
    await other.delete(`/api/v1/staff-teams/${team}`).expect(404);
    expect((await other.post('/api/v1/staff-teams', { name: 'Sneaky', staffIds: [staff.sam] }).expect(400)).body.message).toMatch(/^staffIds/);
    const report = (await other.get('/api/v1/reports/tasks').expect(200)).body;
    expect(report.staff.map((x: { staff: { id: string } | null }) => x.staff?.id ?? null)).toEqual([bStaff.bea]);
    expect(report.totals).toMatchObject({ created: 1, open: 1 });
    // and A sees none of B's
    expect((await api().get(`/api/v1/tasks/${bTask.id}`).expect(404)).body.message).toBe('task not found');
  });
});
