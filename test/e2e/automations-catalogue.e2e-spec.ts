import request from 'supertest';
import { TRIGGER_KINDS } from '../../src/automations/automation.types';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// GET /api/v1/automations/catalogue: what the automation editor builds its forms from. Every
// trigger kind the API accepts is described, and a trigger built from nothing but its description
// is accepted; every branch condition is described (the engine's own first, then the segment
// catalogue), and a tree mixing the two is accepted and stored as sent.
describe('automations catalogue', () => {
  let app: TestApp;
  let apiKey: string;
  const get = (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${apiKey}`);
  const post = (path: string, body: object) => request(app.url).post(path).set('Authorization', `Bearer ${apiKey}`).send(body);

  type Param = { name: string; type: string; required: boolean; values?: string[]; operators?: string[]; min?: number; max?: number; when?: string };

  beforeAll(async () => {
    app = await startTestApp();
    ({ apiKey } = await newBusiness(app.ds, { name: 'Catalogue Gym' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('should need a signed-in caller', async () => {
    await request(app.url).get('/api/v1/automations/catalogue').expect(401);
  });

  it('should describe every trigger kind, and a trigger built from its description should be accepted', async () => {
    const { body } = await get('/api/v1/automations/catalogue').expect(200);
    const triggers = body.triggers as Array<{ kind: string; label: string; description: string; params: Param[] }>;
    expect(triggers.map((t) => t.kind).sort()).toEqual([...TRIGGER_KINDS].sort());
    expect(triggers.find((t) => t.kind === 'became_overdue')).toMatchObject({ label: 'When a client becomes overdue', params: [{ name: 'serviceCategory', type: 'string', required: false }] });
    expect(triggers.find((t) => t.kind === 'recovery_entry_created')!.params).toEqual([]);
    expect(triggers.find((t) => t.kind === 'status_changed')!.params.map((p) => [p.name, p.type, p.values])).toEqual([
      ['from', 'enum[]', ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended']],
      ['to', 'enum[]', ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended']],
    ]);

    const segment = (await post('/api/v1/segments', { name: 'Members', conditions: { condition: 'member', value: true } }).expect(201)).body;
    const sample = (p: Param): unknown => {
      if (p.name === 'segmentId') return segment.id;
      if (p.name === 'cron') return '0 10 * * *';
      if (p.type === 'enum[]') return p.values!.slice(-1);
      if (p.type === 'number') return p.max ?? 1;
      return 'Massage';
    };
    for (const t of triggers) {
      // every parameter set (optional ones too): each must be a field the API takes for this kind
      const trigger = Object.fromEntries([['kind', t.kind], ...t.params.map((p) => [p.name, sample(p)])]);
      const res = await post('/api/v1/automations', { name: `On ${t.kind}`, trigger, steps: [{ key: 'x', type: 'exit' }] });
      expect({ kind: t.kind, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ kind: t.kind, status: 201, body: undefined });
      expect(res.body.trigger).toEqual(trigger);
      // and the required ones are required
      for (const p of t.params.filter((x) => x.required)) {
        const without = { ...trigger };
        delete without[p.name];
        const refused = await post('/api/v1/automations', { name: `On ${t.kind}`, trigger: without, steps: [{ key: 'x', type: 'exit' }] }).expect(400);
        expect(JSON.stringify(refused.body)).toContain(`trigger.${p.name}`);
      }
    }
  });

  it('should describe every branch condition: the engine’s own, then the whole segment catalogue, mixed in one branch', async () => {
    const { body } = await get('/api/v1/automations/catalogue').expect(200);
    const conditions = body.branchConditions as Array<{ type: string; params: Param[] }>;
    const segments = (await get('/api/v1/segments/catalogue').expect(200)).body.conditions as Array<{ type: string }>;
    expect(conditions[0]).toMatchObject({ type: 'visited_since_trigger', label: 'Visited since the trigger', params: [] });
    expect(conditions.slice(1).map((c) => c.type)).toEqual(segments.map((c) => c.type));

    // the engine's leaf and segment conditions mixed in one tree, as the editor builds it
    const tree = {
      or: [
        { not: { condition: 'visited_since_trigger' } },
        {
          and: [
            { condition: 'member', value: true },
            { condition: 'visits', operator: '>=', value: 2, window: { last: 30 } },
          ],
        },
      ],
    };
    for (const type of ['member', 'visits']) expect(conditions.map((c) => c.type)).toContain(type);
    const res = await post('/api/v1/automations', { name: 'Mixed condition', trigger: { kind: 'recovery_entry_created' }, steps: [{ key: 'b', type: 'branch', condition: tree, then: 'exit' }] });
    expect({ status: res.status, problems: res.body.problems ?? res.body.details }).toEqual({ status: 201, problems: undefined });
    expect(res.body.steps[0].condition).toEqual(tree);
    // a condition the catalogue does not list is refused, named by path
    const bad = await post('/api/v1/automations', {
      name: 'Bad',
      trigger: { kind: 'recovery_entry_created' },
      steps: [{ key: 'b', type: 'branch', condition: { and: [{ condition: 'visited_since_trigger' }, { condition: 'moon_phase' }] } }],
    }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('steps[0].condition.and[1]');
  });
});
