import request from 'supertest';
import { seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// PATCH /campaigns/:id changes a draft (issue #11: a saved draft opened from /campaigns, edited,
// saved): fields left out keep their value, steps are replaced in their new order; a campaign
// that is scheduled or sent answers 409, another business's 404, a bad field 400 by path.
describe('campaigns: changing a draft', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let segmentId: string;
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    patch: (path: string, body: object) => request(app.url).patch(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  const email = (key: string) => ({ key, channel: 'email', template: { subject: `${key} subject`, text: 'Hi {{unsubscribe_url}}' } });
  const task = { key: 'call', channel: 'staff_task', task: { reason: 'Call them', dueInDays: 1 } };

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    await seedClients(app.ds, a.businessId, [{ firstName: 'Ann', email: 'ann@example.test' }]);
    segmentId = (
      await api()
        .post('/api/v1/segments', { name: 'Everyone', conditions: { condition: 'age', operator: '>=', value: 0 } })
        .expect(201)
    ).body.id;
  });
  afterAll(() => app.close());

  const draft = async () =>
    (
      await api()
        .post('/api/v1/campaigns', { name: 'Spring', segmentId, holdoutPercent: 5, steps: [email('first'), task] })
        .expect(201)
    ).body;

  it('should change a draft, keep what was left out and store the steps in their new order', async () => {
    const c = await draft();
    const res = await api()
      .patch(`/api/v1/campaigns/${c.id}`, {
        name: 'Spring, again',
        steps: [
          { ...task, delayMinutes: 0 },
          { ...email('first'), delayMinutes: 120 },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ id: c.id, name: 'Spring, again', state: 'draft', holdoutPercent: 5, segmentId });
    const read = (await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body;
    expect(read.steps.map((s: { key: string; delayMinutes: number }) => [s.key, s.delayMinutes])).toEqual([
      ['call', 0],
      ['first', 120],
    ]);
    expect(read.goal).toEqual(c.goal);
    // a send time set, then cleared with null
    const at = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api().patch(`/api/v1/campaigns/${c.id}`, { sendAt: at }).expect(200)).body.sendAt).toBe(at);
    expect((await api().patch(`/api/v1/campaigns/${c.id}`, { sendAt: null }).expect(200)).body.sendAt).toBeNull();
  });

  it('should refuse bad fields by path, another business and a campaign that is no longer a draft', async () => {
    const c = await draft();
    const bad = await api()
      .patch(`/api/v1/campaigns/${c.id}`, { steps: [email('x'), email('x')] })
      .expect(400);
    expect(bad.body.problems).toEqual([{ path: 'steps', reason: 'step keys must differ' }]);
    const past = await api().patch(`/api/v1/campaigns/${c.id}`, { sendAt: '2020-01-01T00:00:00Z' }).expect(400);
    expect(past.body.problems[0].path).toBe('sendAt');
    await api().patch(`/api/v1/campaigns/${c.id}`, { holdoutPercent: 90 }).expect(400);
    // not an id: no such campaign (RowIdPipe)
    await api().patch('/api/v1/campaigns/abc', { name: 'x' }).expect(404);
    await api(b.apiKey).patch(`/api/v1/campaigns/${c.id}`, { name: 'theirs' }).expect(404);
    const otherSegment = (
      await api(b.apiKey)
        .post('/api/v1/segments', { name: 'B', conditions: { condition: 'age', operator: '>=', value: 0 } })
        .expect(201)
    ).body.id;
    const foreign = await api().patch(`/api/v1/campaigns/${c.id}`, { segmentId: otherSegment }).expect(400);
    expect(foreign.body.problems).toEqual([{ path: 'segmentId', reason: 'no such segment' }]);
    expect((await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body.name).toBe('Spring');

    // scheduled: no longer a draft
    const at = new Date(Date.now() + 86_400_000).toISOString();
    await api().patch(`/api/v1/campaigns/${c.id}`, { sendAt: at }).expect(200);
    await api().post(`/api/v1/campaigns/${c.id}/send`, {}).expect(202);
    const conflict = await api().patch(`/api/v1/campaigns/${c.id}`, { name: 'too late' }).expect(409);
    expect(conflict.body.message).toContain('only a draft can be changed');
    expect((await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body).toMatchObject({ name: 'Spring', state: 'scheduled' });
  });
});
