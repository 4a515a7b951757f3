import request from 'supertest';
import { BusinessRepository } from '../../src/business/business.repository';
import { hashApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { seedClients, seedManyClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The board and the life of an entry over HTTP: columns with their first page and unseen counts,
// moves against an expected version (two people at once: the later one is refused, nothing is
// lost), phases of inactive groups, assignment, notes, exactly one outcome, reopening, seen /
// unseen, the Regained / Lost / Not edited lists, the history, and tenancy.
describe('recovery board and entries API', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let staffKey: string;
  let staff: Record<string, string>;
  let bStaff: Record<string, string>;
  let clients: Record<string, string>;
  let phases: string[];
  let inactivePhase: string;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(`/api/v1/recovery${path}`).set(as(key)),
    post: (path: string, body?: object) => request(app.url).post(`/api/v1/recovery${path}`).set(as(key)).send(body),
    patch: (path: string, body: object) => request(app.url).patch(`/api/v1/recovery${path}`).set(as(key)).send(body),
  });
  let seq = 0;
  /** Entries straight in the table (intake is tested in its own suites), created_at pinned. */
  const seedEntry = async (businessId: string, clientId: string, phaseId: string, opts: { createdAt?: string; reason?: string; value?: number } = {}): Promise<string> => {
    const [row] = await app.ds.query(
      `INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id, reason, cancelled_on, contract_ends_on, monthly_value, created_at)
       VALUES ($1, $2, 'cancellation', $3, $4, $5, '2031-03-01', '2031-05-31', $6, $7) RETURNING id::text`,
      [businessId, clientId, `subscription:s${++seq}`, phaseId, opts.reason ?? 'moved away', opts.value ?? 4900, opts.createdAt ?? `2031-03-01T10:00:${String(seq % 60).padStart(2, '0')}Z`],
    );
    return row.id;
  };
  const entry = async (id: string, key = a.apiKey) => (await api(key).get(`/entries/${id}`).expect(200)).body;

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    staffKey = await new BusinessRepository(app.ds).createApiKey(a.businessId, 'staff');
    await app.ds.query(`UPDATE api_key SET role = 'staff' WHERE key_hash = $1`, [hashApiKey(staffKey)]);
    staff = await seedStaff(app.ds, a.businessId, [
      { key: 'sam', firstName: 'Sam', lastName: 'Berg' },
      { key: 'old', firstName: 'Old', active: false },
    ]);
    bStaff = await seedStaff(app.ds, b.businessId, [{ key: 'bea', firstName: 'Bea' }]);
    clients = await seedClients(app.ds, a.businessId, [
      { key: 'ada', firstName: 'Ada', lastName: 'Lovelace' },
      { key: 'bo', firstName: 'Bo' },
    ]);
    const [group] = await app.ds.query(`SELECT id FROM recovery_phase_group WHERE business_id = $1 AND active`, [a.businessId]);
    phases = (await app.ds.query(`SELECT id::text FROM recovery_phase WHERE group_id = $1 ORDER BY position`, [group.id])).map((r: { id: string }) => r.id);
    const inactive = (
      await api()
        .post('/phase-groups', { name: 'Later', phases: ['Elsewhere'] })
        .expect(201)
    ).body;
    inactivePhase = inactive.phases[0].id;
  });
  afterAll(() => app.close());

  it('should show the active group as columns with the first page of cards, counts and unseen counts', async () => {
    const many = await seedManyClients(app.ds, a.businessId, 'bulk', 7);
    for (let i = 0; i < 7; i++) await seedEntry(a.businessId, many[i], phases[0], { createdAt: `2031-03-0${i + 1}T08:00:00Z` });
    const ada = await seedEntry(a.businessId, clients.ada, phases[1], { reason: 'too expensive', value: 5900 });
    await app.ds.query(`UPDATE recovery_entry SET seen_at = now(), assignee_staff_id = $2 WHERE id = $1`, [ada, staff.sam]);

    const board = (await api().get('/board?limit=5').expect(200)).body;
    expect(board.columns.map((c: { name: string }) => c.name)).toEqual(['Inbound', 'Contacted', 'Offer sent']);
    expect(board.columns.map((c: { count: number; unseen: number }) => [c.count, c.unseen])).toEqual([
      [7, 7],
      [1, 0],
      [0, 0],
    ]);
    expect(board).toMatchObject({ total: 8, unseen: 7, limit: 5 });
    // newest first, five on the first page
    expect(board.columns[0].entries.map((e: { clientName: string }) => e.clientName)).toEqual(['Client 6', 'Client 5', 'Client 4', 'Client 3', 'Client 2']);
    expect(board.columns[1].entries[0]).toMatchObject({
      id: ada,
      clientId: clients.ada,
      clientName: 'Ada Lovelace',
      reason: 'too expensive',
      cancelledOn: '2031-03-01',
      contractEndsOn: '2031-05-31',
      monthlyValue: 5900,
      assigneeStaffId: staff.sam,
      assigneeName: 'Sam Berg',
      unseen: false,
      version: 1,
    });
    // the column's next page
    const next = (await api().get(`/entries?phaseId=${phases[0]}&limit=5&offset=5`).expect(200)).body;
    expect(next).toMatchObject({ total: 7, limit: 5, offset: 5 });
    expect(next.items.map((e: { clientName: string }) => e.clientName)).toEqual(['Client 1', 'Client 0']);
    await api().get('/board?limit=0').expect(400);
  });

  it('should mark seen and unseen, count it, and keep each in the history once', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[2]);
    const before = (await api().get('/board').expect(200)).body;
    expect((await api().post(`/entries/${id}/seen`).expect(200)).body.unseen).toBe(false);
    await api().post(`/entries/${id}/seen`).expect(200);
    const afterSeen = (await api().get('/board').expect(200)).body;
    expect(afterSeen.unseen).toBe(before.unseen - 1);
    expect(afterSeen.columns[2].unseen).toBe(before.columns[2].unseen - 1);
    expect((await api(staffKey).post(`/entries/${id}/unseen`).expect(200)).body.unseen).toBe(true);
    expect((await api().get('/board').expect(200)).body.unseen).toBe(before.unseen);
    const kinds = (await entry(id)).history.map((h: { kind: string }) => h.kind);
    expect(kinds).toEqual(['seen', 'unseen']);
    // seeing does not bump the version: it never makes someone's move stale
    expect((await entry(id)).version).toBe(1);
  });

  it('should move an entry against its version, bump the version and record the move', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[0]);
    const moved = (await api(staffKey).patch(`/entries/${id}`, { version: 1, phaseId: phases[1] }).expect(200)).body;
    expect(moved).toMatchObject({ phaseId: phases[1], phaseName: 'Contacted', version: 2 });
    expect(moved.history).toEqual([expect.objectContaining({ kind: 'moved', actorName: 'API key staff', data: expect.objectContaining({ from: phases[0], to: phases[1] }) })]);
  });

  it('should refuse the later of two moves made from the same version with a 409, keeping the first', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[0]);
    const [r1, r2] = await Promise.all([api().patch(`/entries/${id}`, { version: 1, phaseId: phases[1] }), api(staffKey).patch(`/entries/${id}`, { version: 1, phaseId: phases[2] })]);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = r1.status === 200 ? phases[1] : phases[2];
    const loser = r1.status === 200 ? r2 : r1;
    expect(loser.body.message).toMatch(/changed since version 1 \(now 2\)/);
    const now = await entry(id);
    expect(now).toMatchObject({ phaseId: winner, version: 2 });
    expect(now.history.filter((h: { kind: string }) => h.kind === 'moved')).toHaveLength(1);
    // the loser reloads and moves again: accepted
    await api().patch(`/entries/${id}`, { version: 2, phaseId: phases[0] }).expect(200);
    await api().patch(`/entries/${id}`, { version: 2, phaseId: phases[2] }).expect(409);
  });

  it('should refuse a move to a phase of an inactive group or an unknown phase with a 400 naming phaseId', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[0]);
    const res = await api().patch(`/entries/${id}`, { version: 1, phaseId: inactivePhase }).expect(400);
    expect(res.body.problems).toEqual([{ path: 'phaseId', reason: expect.stringContaining('inactive group') }]);
    await api().patch(`/entries/${id}`, { version: 1, phaseId: '999999999' }).expect(400);
    expect((await api().patch(`/entries/${id}`, { phaseId: phases[1] }).expect(400)).body.problems.map((p: { path: string }) => p.path)).toContain('version');
    expect(await entry(id)).toMatchObject({ phaseId: phases[0], version: 1, history: [] });
  });

  it('should assign to an active staff member of the business, unassign, and refuse others naming assigneeStaffId', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[0]);
    const assigned = (await api().patch(`/entries/${id}`, { version: 1, assigneeStaffId: staff.sam }).expect(200)).body;
    expect(assigned).toMatchObject({ assigneeStaffId: staff.sam, assigneeName: 'Sam Berg', version: 2 });
    for (const bad of [staff.old, bStaff.bea]) {
      const res = await api().patch(`/entries/${id}`, { version: 2, assigneeStaffId: bad }).expect(400);
      expect(res.body.problems[0].path).toBe('assigneeStaffId');
    }
    const un = (await api().patch(`/entries/${id}`, { version: 2, assigneeStaffId: null }).expect(200)).body;
    expect(un).toMatchObject({ assigneeStaffId: null, version: 3 });
    expect(un.history.map((h: { kind: string; data: { to: string | null } }) => [h.kind, h.data.to])).toEqual([
      ['assigned', staff.sam],
      ['assigned', null],
    ]);
  });

  it('should keep notes in the history and the notes list, and validate them', async () => {
    const id = await seedEntry(a.businessId, clients.bo, phases[0]);
    await api(staffKey).post(`/entries/${id}/notes`, { text: 'Called, will think about it' }).expect(201);
    const e = await entry(id);
    expect(e.notes).toEqual([expect.objectContaining({ text: 'Called, will think about it', actor: expect.stringMatching(/^api_key:/), actorName: 'API key staff' })]);
    expect(e.history.map((h: { kind: string }) => h.kind)).toEqual(['note']);
    expect((await api().post(`/entries/${id}/notes`, { text: '' }).expect(400)).body.problems[0].path).toBe('text');
  });

  it('should take exactly one outcome, list closed entries by outcome (paged), and reopen into the active group', async () => {
    const ids = [await seedEntry(a.businessId, clients.ada, phases[1]), await seedEntry(a.businessId, clients.bo, phases[1]), await seedEntry(a.businessId, clients.bo, phases[2])];
    const won = (await api().post(`/entries/${ids[0]}/outcome`, { version: 1, outcome: 'regained', reason: 'signed up again' }).expect(200)).body;
    expect(won).toMatchObject({ outcome: 'regained', outcomeReason: 'signed up again', outcomeBy: expect.stringMatching(/^api_key:/), version: 2 });
    await api().post(`/entries/${ids[1]}/outcome`, { version: 1, outcome: 'lost' }).expect(200);
    await api().post(`/entries/${ids[2]}/outcome`, { version: 1, outcome: 'not_edited' }).expect(200);
    // a second outcome is refused, also with the right version
    expect((await api().post(`/entries/${ids[0]}/outcome`, { version: 2, outcome: 'lost' }).expect(409)).body.message).toMatch(/already has an outcome \(regained\)/);
    await api().post(`/entries/${ids[0]}/outcome`, { version: 2, outcome: 'won' }).expect(400);
    // a closed entry is not moved
    await api().patch(`/entries/${ids[0]}`, { version: 2, phaseId: phases[0] }).expect(409);

    const regained = (await api().get('/entries?state=regained&limit=1').expect(200)).body;
    expect(regained).toMatchObject({ total: 1, items: [expect.objectContaining({ id: ids[0] })] });
    expect((await api().get('/entries?state=lost').expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
    expect((await api().get('/entries?state=not_edited').expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
    const board = (await api().get('/board?limit=100').expect(200)).body;
    const onBoard = board.columns.flatMap((c: { entries: Array<{ id: string }> }) => c.entries.map((e) => e.id));
    expect(onBoard).not.toContain(ids[0]);

    // reopen: back in its old phase (still active), outcome cleared, history says what it was
    const reopened = (await api().post(`/entries/${ids[0]}/reopen`, { version: 2 }).expect(200)).body;
    expect(reopened).toMatchObject({ outcome: null, outcomeAt: null, phaseId: phases[1], version: 3 });
    expect(reopened.history.map((h: { kind: string }) => h.kind)).toEqual(['outcome', 'reopened']);
    expect(reopened.history[1].data).toMatchObject({ previousOutcome: 'regained' });
    await api().post(`/entries/${ids[0]}/reopen`, { version: 3 }).expect(409);
    expect((await api().post(`/entries/${ids[1]}/reopen`, { version: 2, phaseId: inactivePhase }).expect(400)).body.problems[0].path).toBe('phaseId');
    expect((await api().post(`/entries/${ids[1]}/reopen`, { version: 2, phaseId: phases[0] }).expect(200)).body).toMatchObject({ phaseId: phases[0], outcome: null });
  });

  it("should answer 404 for another business's entry on every route and change nothing", async () => {
    const [bGroup] = await app.ds.query(`SELECT p.id::text FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id WHERE g.business_id = $1 AND g.active ORDER BY p.position LIMIT 1`, [
      b.businessId,
    ]);
    const [bClient] = await seedManyClients(app.ds, b.businessId, 'b', 1);
    const id = await seedEntry(b.businessId, bClient, bGroup.id);
    await api().get(`/entries/${id}`).expect(404);
    await api().patch(`/entries/${id}`, { version: 1, phaseId: phases[1] }).expect(404);
    await api().post(`/entries/${id}/notes`, { text: 'x' }).expect(404);
    await api().post(`/entries/${id}/outcome`, { version: 1, outcome: 'lost' }).expect(404);
    await api().post(`/entries/${id}/seen`).expect(404);
    await api().post(`/entries/${id}/reopen`, { version: 1 }).expect(404);
    await api().get('/entries/not-an-id').expect(404);
    // b's own board does not show a's entries, and a's move could not put b's entry in a's phase
    const bBoard = (await api(b.apiKey).get('/board').expect(200)).body;
    expect(bBoard.total).toBe(1);
    expect((await entry(id, b.apiKey)).history).toEqual([]);
    const [row] = await app.ds.query(`SELECT phase_id::text, version, seen_at FROM recovery_entry WHERE id = $1`, [id]);
    expect(row).toEqual({ phase_id: bGroup.id, version: 1, seen_at: null });
  });
});
