import { getQueueToken } from '@nestjs/bull';
import { Queue } from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue-names';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Saved segments through the API and a real worker: preview, explain, create (baseline), data
// arriving (debounced recompute -> entered/exited transitions -> automation events), tenancy.
describe('segments API and worker', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  const ids: Record<string, string> = {};
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set(as(key)),
    post: (path: string, body?: object) => request(app.url).post(path).set(as(key)).send(body),
    patch: (path: string, body: object) => request(app.url).patch(path).set(as(key)).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set(as(key)).send(body),
    delete: (path: string) => request(app.url).delete(path).set(as(key)),
  });
  const adults = { condition: 'age', operator: '>=', value: 18 };
  const imp = (key: string, entity: string, records: object[]) =>
    api(key)
      .post(`/api/v1/import/${entity}`, records as unknown as object)
      .expect(200);
  const automationJobs = async (name: string) => {
    const q = app.worker!.get<Queue>(getQueueToken(QueueName.AutomationEvents), { strict: false });
    return (await q.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter((j) => j?.name === name);
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { SEGMENT_DEBOUNCE_SECONDS: '1' } });
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    b = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    await imp(a.apiKey, 'clients', [
      { externalId: 'adult1', firstName: 'Ada', birthDate: '1980-05-01' },
      { externalId: 'adult2', firstName: 'Bea', birthDate: '1990-05-01' },
      { externalId: 'kid', firstName: 'Cy', birthDate: '2015-05-01' },
      { externalId: 'unknown', firstName: 'Di' },
    ]);
    await imp(b.apiKey, 'clients', [{ externalId: 'b-adult', birthDate: '1970-01-01' }]);
    for (const r of await app.ds.query(`SELECT external_id, id::text FROM client`)) ids[r.external_id] = r.id;
  });
  afterAll(() => app.close());

  it('should serve the catalogue with labels, parameters and operators', async () => {
    const res = await api().get('/api/v1/segments/catalogue').expect(200);
    const age = res.body.conditions.find((c: { type: string }) => c.type === 'age');
    expect(age).toMatchObject({ label: 'Age', group: 'person' });
    expect(age.params.find((p: { name: string }) => p.name === 'operator').operators).toEqual(['=', '!=', '<', '<=', '>', '>=', 'between']);
  });

  it('should preview a count and a sample of the caller business only', async () => {
    const res = await api().post('/api/v1/segments/preview', { conditions: adults }).expect(200);
    expect(res.body.count).toBe(2);
    expect(res.body.sample.map((c: { firstName: string }) => c.firstName)).toEqual(['Ada', 'Bea']);
    const none = await api()
      .post('/api/v1/segments/preview', { conditions: { and: [adults, { not: adults }] } })
      .expect(200);
    expect(none.body).toMatchObject({ count: 0, sample: [] });
    const other = await api(b.apiKey).post('/api/v1/segments/preview', { conditions: adults }).expect(200);
    expect(other.body.count).toBe(1);
  });

  it('should answer a bad tree with a 400 naming the path of each bad node', async () => {
    const bad = await api()
      .post('/api/v1/segments/preview', { conditions: { and: [adults, { or: [{ condition: 'age', operator: '>=', value: 'x' }] }, { condition: 'nope' }] } })
      .expect(400);
    expect(bad.body.problems).toEqual([
      { path: 'and[1].or[0].value', reason: 'value must be a number' },
      { path: 'and[2].condition', reason: expect.stringContaining("unknown condition type 'nope'") },
    ]);
    await api()
      .post('/api/v1/segments/preview', { conditions: { and: [] } })
      .expect(400);
    await api()
      .post('/api/v1/segments/preview', { conditions: { and: [adults], or: [adults] } })
      .expect(400);
    const missing = await api().post('/api/v1/segments/preview', {}).expect(400);
    expect(missing.body.message).toContain('conditions');
    const deep = { condition: 'age', operator: '>', value: 1 } as object;
    let tree = deep;
    for (let i = 0; i < 20; i++) tree = { not: tree };
    expect((await api().post('/api/v1/segments/preview', { conditions: tree }).expect(400)).body.message).toContain('nest at most');
  });

  it('should explain why a client is in or out, node by node', async () => {
    const conditions = { and: [adults, { not: { condition: 'age', operator: '>', value: 40 } }] };
    const bea = await api().post('/api/v1/segments/explain', { conditions, clientId: ids.adult2 }).expect(200);
    expect(bea.body).toEqual({
      clientId: ids.adult2,
      matches: true,
      conditions: {
        and: [
          { ...adults, result: true, actual: { value: expect.any(Number), birthDate: '1990-05-01' } },
          { not: { condition: 'age', operator: '>', value: 40, result: false, actual: { value: expect.any(Number), birthDate: '1990-05-01' } }, result: true },
        ],
        result: true,
      },
    });
    const ada = await api().post('/api/v1/segments/explain', { conditions, clientId: ids.adult1 }).expect(200);
    expect(ada.body.matches).toBe(false);
    expect(ada.body.conditions.and[1].result).toBe(false);
    // another business's client is not found, whatever the tree
    await api().post('/api/v1/segments/explain', { conditions, clientId: ids['b-adult'] }).expect(404);
  });

  it('should store membership, record evaluations and emit entered/exited after data arrives', async () => {
    const created = await api().post('/api/v1/segments', { name: 'Adults', conditions: adults }).expect(201);
    const id = created.body.id;
    const baseline = await waitFor(async () => {
      const s = (await api().get(`/api/v1/segments/${id}`).expect(200)).body;
      return s.evaluatedAt ? s : undefined;
    });
    expect(baseline).toMatchObject({ memberCount: 2, slow: false, version: 1 });
    expect(baseline.evaluations[0]).toMatchObject({ trigger: 'created', memberCount: 2, entered: 2, exited: 0, baseline: true });
    // the baseline emits nothing
    expect(await app.ds.query(`SELECT * FROM segment_transition WHERE segment_id = $1`, [id])).toEqual([]);

    // kid's birth date corrected (now an adult), adult2 erased: the import triggers a debounced recompute
    await imp(a.apiKey, 'clients', [
      { externalId: 'kid', birthDate: '2000-05-01' },
      { externalId: 'adult2', birthDate: null },
    ]);
    // (the first import's own debounced recompute may also land after the baseline: it changes nothing)
    const changed = await waitFor(async () => {
      const s = (await api().get(`/api/v1/segments/${id}`).expect(200)).body;
      return s.evaluations.find((e: { entered: number; exited: number; baseline: boolean }) => !e.baseline && e.entered + e.exited > 0);
    });
    expect(changed).toMatchObject({ trigger: 'data', memberCount: 2, entered: 1, exited: 1, baseline: false });
    const members = (await api().get(`/api/v1/segments/${id}/members`).expect(200)).body;
    expect(members.items.map((m: { firstName: string }) => m.firstName)).toEqual(['Ada', 'Cy']);

    const entered = await waitFor(async () => (await automationJobs('segment.entered')).find((j) => j.data.segmentId === id));
    expect(entered.data).toMatchObject({ businessId: a.businessId, clientIds: [ids.kid] });
    const exited = await waitFor(async () => (await automationJobs('segment.exited')).find((j) => j.data.segmentId === id));
    expect(exited.data.clientIds).toEqual([ids.adult2]);
    const [ev] = await app.ds.query(`SELECT published_at FROM segment_evaluation WHERE segment_id = $1 AND NOT baseline`, [id]);
    expect(ev.published_at).not.toBeNull();

    // a recompute with nothing changed writes no transitions
    const again = await api().post(`/api/v1/segments/${id}/recompute`).expect(200);
    expect(again.body).toMatchObject({ memberCount: 2, entered: 0, exited: 0, baseline: false });
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM segment_transition WHERE segment_id = $1`, [id]))[0].n).toBe(2);
  });

  it('should page members by id', async () => {
    const { body } = await api()
      .post('/api/v1/segments', { name: 'Everyone known', conditions: { or: [adults, { not: adults }] } })
      .expect(201);
    await api().post(`/api/v1/segments/${body.id}/recompute`).expect(200);
    const p1 = (await api().get(`/api/v1/segments/${body.id}/members?limit=3`).expect(200)).body;
    expect(p1.items).toHaveLength(3);
    const p2 = (await api().get(`/api/v1/segments/${body.id}/members?limit=3&after=${p1.next}`).expect(200)).body;
    expect(p2.items).toHaveLength(1);
    expect([...p1.items, ...p2.items].map((m: { id: string }) => m.id)).toEqual([ids.adult1, ids.adult2, ids.kid, ids.unknown].sort((x, y) => Number(x) - Number(y)));
    await api().get(`/api/v1/segments/${body.id}/members?limit=0`).expect(400);
  });

  it('should start a new baseline when the conditions change, and keep names unique per business', async () => {
    const { body } = await api()
      .post('/api/v1/segments', { name: 'Over 30', conditions: { condition: 'age', operator: '>', value: 30 } })
      .expect(201);
    await api().post(`/api/v1/segments/${body.id}/recompute`).expect(200);
    const patched = await api()
      .patch(`/api/v1/segments/${body.id}`, { conditions: { condition: 'age', operator: '>', value: 20 } })
      .expect(200);
    expect(patched.body.version).toBe(2);
    await api().post(`/api/v1/segments/${body.id}/recompute`).expect(200);
    // the first evaluation of version 2 is its baseline, whether the worker's recompute after the
    // change or ours ran first; exactly one of them is
    const v2 = await app.ds.query(`SELECT baseline FROM segment_evaluation WHERE segment_id = $1 AND segment_version = 2 ORDER BY id`, [body.id]);
    expect(v2[0]).toEqual({ baseline: true });
    expect(v2.filter((e: { baseline: boolean }) => e.baseline)).toHaveLength(1);
    await api()
      .patch(`/api/v1/segments/${body.id}`, { conditions: { condition: 'age', operator: '>', value: 'x' } })
      .expect(400);
    await api().post('/api/v1/segments', { name: 'over 30', conditions: adults }).expect(409);
    await api(b.apiKey).post('/api/v1/segments', { name: 'Over 30', conditions: adults }).expect(201);
  });

  it('should store SQL-looking names verbatim', async () => {
    const name = `x'); DROP TABLE client; --`;
    const { body } = await api().post('/api/v1/segments', { name, description: `' OR 1=1 --`, conditions: adults }).expect(201);
    expect((await api().get(`/api/v1/segments/${body.id}`).expect(200)).body).toMatchObject({ name, description: `' OR 1=1 --` });
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM client`))[0].n).toBe(5);
  });

  it('should never let another business read or change a segment', async () => {
    const { body } = await api().post('/api/v1/segments', { name: 'Private', conditions: adults }).expect(201);
    const other = api(b.apiKey);
    await other.get(`/api/v1/segments/${body.id}`).expect(404);
    await other.get(`/api/v1/segments/${body.id}/members`).expect(404);
    await other.patch(`/api/v1/segments/${body.id}`, { name: 'Mine' }).expect(404);
    await other.post(`/api/v1/segments/${body.id}/recompute`).expect(404);
    await other.delete(`/api/v1/segments/${body.id}`).expect(404);
    expect((await other.get('/api/v1/segments').expect(200)).body.items.map((s: { name: string }) => s.name)).toEqual(['Over 30']);
    await api().get(`/api/v1/segments/${body.id}`).expect(200);
    await api().delete(`/api/v1/segments/${body.id}`).expect(204);
    await api().get(`/api/v1/segments/${body.id}`).expect(404);
    await api().post('/api/v1/segments', { name: 'Private', conditions: adults }).expect(201);
  });

  it('should read and validate the billing settings conditions use', async () => {
    expect((await api().get('/api/v1/settings/billing').expect(200)).body).toEqual({ directDebitBlockAfterDays: 0 });
    expect((await api().put('/api/v1/settings/billing', { directDebitBlockAfterDays: 7 }).expect(200)).body).toEqual({ directDebitBlockAfterDays: 7 });
    const bad = await api().put('/api/v1/settings/billing', { directDebitBlockAfterDays: -1 }).expect(400);
    expect(bad.body.problems[0].path).toBe('directDebitBlockAfterDays');
    expect((await api(b.apiKey).get('/api/v1/settings/billing').expect(200)).body).toEqual({ directDebitBlockAfterDays: 0 });
  });
});
