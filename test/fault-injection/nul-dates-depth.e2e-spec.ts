import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { computeMindbodySignature } from '../../src/integrations/mindbody/mindbody-signature';
import { emailStep } from '../support/automations-fixtures';
import { newBusiness } from '../support/factories';
import { seedClients } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Issue #17 items 4 and 6: one U+0000 in any string was a 500 (PostgreSQL refuses it in text
// and jsonb) and lost a whole import or signed webhook batch; impossible dates in the client
// filters were 500s; JSON nested 3,000 deep overflowed the stack of any typed body. Now: typed
// bodies and query strings answer 400 naming the field, imports and webhook batches refuse
// only the record that carries the NUL and store the rest (docs/reliability.md "Input limits").

const NUL = '\u0000';
const MB_KEY = 'bWluZGJvZHktZmF1bHQtaW5qZWN0aW9uLWtleQ==';
const MB_FIXTURE = readFileSync(join(__dirname, '../fixtures/mindbody/webhooks/client.created.json'), 'utf8');

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

describe('NUL characters, impossible dates and deep JSON are 400s naming the field, and lose no valid record', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let auth: { Authorization: string };
  let clientId: string;
  let segmentId: string;
  let signingSecret: string;

  const call = (method: string, path: string, body?: unknown) => {
    const r = (request(app.url) as unknown as Record<string, (p: string) => request.Test>)[method.toLowerCase()](path).set(auth);
    return body === undefined ? r : r.send(body as object);
  };
  const generic = (body: string) =>
    request(app.url)
      .post(`/webhooks/generic/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(body, signingSecret, Math.floor(Date.now() / 1000)))
      .send(body);
  const mindbody = (body: string) =>
    request(app.url)
      .post(`/webhooks/mindbody/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Mindbody-Signature', computeMindbodySignature(Buffer.from(body), MB_KEY))
      .send(body);
  const clientByExt = async (source: string, ext: string) =>
    (await app.ds.query(`SELECT first_name FROM client WHERE business_id = $1 AND source = $2 AND external_id = $3`, [biz.businessId, source, ext]))[0];

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    auth = { Authorization: `Bearer ${biz.apiKey}` };
    clientId = (await seedClients(app.ds, biz.businessId, [{ key: 'c1', email: 'c1@example.test' }])).c1;
    segmentId = (await call('POST', '/api/v1/segments', { name: 'Adults', conditions: { condition: 'age', operator: '>=', value: 18 } }).expect(201)).body.id;
    signingSecret = (await call('PUT', '/api/v1/integrations/generic', {}).expect(200)).body.signingSecret;
    await call('PUT', '/api/v1/integrations/mindbody', { siteId: '-99', signatureKey: MB_KEY }).expect(200);
  });
  afterAll(() => app.close());

  const campaignStep = { key: 'hello', channel: 'email', template: { subject: 'Hi', text: 'x {{unsubscribe_url}}' } };
  // one route per family issue #17 names; each body is valid but for the NUL at `field`
  const nulCases: Array<{ family: string; method: string; path: () => string; body?: () => unknown; field: string }> = [
    { family: 'search', method: 'GET', path: () => `/api/v1/clients?q=${encodeURIComponent(`an${NUL}a`)}`, field: 'q' },
    { family: 'segments', method: 'POST', path: () => '/api/v1/segments/preview', body: () => ({ conditions: { condition: 'customer_type', values: [`vip${NUL}`] } }), field: 'conditions.values[0]' },
    {
      family: 'consent',
      method: 'POST',
      path: () => `/api/v1/clients/${clientId}/consent`,
      body: () => ({ channel: 'email', granted: true, source: 'form', evidence: { form: `signup${NUL}` } }),
      field: 'evidence.form',
    },
    { family: 'tasks', method: 'POST', path: () => '/api/v1/tasks', body: () => ({ clientId, reason: `Call${NUL}` }), field: 'reason' },
    { family: 'campaigns', method: 'POST', path: () => '/api/v1/campaigns', body: () => ({ name: `Win${NUL}back`, segmentId, steps: [campaignStep] }), field: 'name' },
    {
      family: 'sends',
      method: 'POST',
      path: () => '/api/v1/actions/send',
      body: () => ({ origin: 'manual:1', channel: 'email', clientIds: [clientId], template: { subject: `Hi${NUL}`, text: 'x' } }),
      field: 'template.subject',
    },
    { family: 'channels', method: 'PUT', path: () => '/api/v1/channels/email', body: () => ({ fromName: `Gym${NUL}` }), field: 'fromName' },
    {
      family: 'automations',
      method: 'POST',
      path: () => '/api/v1/automations',
      body: () => ({ name: `Auto${NUL}`, trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('a')] }),
      field: 'name',
    },
    {
      family: 'a NUL in a key',
      method: 'POST',
      path: () => '/api/v1/actions/send',
      body: () => ({ origin: 'manual:2', channel: 'email', clientIds: [clientId], template: { subject: 'Hi', text: 'x', [`k${NUL}`]: 1 } }),
      field: 'template["k\\u0000"]',
    },
  ];

  it.each(nulCases)('should answer a NUL in $family with 400 naming $field, and store nothing', async ({ method, path, body, field }) => {
    const res = await call(method, path(), body?.()).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'invalid', problems: [{ path: field, reason: expect.stringMatching(/NUL character/) }] });
    expect(res.body.message).toContain(field);
  });

  it('should have written nothing for any of those requests', async () => {
    const counts = await app.ds.query(
      `SELECT (SELECT count(*) FROM staff_task WHERE business_id = $1)::int AS tasks, (SELECT count(*) FROM campaign WHERE business_id = $1)::int AS campaigns,
              (SELECT count(*) FROM automation WHERE business_id = $1)::int AS automations, (SELECT count(*) FROM touch WHERE business_id = $1)::int AS touches`,
      [biz.businessId],
    );
    expect(counts).toEqual([{ tasks: 0, campaigns: 0, automations: 0, touches: 0 }]);
  });

  it('should reject only the imported record with a NUL, by index and field, and store the valid ones', async () => {
    const res = await call('POST', '/api/v1/import/clients', [
      { externalId: 'imp-1', firstName: 'Ada' },
      { externalId: 'imp-2', firstName: `B${NUL}b` },
      { externalId: 'imp-3', firstName: 'Cy', pushTokens: ['ok', `x${NUL}`] },
      { externalId: 'imp-4', firstName: 'Dee' },
    ]).expect(200);
    expect(res.body).toMatchObject({ received: 4, accepted: 2, inserted: 2 });
    expect(res.body.rejected).toEqual([
      { index: 1, field: 'firstName', reason: 'must not contain a NUL character (\\u0000)' },
      { index: 2, field: 'pushTokens', reason: 'items must not contain a NUL character (\\u0000)' },
    ]);
    expect(await clientByExt('import', 'imp-1')).toEqual({ first_name: 'Ada' });
    expect(await clientByExt('import', 'imp-4')).toEqual({ first_name: 'Dee' });
  });

  it('should acknowledge a signed generic batch with a NUL event, refuse that event by field and store and process the others', async () => {
    const event = (id: string, ext: string, firstName: string) => ({ id, type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: ext, firstName } });
    const batch = JSON.stringify({ events: [event('nul-1', 'g-ok-1', 'Gus'), event('nul-2', 'g-bad', `Bad${NUL}`), event('nul-3', 'g-ok-2', 'Gwen')] });
    // a delivery arriving alongside shares the intake's INSERT: the NUL must not fail it either
    const [res, other] = await Promise.all([generic(batch), generic(JSON.stringify(event('nul-4', 'g-ok-3', 'Gil')))]);
    expect(res.status).toBe(202);
    expect(other.status).toBe(202);
    expect(res.body).toMatchObject({ received: 3, duplicates: 0 });
    expect(res.body.events).toEqual([
      { id: 'nul-1', status: 'accepted' },
      { id: 'nul-2', status: 'rejected', reason: 'data.firstName: must not contain a NUL character (\\u0000)' },
      { id: 'nul-3', status: 'accepted' },
    ]);
    await waitFor(async () => (await clientByExt('generic', 'g-ok-2')) && (await clientByExt('generic', 'g-ok-3')));
    expect(await clientByExt('generic', 'g-ok-1')).toEqual({ first_name: 'Gus' });
    expect(await clientByExt('generic', 'g-bad')).toBeUndefined();
    const refused = await app.ds.query(`SELECT stage, external_event_id, reason FROM webhook_rejection WHERE business_id = $1 AND source = 'generic'`, [biz.businessId]);
    expect(refused).toEqual([{ stage: 'event', external_event_id: 'nul-2', reason: 'data.firstName: must not contain a NUL character (\\u0000)' }]);
    // a redelivery gets the same answer, so the provider stops resending
    expect((await generic(batch).expect(202)).body).toMatchObject({ duplicates: 2, events: [{ status: 'duplicate' }, { status: 'rejected' }, { status: 'duplicate' }] });
  });

  it('should acknowledge a signed Mindbody event with a NUL as rejected, and still process the next one', async () => {
    const bad = JSON.parse(MB_FIXTURE);
    bad.messageId = 'mb-nul-1';
    bad.eventData.lastName = `Oka${NUL}for`;
    const res = await mindbody(JSON.stringify(bad)).expect(202);
    expect(res.body.events).toEqual([{ id: 'mb-nul-1', status: 'rejected', reason: 'eventData.lastName: must not contain a NUL character (\\u0000)' }]);
    const good = JSON.parse(MB_FIXTURE);
    good.messageId = 'mb-ok-1';
    expect((await mindbody(JSON.stringify(good)).expect(202)).body.events).toEqual([{ id: 'mb-ok-1', status: 'accepted' }]);
    expect(await waitFor(() => clientByExt('mindbody', '100000152'))).toEqual({ first_name: 'Maya' });
  });

  it.each([
    ['/api/v1/clients?joinedFrom=2026-02-30', 'joinedFrom'],
    ['/api/v1/clients?joinedTo=2026-04-31', 'joinedTo'],
    ['/api/v1/clients?statusChangedFrom=2026-13-01', 'statusChangedFrom'],
    ['/api/v1/clients?statusChangedTo=2026-00-10', 'statusChangedTo'],
    ['/api/v1/clients/count?joinedFrom=2025-02-29', 'joinedFrom'],
    ['/api/v1/clients/count?statusChangedTo=0000-01-01', 'statusChangedTo'],
  ])('should answer the impossible date in %s with 400 naming %s', async (path, param) => {
    const res = await call('GET', path).expect(400);
    expect(res.body.problems).toEqual([{ path: param, reason: expect.stringMatching(/calendar date/) }]);
  });

  it('should still take real dates in the client filters (29 February of a leap year included)', async () => {
    await call('GET', '/api/v1/clients?joinedFrom=2024-02-29&joinedTo=2026-12-31&statusChangedFrom=2026-01-01').expect(200);
    await call('GET', '/api/v1/clients/count?statusChangedTo=2026-02-28').expect(200);
  });

  it.each([
    ['POST', '/api/v1/segments/preview', () => ({ conditions: nested(3000) }), 'conditions'],
    ['POST', '/api/v1/tasks', () => nested(3000), ''],
    ['POST', '/api/v1/actions/send', () => ({ origin: 'manual:3', channel: 'email', clientIds: ['1'], template: { subject: 'x', text: 'y', data: nested(3000) } }), 'template.data'],
    ['POST', '/api/v1/import/clients', () => [{ externalId: 'deep', firstName: nested(3000) }], '[0].firstName'],
  ])('should answer JSON nested 3,000 deep to %s %s with 400', async (method, path, body, under) => {
    const res = await call(method, path, body()).expect(400);
    expect(res.body.problems).toEqual([{ path: expect.stringMatching(new RegExp(`^${under.replace(/[[\].]/g, '\\$&')}`)), reason: 'is nested deeper than 64 levels of objects and arrays' }]);
  });

  it('should take a body exactly 64 levels deep and refuse 65', async () => {
    // the body is level 1 and evidence level 2; nested(n) is n - 1 levels of objects
    const body = (depth: number) => ({ channel: 'email', granted: true, source: 'form', evidence: nested(depth) });
    await call('POST', `/api/v1/clients/${clientId}/consent`, body(64)).expect(201);
    const res = await call('POST', `/api/v1/clients/${clientId}/consent`, body(65)).expect(400);
    // the path names where the 65th level starts (long paths are cut after 120 characters)
    expect(res.body.problems).toEqual([{ path: `${`evidence${'.a'.repeat(62)}`.slice(0, 120)}…`, reason: 'is nested deeper than 64 levels of objects and arrays' }]);
  });

  it('should answer a signed webhook nested 3,000 deep with 400 and record the refusal', async () => {
    const deep = JSON.stringify({ id: 'deep-1', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: nested(3000) });
    const res = await generic(deep).expect(400);
    expect(res.body.message).toMatch(/nested deeper than 64 levels/);
    const mb = JSON.parse(MB_FIXTURE);
    mb.messageId = 'mb-deep-1';
    mb.eventData.indexes = nested(3000);
    expect((await mindbody(JSON.stringify(mb)).expect(400)).body.message).toMatch(/^eventData\.indexes/);
    const refused = await app.ds.query(`SELECT source, stage FROM webhook_rejection WHERE business_id = $1 AND stage = 'parse' ORDER BY id`, [biz.businessId]);
    expect(refused).toEqual([
      { source: 'generic', stage: 'parse' },
      { source: 'mindbody', stage: 'parse' },
    ]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE external_event_id IN ('deep-1', 'mb-deep-1')`)).toEqual([{ n: 0 }]);
  });
});
