import { createHash, randomBytes } from 'crypto';
import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { WebhookRejectionRepository } from '../../src/integrations/webhooks/webhook-rejection.repository';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Issue #17 item 3: every body with a bad signature was kept (up to 64 KB) in event_inbox for
// ever; 300 unsigned 250 KB posts grew it by 20 MB in about a second. A refusal is now a small
// record (1 KB of the body, its size and hash), at most WEBHOOK_REJECTIONS_PER_MINUTE per
// business, source and minute (the rest counted), deleted after the retention.

const PER_MINUTE = 20;
const POSTS = 300;
const BODY_BYTES = 250_000;

describe('refused webhook deliveries are a small bounded record', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { WEBHOOK_REJECTIONS_PER_MINUTE: String(PER_MINUTE), WEBHOOK_REJECTION_RETENTION_DAYS: '14' } });
  });
  afterAll(() => app.close());

  async function genericBusiness(): Promise<{ businessId: string; secret: string }> {
    const b = await newBusiness(app.ds);
    const res = await request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${b.apiKey}`).send({}).expect(200);
    return { businessId: b.businessId, secret: res.body.signingSecret };
  }

  // every relation a refused delivery could be written to, with its TOAST and indexes
  const storageBytes = async (): Promise<number> =>
    Number(
      (await app.ds.query(`SELECT sum(coalesce(pg_total_relation_size(to_regclass(t)), 0))::bigint AS n FROM unnest(ARRAY['event_inbox', 'webhook_rejection', 'webhook_rejection_tally']) t`))[0].n,
    );

  it(`should keep storage flat under ${POSTS} unsigned ${BODY_BYTES / 1000} KB posts, record at most ${PER_MINUTE} a minute and count them all`, async () => {
    const { businessId, secret } = await genericBusiness();
    // random, as an attacker would send: a repeated character would compress to nothing in TOAST
    const body = `{"id":"x","pad":"${randomBytes(BODY_BYTES)
      .toString('base64url')
      .slice(0, BODY_BYTES - 19)}"}`;
    expect(Buffer.byteLength(body)).toBe(BODY_BYTES);
    const before = await storageBytes();
    const statuses: number[] = [];
    for (let i = 0; i < POSTS; i += 25) {
      const wave = Array.from({ length: Math.min(25, POSTS - i) }, () =>
        request(app.url).post(`/webhooks/generic/${businessId}`).set('Content-Type', 'application/json').set('X-Comeback-Signature', 't=1,v1=00').send(body),
      );
      statuses.push(...(await Promise.all(wave)).map((r) => r.status));
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    const grown = (await storageBytes()) - before;
    // before: ~20 MB; now a few pages
    expect(grown).toBeLessThan(256 * 1024);

    const tally = await app.ds.query(`SELECT count(*)::int AS minutes, sum(rejected)::int AS rejected FROM webhook_rejection_tally WHERE business_id = $1`, [businessId]);
    expect(tally[0].rejected).toBe(POSTS);
    const rows = await app.ds.query(`SELECT stage, reason, body_bytes, body_sha256, length(body_prefix) AS prefix FROM webhook_rejection WHERE business_id = $1`, [businessId]);
    // the posts may straddle a minute boundary: the limit holds per minute
    expect(rows.length).toBeGreaterThanOrEqual(PER_MINUTE);
    expect(rows.length).toBeLessThanOrEqual(PER_MINUTE * tally[0].minutes);
    const sha = createHash('sha256').update(body).digest('hex');
    for (const r of rows) expect(r).toEqual({ stage: 'signature', reason: expect.stringMatching(/^signature: /), body_bytes: BODY_BYTES, body_sha256: sha, prefix: 1024 });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);

    // the business's own signed deliveries are still stored and processed
    const good = JSON.stringify({ id: 'after-flood', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'kept', firstName: 'Kept' } });
    const res = await request(app.url)
      .post(`/webhooks/generic/${businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(good, secret, Math.floor(Date.now() / 1000)))
      .send(good)
      .expect(202);
    expect(res.body.events).toEqual([{ id: 'after-flood', status: 'accepted' }]);
    const client = await waitFor(async () => (await app.ds.query(`SELECT first_name FROM client WHERE business_id = $1 AND external_id = 'kept'`, [businessId]))[0]);
    expect(client).toEqual({ first_name: 'Kept' });
  });

  it('should count refusals per business: one flooded business leaves another its own records', async () => {
    const [a, b] = [await genericBusiness(), await genericBusiness()];
    const post = (businessId: string) => request(app.url).post(`/webhooks/generic/${businessId}`).set('Content-Type', 'application/json').send('{}');
    for (let i = 0; i < PER_MINUTE * 2; i += 10) await Promise.all(Array.from({ length: 10 }, () => post(a.businessId).expect(401)));
    await post(b.businessId).expect(401);
    const recorded = await app.ds.query(`SELECT count(*)::int AS n FROM webhook_rejection WHERE business_id = $1`, [b.businessId]);
    expect(recorded).toEqual([{ n: 1 }]);
  });

  it('should record a signed but unparsable delivery as a parse refusal, not in the inbox', async () => {
    const { businessId, secret } = await genericBusiness();
    const broken = '{"id": "broken", ';
    await request(app.url)
      .post(`/webhooks/generic/${businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(broken, secret, Math.floor(Date.now() / 1000)))
      .send(broken)
      .expect(400);
    expect(await app.ds.query(`SELECT stage, body_prefix, body_bytes FROM webhook_rejection WHERE business_id = $1`, [businessId])).toEqual([
      { stage: 'parse', body_prefix: broken, body_bytes: broken.length },
    ]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);
  });

  it('should delete refusals older than the retention, and the refused bodies event_inbox kept before, but no stored event', async () => {
    const { businessId } = await genericBusiness();
    // a pinned clock ahead of the real one: the worker's own once-a-minute prune (real time)
    // can never reach these rows while the test runs
    const now = new Date('2040-06-15T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    for (const [at, reason] of [
      [daysAgo(15), 'old'],
      [daysAgo(13), 'recent'],
    ] as const) {
      await app.ds.query(
        `INSERT INTO webhook_rejection (business_id, source, received_at, stage, reason, body_bytes, body_sha256, body_prefix) VALUES ($1, 'generic', $2, 'signature', $3, 2, 'x', '{}')`,
        [businessId, at, reason],
      );
      await app.ds.query(`INSERT INTO webhook_rejection_tally (business_id, source, minute, rejected) VALUES ($1, 'generic', date_trunc('minute', $2::timestamptz), 1)`, [businessId, at]);
      // what event_inbox held for a refused delivery until now: no event id, the raw body
      await app.ds.query(`INSERT INTO event_inbox (business_id, source, received_at, raw_body, signature_ok, error) VALUES ($1, 'generic', $2, 'x', false, $3)`, [businessId, at, reason]);
    }
    await app.ds.query(
      `INSERT INTO event_inbox (business_id, source, external_event_id, event_type, received_at, payload, signature_ok, processed_at) VALUES ($1, 'generic', 'kept-event', 'client.upserted', $2, '{}', true, $2)`,
      [businessId, daysAgo(400)],
    );

    await app.worker!.get(WebhookRejectionRepository).prune(now);

    const q = (sql: string) => app.ds.query(sql, [businessId]);
    expect(await q(`SELECT reason FROM webhook_rejection WHERE business_id = $1`)).toEqual([{ reason: 'recent' }]);
    expect(await q(`SELECT count(*)::int AS n FROM webhook_rejection_tally WHERE business_id = $1`)).toEqual([{ n: 1 }]);
    expect(await q(`SELECT coalesce(external_event_id, error) AS row FROM event_inbox WHERE business_id = $1 ORDER BY id`)).toEqual([{ row: 'recent' }, { row: 'kept-event' }]);
  });
});
