import request from 'supertest';
import { BusinessRepository } from '../../src/business/business.repository';
import { hashApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { seedClients } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// Recovery settings over HTTP: the default group every business gets, which cancellations enter
// and automatic Lost (validated, paths in the errors), phase groups and phases, and activation
// of another group with a mapping that moves every open entry in one transaction.
describe('recovery settings API', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let staffKey: string;
  let clientIds: string[];
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(`/api/v1/recovery${path}`).set(as(key)),
    post: (path: string, body?: object) => request(app.url).post(`/api/v1/recovery${path}`).set(as(key)).send(body),
    put: (path: string, body: object) => request(app.url).put(`/api/v1/recovery${path}`).set(as(key)).send(body),
    patch: (path: string, body: object) => request(app.url).patch(`/api/v1/recovery${path}`).set(as(key)).send(body),
    delete: (path: string) => request(app.url).delete(`/api/v1/recovery${path}`).set(as(key)),
  });
  let seq = 0;
  /** An entry straight in the table (intake is tested in its own suites). */
  const seedEntry = async (businessId: string, clientId: string, phaseId: string, outcome: string | null = null): Promise<string> => {
    const [row] = await app.ds.query(
      `INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id, outcome, outcome_at)
       VALUES ($1, $2, 'cancellation', $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) RETURNING id::text`,
      [businessId, clientId, `subscription:s${++seq}`, phaseId, outcome],
    );
    return row.id;
  };
  const activeGroup = async (key = a.apiKey) => (await api(key).get('/phase-groups').expect(200)).body.items.find((g: { active: boolean }) => g.active);

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    staffKey = await new BusinessRepository(app.ds).createApiKey(a.businessId, 'staff');
    await app.ds.query(`UPDATE api_key SET role = 'staff' WHERE key_hash = $1`, [hashApiKey(staffKey)]);
    clientIds = Object.values(await seedClients(app.ds, a.businessId, [{ key: 'c1' }, { key: 'c2' }, { key: 'c3' }, { key: 'c4' }]));
  });
  afterAll(() => app.close());

  it('should give every new business one active default group (Inbound, Contacted, Offer sent) and default settings', async () => {
    const groups = (await api().get('/phase-groups').expect(200)).body.items;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ active: true });
    expect(groups[0].phases.map((p: { name: string }) => p.name)).toEqual(['Inbound', 'Contacted', 'Offer sent']);
    const s = (await api().get('/settings').expect(200)).body;
    expect(s).toMatchObject({
      ordinaryEnabled: true,
      ordinaryExcludedReasons: [],
      extraordinaryEnabled: true,
      extraordinaryReasons: null,
      nonRenewingEnabled: true,
      nonRenewingDaysBefore: 30,
      quotaEnabled: true,
      autoLostDays: 60,
    });
  });

  it('should change only the settings given, allow null for every reason and for auto Lost off', async () => {
    const s = (
      await api()
        .patch('/settings', { ordinaryExcludedReasons: ['moved away'], extraordinaryReasons: ['illness'], autoLostDays: null, nonRenewingDaysBefore: 14 })
        .expect(200)
    ).body;
    expect(s).toMatchObject({ ordinaryExcludedReasons: ['moved away'], extraordinaryReasons: ['illness'], autoLostDays: null, nonRenewingDaysBefore: 14, quotaEnabled: true });
    const again = (await api().patch('/settings', { extraordinaryReasons: null, quotaEnabled: false }).expect(200)).body;
    expect(again).toMatchObject({ ordinaryExcludedReasons: ['moved away'], extraordinaryReasons: null, autoLostDays: null, quotaEnabled: false });
    // the other business is untouched
    expect((await api(b.apiKey).get('/settings').expect(200)).body).toMatchObject({ autoLostDays: 60, quotaEnabled: true });
  });

  it('should refuse bad settings with a 400 naming each field', async () => {
    const res = await api()
      .patch('/settings', { autoLostDays: 0, nonRenewingDaysBefore: 'x', ordinaryExcludedReasons: ['ok', ''], ordinaryEnabled: 'yes', colour: 'red' })
      .expect(400);
    const paths = res.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['autoLostDays', 'nonRenewingDaysBefore', 'ordinaryExcludedReasons', 'ordinaryEnabled', 'colour']));
  });

  it('should let only admins and marketers change settings; staff and managers read them', async () => {
    await api(staffKey).get('/settings').expect(200);
    await api(staffKey).patch('/settings', { quotaEnabled: true }).expect(403);
    await api(staffKey)
      .post('/phase-groups', { name: 'X', phases: ['a'] })
      .expect(403);
    const keyOf = async (role: string) => {
      const key = await new BusinessRepository(app.ds).createApiKey(a.businessId, role);
      await app.ds.query(`UPDATE api_key SET role = $2 WHERE key_hash = $1`, [hashApiKey(key), role]);
      return key;
    };
    const manager = await keyOf('manager');
    await api(manager).get('/phase-groups').expect(200);
    await api(manager).patch('/settings', { quotaEnabled: true }).expect(403);
    await api(await keyOf('marketer'))
      .patch('/settings', { quotaEnabled: true })
      .expect(200);
  });

  it('should create, rename, add, rename, reorder and delete phases', async () => {
    const g = (
      await api()
        .post('/phase-groups', { name: 'Winter', phases: ['New', 'Called'] })
        .expect(201)
    ).body;
    expect(g).toMatchObject({ name: 'Winter', active: false });
    expect(g.phases.map((p: { name: string; position: number }) => [p.name, p.position])).toEqual([
      ['New', 0],
      ['Called', 1],
    ]);
    expect((await api().patch(`/phase-groups/${g.id}`, { name: 'Winter drive' }).expect(200)).body.name).toBe('Winter drive');
    const added = (await api().post(`/phase-groups/${g.id}/phases`, { name: 'Visited', position: 1 }).expect(201)).body;
    expect(added.phases.map((p: { name: string }) => p.name)).toEqual(['New', 'Visited', 'Called']);
    const [newP, visited, called] = added.phases.map((p: { id: string }) => p.id);
    await api().patch(`/phase-groups/${g.id}/phases/${visited}`, { name: 'Came by' }).expect(200);
    const reordered = (
      await api()
        .put(`/phase-groups/${g.id}/order`, { phaseIds: [called, newP, visited] })
        .expect(200)
    ).body;
    expect(reordered.phases.map((p: { name: string; position: number }) => `${p.position}:${p.name}`)).toEqual(['0:Called', '1:New', '2:Came by']);
    const afterDelete = (await api().delete(`/phase-groups/${g.id}/phases/${newP}`).expect(200)).body;
    expect(afterDelete.phases.map((p: { name: string; position: number }) => `${p.position}:${p.name}`)).toEqual(['0:Called', '1:Came by']);
  });

  it('should refuse a reorder that misses, repeats or borrows a phase, naming it', async () => {
    const g = (
      await api()
        .post('/phase-groups', { name: 'Order', phases: ['a', 'b', 'c'] })
        .expect(201)
    ).body;
    const [p1, p2] = g.phases.map((p: { id: string }) => p.id);
    const foreign = (await activeGroup()).phases[0].id;
    const res = await api()
      .put(`/phase-groups/${g.id}/order`, { phaseIds: [p1, p1, foreign] })
      .expect(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'phaseIds[1]', reason: expect.stringContaining('twice') },
        { path: 'phaseIds[2]', reason: expect.stringContaining(`phase ${foreign} is not a phase of this group`) },
        { path: 'phaseIds', reason: expect.stringContaining(`phase ${p2} (b) is missing`) },
      ]),
    );
    const now = (await api().get(`/phase-groups/${g.id}`).expect(200)).body;
    expect(now.phases.map((p: { name: string }) => p.name)).toEqual(['a', 'b', 'c']);
  });

  it('should refuse to delete a phase with open entries, saying how many, and delete it once only closed ones are left', async () => {
    const g = await activeGroup();
    const phase = g.phases[2].id;
    const open1 = await seedEntry(a.businessId, clientIds[0], phase);
    await seedEntry(a.businessId, clientIds[1], phase);
    const closed = await seedEntry(a.businessId, clientIds[2], phase, 'lost');
    const res = await api().delete(`/phase-groups/${g.id}/phases/${phase}`).expect(409);
    expect(res.body.message).toMatch(/holds 2 open entries/);
    await app.ds.query(`UPDATE recovery_entry SET outcome = 'regained', outcome_at = now() WHERE business_id = $1 AND phase_id = $2 AND outcome IS NULL`, [a.businessId, phase]);
    const after = (await api().delete(`/phase-groups/${g.id}/phases/${phase}`).expect(200)).body;
    expect(after.phases).toHaveLength(2);
    const rows = await app.ds.query(`SELECT id::text, phase_id, outcome FROM recovery_entry WHERE id = ANY($1::bigint[]) ORDER BY id`, [[open1, closed]]);
    expect(rows).toEqual([
      { id: open1, phase_id: null, outcome: 'regained' },
      { id: closed, phase_id: null, outcome: 'lost' },
    ]);
    // put the third phase back for the tests below
    await api().post(`/phase-groups/${g.id}/phases`, { name: 'Offer sent' }).expect(201);
  });

  it('should refuse to delete the last phase of a group and the active group', async () => {
    const g = (
      await api()
        .post('/phase-groups', { name: 'Single', phases: ['only'] })
        .expect(201)
    ).body;
    expect((await api().delete(`/phase-groups/${g.id}/phases/${g.phases[0].id}`).expect(409)).body.message).toMatch(/last/);
    const active = await activeGroup();
    expect((await api().delete(`/phase-groups/${active.id}`).expect(409)).body.message).toMatch(/active group/);
    const left = (await api().delete(`/phase-groups/${g.id}`).expect(200)).body.items;
    expect(left.map((x: { id: string }) => x.id)).not.toContain(g.id);
    await api().get(`/phase-groups/${g.id}`).expect(404);
  });

  it('should refuse activation without a full mapping, naming the missing, foreign and extra phases, and change nothing', async () => {
    const old = await activeGroup();
    const [inbound, contacted, offer] = old.phases.map((p: { id: string }) => p.id);
    const entries = [await seedEntry(a.businessId, clientIds[0], inbound), await seedEntry(a.businessId, clientIds[1], contacted)];
    const next = (
      await api()
        .post('/phase-groups', { name: 'Spring', phases: ['First call', 'Second call'] })
        .expect(201)
    ).body;
    const [first, second] = next.phases.map((p: { id: string }) => p.id);
    const other = (
      await api()
        .post('/phase-groups', { name: 'Other', phases: ['x'] })
        .expect(201)
    ).body;

    const missing = await api()
      .post(`/phase-groups/${next.id}/activate`, { mapping: { [inbound]: first, [contacted]: second } })
      .expect(400);
    expect(missing.body.problems).toEqual([{ path: `mapping.${offer}`, reason: expect.stringContaining('needs a phase of the new group') }]);
    const none = await api().post(`/phase-groups/${next.id}/activate`, {}).expect(400);
    expect(none.body.problems.map((p: { path: string }) => p.path).sort()).toEqual([`mapping.${contacted}`, `mapping.${inbound}`, `mapping.${offer}`].sort());
    const foreign = await api()
      .post(`/phase-groups/${next.id}/activate`, { mapping: { [inbound]: first, [contacted]: other.phases[0].id, [offer]: second, [other.phases[0].id]: first } })
      .expect(400);
    expect(foreign.body.problems).toEqual(
      expect.arrayContaining([
        { path: `mapping.${contacted}`, reason: `must be a phase id of group ${next.id}` },
        { path: `mapping.${other.phases[0].id}`, reason: expect.stringContaining('not a phase of the active group') },
      ]),
    );
    await api().post(`/phase-groups/${next.id}/activate`, { mapping: 'all' }).expect(400);

    expect((await activeGroup()).id).toBe(old.id);
    const still = await app.ds.query(`SELECT phase_id::text FROM recovery_entry WHERE id = ANY($1::bigint[]) ORDER BY id`, [entries]);
    expect(still.map((r: { phase_id: string }) => r.phase_id)).toEqual([inbound, contacted]);
  });

  it('should activate with a full mapping, moving every open entry (and no closed one) in one go with a history line each', async () => {
    const old = await activeGroup();
    const [inbound, contacted, offer] = old.phases.map((p: { id: string }) => p.id);
    const openBefore = await app.ds.query(`SELECT id::text, phase_id::text FROM recovery_entry WHERE business_id = $1 AND outcome IS NULL ORDER BY id`, [a.businessId]);
    expect(openBefore.length).toBeGreaterThanOrEqual(2);
    const closed = await seedEntry(a.businessId, clientIds[3], offer, 'lost');
    const next = (
      await api()
        .post('/phase-groups', { name: 'Summer', phases: ['Hello', 'Offer'] })
        .expect(201)
    ).body;
    const [hello, offerNew] = next.phases.map((p: { id: string }) => p.id);
    const mapping: Record<string, string> = { [inbound]: hello, [contacted]: offerNew, [offer]: offerNew };
    const res = (await api().post(`/phase-groups/${next.id}/activate`, { mapping }).expect(200)).body;
    expect(res.movedEntries).toBe(openBefore.length);
    expect(res.group).toMatchObject({ id: next.id, active: true });

    const groups = (await api().get('/phase-groups').expect(200)).body.items;
    expect(groups.filter((g: { active: boolean }) => g.active).map((g: { id: string }) => g.id)).toEqual([next.id]);
    const after = await app.ds.query(`SELECT id::text, phase_id::text, version FROM recovery_entry WHERE business_id = $1 AND outcome IS NULL ORDER BY id`, [a.businessId]);
    expect(after.map((r: { id: string }) => r.id)).toEqual(openBefore.map((r: { id: string }) => r.id));
    expect(after.map((r: { phase_id: string }) => r.phase_id)).toEqual(openBefore.map((r: { phase_id: string }) => mapping[r.phase_id]));
    const [closedRow] = await app.ds.query(`SELECT phase_id::text FROM recovery_entry WHERE id = $1`, [closed]);
    expect(closedRow.phase_id).toBe(offer);
    const events = await app.ds.query(`SELECT count(*)::int AS n FROM recovery_entry_event WHERE business_id = $1 AND kind = 'moved' AND data->>'by' = 'group activation'`, [a.businessId]);
    expect(events[0].n).toBe(openBefore.length);

    // a drag started before the switch (old version, old phase) is refused, nothing lands in the old group
    const one = openBefore[0];
    const stale = await request(app.url).patch(`/api/v1/recovery/entries/${one.id}`).set(as(a.apiKey)).send({ version: 1, phaseId: inbound });
    expect(stale.status).toBe(409);
    const fresh = after.find((r: { id: string }) => r.id === one.id);
    const inactive = await request(app.url).patch(`/api/v1/recovery/entries/${one.id}`).set(as(a.apiKey)).send({ version: fresh.version, phaseId: inbound });
    expect(inactive.status).toBe(400);
    expect((await app.ds.query(`SELECT phase_id::text FROM recovery_entry WHERE id = $1`, [one.id]))[0].phase_id).toBe(mapping[one.phase_id]);

    // back to the old group needs the reverse mapping; activating the active one again moves nothing
    await api()
      .post(`/phase-groups/${old.id}/activate`, { mapping: { [hello]: inbound, [offerNew]: contacted } })
      .expect(200);
    expect((await api().post(`/phase-groups/${old.id}/activate`, {}).expect(200)).body.movedEntries).toBe(0);
  });

  it('should activate a group without a mapping while no entry is open', async () => {
    const active = (await api(b.apiKey).get('/phase-groups').expect(200)).body.items[0];
    const next = (
      await api(b.apiKey)
        .post('/phase-groups', { name: 'B2', phases: ['one'] })
        .expect(201)
    ).body;
    await api(b.apiKey).post(`/phase-groups/${next.id}/activate`, {}).expect(200);
    const groups = (await api(b.apiKey).get('/phase-groups').expect(200)).body.items;
    expect(groups.find((g: { id: string }) => g.id === active.id).active).toBe(false);
    expect(groups.find((g: { id: string }) => g.id === next.id).active).toBe(true);
  });

  it("should answer 404 for another business's group and phase", async () => {
    const bGroup = (await api(b.apiKey).get('/phase-groups').expect(200)).body.items[0];
    await api().get(`/phase-groups/${bGroup.id}`).expect(404);
    await api().patch(`/phase-groups/${bGroup.id}`, { name: 'mine' }).expect(404);
    await api().post(`/phase-groups/${bGroup.id}/activate`, {}).expect(404);
    await api().delete(`/phase-groups/${bGroup.id}/phases/${bGroup.phases[0].id}`).expect(404);
    const mine = await activeGroup();
    await api().delete(`/phase-groups/${mine.id}/phases/${bGroup.phases[0].id}`).expect(404);
    await api().get('/phase-groups/abc').expect(404);
  });
});
