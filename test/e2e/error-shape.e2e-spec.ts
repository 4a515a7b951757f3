import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// Issue #11 item 5: every 400 carries its problems in one place (top-level `problems`, as the
// validation pipe writes them), and a body that is not sent as JSON gets one clear 415 instead of
// being parsed as a form and named as an unknown field.
describe('API error shape', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  const auth = () => ({ Authorization: `Bearer ${a.apiKey}` });

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
  });
  afterAll(() => app.close());

  it('should put a domain error problems at the top level, like the validation pipe', async () => {
    const domain = await request(app.url)
      .put('/api/v1/settings/messaging')
      .set(auth())
      .send({ quietHours: { start: '25:00' }, nope: 1 })
      .expect(400);
    expect(Array.isArray(domain.body.problems)).toBe(true);
    expect(domain.body.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['nope']));
    expect(domain.body.details).toBeUndefined();
    const pipe = await request(app.url).post('/api/v1/segments').set(auth()).send({ conditions: {} }).expect(400);
    expect(pipe.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'name' })]));
    const tree = await request(app.url)
      .post('/api/v1/segments/preview')
      .set(auth())
      .send({ conditions: { condition: 'nope' } })
      .expect(400);
    expect(tree.body.problems).toEqual([{ path: 'condition', reason: expect.stringContaining('nope') }]);
    // an error without problems carries none
    const missing = await request(app.url).get('/api/v1/segments/999999999').set(auth()).expect(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'not_found', message: 'segment not found' });
  });

  it('should refuse a body sent without a JSON content type with one clear message', async () => {
    const body = JSON.stringify({ conditions: { condition: 'age', operator: '>=', value: 18 } });
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const res = await request(app.url).post('/api/v1/segments/preview').set(auth()).set('Content-Type', type).send(body).expect(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'unsupported_media_type',
        message: `request body must be JSON sent with Content-Type: application/json (it came with Content-Type ${type})`,
      });
      expect(res.body.message).not.toContain('conditions');
    }
    // the same body as JSON (with a charset) works, and so does a write without a body
    const ok = await request(app.url).post('/api/v1/segments/preview').set(auth()).set('Content-Type', 'application/json; charset=utf-8').send(body).expect(200);
    expect(typeof ok.body.count).toBe('number');
    const created = await request(app.url)
      .post('/api/v1/segments')
      .set(auth())
      .send({ name: 'Adults', conditions: { condition: 'age', operator: '>=', value: 18 } })
      .expect(201);
    await request(app.url).post(`/api/v1/segments/${created.body.id}/recompute`).set(auth()).expect(200);
  });
});
