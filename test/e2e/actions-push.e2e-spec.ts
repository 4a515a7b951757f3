import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

interface Received {
  headers: IncomingMessage['headers'];
  body: any;
  signatureOk: boolean;
}

/** The business's own app backend: checks our signature itself and answers what the test says. */
function appBackend(secretOf: () => string) {
  const received: Received[] = [];
  const answers: Array<{ when: (b: any) => boolean; status: number; times: number }> = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-comeback-signature'] ?? ''));
      const expected = m ? createHmac('sha256', secretOf()).update(`${m[1]}.${raw}`).digest() : Buffer.alloc(32);
      const signatureOk = !!m && timingSafeEqual(expected, Buffer.from(m[2], 'hex')) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
      const body = JSON.parse(raw);
      received.push({ headers: req.headers, body, signatureOk });
      const a = answers.find((x) => x.times > 0 && x.when(body));
      if (a) a.times--;
      const status = !signatureOk ? 401 : (a?.status ?? 202);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status < 300 ? JSON.stringify({ id: `push-${body.id}` }) : JSON.stringify({ error: 'nope' }));
    });
  });
  return { server, received, answers };
}

describe('push through a signed webhook to the business app backend', () => {
  let app: TestApp;
  let actions: ActionsService;
  let backend: ReturnType<typeof appBackend>;
  let url = '';
  let secret = '';

  beforeAll(async () => {
    backend = appBackend(() => secret);
    await new Promise<void>((r) => backend.server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}/push`;
    app = await startTestApp({ worker: true });
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await new Promise((r) => backend.server.close(r));
  });

  const settled = (businessId: string, origin: string, n: number) =>
    waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, origin);
      return t.length === n && t.every((x) => !['queued', 'sending', 'deferred'].includes(x.status)) && t;
    }, 15_000);

  it('should post each notification signed (HMAC-SHA256, timestamped) with an idempotency key, and classify the answers', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds, { name: 'Flow Yoga' });
    await noQuietHours(app.ds, businessId);
    const conf = await request(app.url).put('/api/v1/channels/push').set('Authorization', `Bearer ${apiKey}`).send({ url }).expect(200);
    secret = conf.body.signingSecret;
    expect(secret).toMatch(/^whsec_/);
    expect(conf.body).toMatchObject({ channel: 'push', config: { url, provider: 'webhook' }, secretsSet: ['signingSecret'] });
    // shown once: a second PUT keeps the secret and does not show it
    const again = await request(app.url).put('/api/v1/channels/push').set('Authorization', `Bearer ${apiKey}`).send({ url }).expect(200);
    expect(again.body.signingSecret).toBeUndefined();

    const [ana, gone, flaky, optedOut] = await seedClients(app.ds, businessId, [
      { firstName: 'Ana', pushTokens: ['tok-a1', 'tok-a2'] },
      { firstName: 'Gone' },
      { firstName: 'Flaky' },
      { firstName: 'Out' },
    ]);
    await request(app.url).post(`/api/v1/clients/${optedOut}/consent`).set('Authorization', `Bearer ${apiKey}`).send({ channel: 'push', granted: false }).expect(201);
    backend.answers.push({ when: (b) => b.notification.title.includes('Gone'), status: 410, times: 1 }, { when: (b) => b.notification.title.includes('Flaky'), status: 503, times: 1 });
    const r = await actions.dispatch({
      businessId,
      origin: 'automation:4:step:2:occ:9',
      channel: 'push',
      clientIds: [ana, gone, flaky, optedOut],
      template: { title: '{{client.first_name}}, your mat misses you', body: '{{business.name}}: 6 pm flow has 3 spots', data: { deepLink: 'flowyoga://classes/today' } },
    });
    expect(r).toMatchObject({ queued: 3, blocked: { opted_out: 1 } });
    const touches = await settled(businessId, 'automation:4:step:2:occ:9', 4);
    const by = Object.fromEntries(touches.map((t) => [t.client_id, t]));
    expect(by[ana]).toMatchObject({ status: 'sent', provider_message_id: `push-touch-${by[ana].id}` });
    expect(by[gone]).toMatchObject({ status: 'failed', error_code: 'invalid_address' });
    expect(by[flaky]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(by[optedOut]).toMatchObject({ status: 'blocked', blocked_reason: 'opted_out' });

    const toAna = backend.received.filter((x) => x.body.client.id === ana);
    expect(toAna).toHaveLength(1);
    expect(toAna[0].signatureOk).toBe(true);
    expect(toAna[0].headers['idempotency-key']).toBe(`touch-${by[ana].id}`);
    expect(toAna[0].body).toMatchObject({
      id: `touch-${by[ana].id}`,
      type: 'push.send',
      businessId,
      origin: 'automation:4:step:2:occ:9',
      client: { id: ana, pushTokens: ['tok-a1', 'tok-a2'] },
      notification: { title: 'Ana, your mat misses you', body: 'Flow Yoga: 6 pm flow has 3 spots' },
      data: { deepLink: 'flowyoga://classes/today' },
    });
    // the flaky one was posted twice with the same idempotency key; the receiver can dedupe
    const flakyPosts = backend.received.filter((x) => x.body.client.id === flaky);
    expect(flakyPosts.map((x) => x.headers['idempotency-key'])).toEqual([`touch-${by[flaky].id}`, `touch-${by[flaky].id}`]);
  });

  it('should stop the job when the backend refuses our signature (401), and refuse bad settings with a 400', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    await request(app.url).put('/api/v1/channels/push').set('Authorization', `Bearer ${apiKey}`).send({ url, signingSecret: 'a-secret-the-backend-does-not-know' }).expect(200);
    const ids = await seedClients(app.ds, businessId, [{}, {}]);
    await actions.dispatch({ businessId, origin: 'campaign:1:step:9', channel: 'push', clientIds: ids, template: { title: 't', body: 'b' } });
    const touches = await settled(businessId, 'campaign:1:step:9', 2);
    expect(touches.map((t) => t.error_code)).toEqual(['push_401', 'push_401']);
    await request(app.url).put('/api/v1/channels/push').set('Authorization', `Bearer ${apiKey}`).send({ url: 'ftp://x' }).expect(400);
    const bad = await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ origin: 'c:2', channel: 'push', clientIds: ids, template: { title: 't', body: 'b', data: { n: 1 } } })
      .expect(400);
    expect(bad.body.message).toMatch(/^template\.data:/);
  });
});
