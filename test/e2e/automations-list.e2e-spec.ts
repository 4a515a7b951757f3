import request from 'supertest';
import { newBusiness } from '../support/factories';
import { seedClients } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// GET /api/v1/automations carries each automation's runs (every run enrolled, and those in flight
// now), counted in one grouped read, equal to what GET /automations/:id reports in its progress;
// another business's runs never count.
describe('the automations list with its runs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('should count runs per automation, in flight and in all, as the automation itself does', async () => {
    const a = await newBusiness(app.ds, { name: 'A' });
    const b = await newBusiness(app.ds, { name: 'B' });
    const get = (key: string, path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`).expect(200);
    const items = (await get(a.apiKey, '/api/v1/automations')).body.items as Array<{ id: string; playbookKey: string }>;
    const [first, second] = items;
    const clients = await seedClients(app.ds, a.businessId, [{ key: 'c1' }, { key: 'c2' }, { key: 'c3' }, { key: 'c4' }]);
    const run = (automationId: string, client: string, state: string, holdout = false) =>
      app.ds.query(
        `INSERT INTO automation_enrollment (business_id, automation_id, client_id, occurrence_key, entry_no, triggered_at, enrolled_at, holdout, state, step_index, next_at)
         VALUES ($1, $2, $3, 'test', 1, now(), now(), $4, $5, 0, CASE WHEN $5 IN ('active', 'waiting') THEN now() + interval '1 day' END)`,
        [a.businessId, automationId, client, holdout, state],
      );
    await run(first.id, clients.c1, 'waiting');
    await run(first.id, clients.c2, 'active', true);
    await run(first.id, clients.c3, 'done');
    await run(first.id, clients.c4, 'exited');
    await run(second.id, clients.c1, 'failed');

    const listed = (await get(a.apiKey, '/api/v1/automations')).body.items as Array<{ id: string; runs: { enrolled: number; inFlight: number } }>;
    const runsOf = (id: string) => listed.find((x) => x.id === id)!.runs;
    expect(runsOf(first.id)).toEqual({ enrolled: 4, inFlight: 2 });
    expect(runsOf(second.id)).toEqual({ enrolled: 1, inFlight: 0 });
    expect(listed.filter((x) => x.id !== first.id && x.id !== second.id).map((x) => x.runs)).toEqual([{ enrolled: 0, inFlight: 0 }]);
    for (const x of listed) expect((await get(a.apiKey, `/api/v1/automations/${x.id}`)).body.progress).toMatchObject({ enrolled: x.runs.enrolled, inFlight: x.runs.inFlight });
    // B's list counts only B's runs
    expect(((await get(b.apiKey, '/api/v1/automations')).body.items as Array<{ runs: object }>).map((x) => x.runs)).toEqual([
      { enrolled: 0, inFlight: 0 },
      { enrolled: 0, inFlight: 0 },
      { enrolled: 0, inFlight: 0 },
    ]);
  });
});
