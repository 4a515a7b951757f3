import request from 'supertest';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { holdoutBucketSql } from '../../src/campaigns/campaign.repository';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// One-off campaigns end to end: segment -> recipients with a deterministic holdout -> A/B email
// variants through the delivery queue to a real SMTP server; progress and per-touch results.
describe('campaigns through the API, the worker and SMTP', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let students: string[];
  let segmentId: string;
  const STUDENT = `student'); DROP TABLE client; --`;
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  /** Waits until none of the campaign's touches is still on its way (sent, blocked or failed). */
  const settled = (campaignId: string, expected: number) =>
    waitFor(async () => {
      const [r] = await app.ds.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('queued', 'sending', 'deferred'))::int AS pending FROM touch WHERE campaign_id = $1`, [campaignId]);
      return r.n === expected && r.pending === 0;
    }, 20_000);
  const emailStep = (key: string, extra: object = {}) => ({
    key,
    channel: 'email',
    template: { subject: `${key} for {{client.first_name}}`, text: 'Come back! {{unsubscribe_url}}' },
    ...extra,
  });

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example' } });
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    await noQuietHours(app.ds, a.businessId);
    const ids = await seedClients(
      app.ds,
      a.businessId,
      Array.from({ length: 200 }, (_, i) => ({ firstName: `C${i}`, email: `c${i}@example.test` })),
    );
    students = ids.slice(0, 150);
    await app.ds.query(`UPDATE client SET customer_type = CASE WHEN id = ANY($1::bigint[]) THEN $2 ELSE 'adult' END WHERE business_id = $3`, [students, STUDENT, a.businessId]);
    // the label looks like SQL: it must be bound, never spliced
    const seg = await api()
      .post('/api/v1/segments', { name: 'Students', conditions: { condition: 'customer_type', values: [STUDENT] } })
      .expect(201);
    segmentId = seg.body.id;
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should send each step once to every contacted recipient, split A/B, and never to the holdout', async () => {
    const created = await api()
      .post('/api/v1/campaigns', {
        name: 'Win back students',
        segmentId,
        holdoutPercent: 20,
        steps: [
          {
            key: 'hello',
            channel: 'email',
            variants: [
              { key: 'A', template: { subject: 'A: hi {{client.first_name}}', text: 'a {{unsubscribe_url}}' } },
              { key: 'B', template: { subject: 'B: hi {{client.first_name}}', text: 'b {{unsubscribe_url}}' } },
            ],
          },
          emailStep('reminder'),
        ],
      })
      .expect(201);
    expect(created.body).toMatchObject({ state: 'draft', holdoutPercent: 20, goal: { kind: 'visit', withinDays: 14 } });
    const id = created.body.id;
    await api().post(`/api/v1/campaigns/${id}/send`).expect(202);
    const done = await waitFor(async () => {
      const c = (await api().get(`/api/v1/campaigns/${id}`).expect(200)).body;
      return c.state === 'sent' ? c : undefined;
    }, 20_000);
    const { targeted, holdout, contacted } = done.recipients;
    expect(targeted).toBe(150);
    expect(holdout + contacted).toBe(150);
    expect(holdout).toBeGreaterThan(10);
    expect(holdout).toBeLessThan(50);
    await settled(id, contacted * 2);
    expect(sink.count()).toBe(contacted * 2);

    // the holdout is exactly the clients whose bucket falls under 20 %, and none of them got mail
    const held: Array<{ id: string; email: string }> = await app.ds.query(
      `SELECT c.id::text, c.email FROM campaign_recipient r JOIN client c ON c.id = r.client_id WHERE r.campaign_id = $1 AND r.holdout ORDER BY c.id`,
      [id],
    );
    const expected: Array<{ id: string }> = await app.ds.query(`SELECT c.id::text FROM client c WHERE c.id = ANY($2::bigint[]) AND ${holdoutBucketSql('$1::bigint', 'c.id')} < 2000 ORDER BY c.id`, [
      id,
      students,
    ]);
    expect(held.map((h) => h.id)).toEqual(expected.map((e) => e.id));
    const mailed = new Set(sink.messages.flatMap((m) => m.envelopeTo));
    expect(held.filter((h) => mailed.has(h.email))).toEqual([]);
    // adults were never selected
    expect(sink.messages.filter((m) => /^c(1[5-9]\d)@/.test(m.envelopeTo[0]))).toEqual([]);

    const hello = done.progress.find((s: { key: string }) => s.key === 'hello');
    const [va, vb] = hello.variants;
    expect(va.touches + vb.touches).toBe(contacted);
    expect(va.touches).toBeGreaterThan(20);
    expect(vb.touches).toBeGreaterThan(20);
    expect(sink.messages.filter((m) => m.subject.startsWith('A: ')).length).toBe(va.touches);
    const reminder = done.progress.find((s: { key: string }) => s.key === 'reminder');
    expect(reminder.variants[0].touches).toBe(contacted);

    const page = (await api().get(`/api/v1/campaigns/${id}/touches?step=reminder&limit=50`).expect(200)).body;
    expect(page.items).toHaveLength(50);
    expect(page.items[0]).toMatchObject({ channel: 'email', stepKey: 'reminder' });
    const rest = (await api().get(`/api/v1/campaigns/${id}/touches?step=reminder&limit=1000&after=${page.next}`).expect(200)).body;
    expect(page.items.length + rest.items.length).toBe(contacted);

    // a second send is refused; a crashed run resumed by hand reaches nobody twice
    await api().post(`/api/v1/campaigns/${id}/send`).expect(409);
    await app.ds.query(`UPDATE campaign SET state = 'sending' WHERE id = $1`, [id]);
    await app.worker!.get(CampaignsService).runSend(a.businessId, id);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.count()).toBe(contacted * 2);
  });

  it('should hold a scheduled campaign until its time, and let a draft be cancelled', async () => {
    const before = sink.count();
    const sendAt = new Date(Date.now() + 1500).toISOString();
    const { body } = await api()
      .post('/api/v1/campaigns', { name: 'Later', segmentId, holdoutPercent: 0, sendAt, steps: [emailStep('later')] })
      .expect(201);
    const sent = (await api().post(`/api/v1/campaigns/${body.id}/send`).expect(202)).body;
    expect(sent.state).toBe('scheduled');
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.count()).toBe(before);
    // the first test's contacted clients already had 2 marketing messages this week: the
    // frequency cap (2 per 7 days) blocks them; the rest get this one, not before its time
    const capped: Array<{ n: number }> = await app.ds.query(
      `SELECT count(*)::int AS n FROM (SELECT client_id FROM touch WHERE business_id = $1 AND status = 'sent' AND campaign_id <> $2 GROUP BY client_id HAVING count(*) >= 2) t`,
      [a.businessId, body.id],
    );
    await settled(body.id, 150);
    const touches: Array<{ status: string; blocked_reason: string | null; sent_at: Date | null }> = await app.ds.query(`SELECT status, blocked_reason, sent_at FROM touch WHERE campaign_id = $1`, [
      body.id,
    ]);
    expect(touches).toHaveLength(150);
    expect(touches.filter((t) => t.status === 'blocked' && t.blocked_reason === 'frequency_cap')).toHaveLength(capped[0].n);
    const delivered = touches.filter((t) => t.status === 'sent');
    expect(delivered).toHaveLength(150 - capped[0].n);
    expect(delivered.every((t) => t.sent_at!.getTime() >= new Date(sendAt).getTime())).toBe(true);
    expect(sink.count()).toBe(before + delivered.length);

    const draft = (
      await api()
        .post('/api/v1/campaigns', { name: 'Never', segmentId, steps: [emailStep('never')] })
        .expect(201)
    ).body;
    expect((await api().post(`/api/v1/campaigns/${draft.id}/cancel`).expect(200)).body.state).toBe('cancelled');
    await api().post(`/api/v1/campaigns/${draft.id}/send`).expect(409);
  });

  it('should answer bad campaigns with a 400 naming the field', async () => {
    const bad = (body: object) =>
      api()
        .post('/api/v1/campaigns', { name: 'x', segmentId, steps: [emailStep('s')], ...body })
        .expect(400);
    expect((await bad({ steps: [{ key: 's', channel: 'fax', template: {} }] })).body.message).toContain('steps[0].channel');
    expect((await bad({ steps: [{ key: 's', channel: 'email', template: { text: 'no subject' } }] })).body.message).toContain('steps[0].template.subject');
    expect((await bad({ holdoutPercent: 80 })).body.message).toContain('holdoutPercent');
    expect((await bad({ goal: { kind: 'vibes', withinDays: 14 } })).body.message).toContain('goal.kind');
    expect((await bad({ steps: [emailStep('same'), emailStep('same')] })).body.message).toContain('step keys must differ');
    expect((await bad({ segmentId: '999999' })).body.message).toContain('segmentId');
  });

  it('should raise a staff task per contacted client in a staff_task step, once', async () => {
    const { body } = await api()
      .post('/api/v1/campaigns', {
        name: 'Call them',
        segmentId,
        holdoutPercent: 50,
        steps: [{ key: 'call', channel: 'staff_task', task: { reason: 'Win-back call', priority: 'high', dueInDays: 1 } }],
      })
      .expect(201);
    await api().post(`/api/v1/campaigns/${body.id}/send`).expect(202);
    const done = await waitFor(async () => {
      const c = (await api().get(`/api/v1/campaigns/${body.id}`).expect(200)).body;
      return c.state === 'sent' ? c : undefined;
    }, 20_000);
    const tasks: Array<{ cid: string; priority: string }> = await app.ds.query(`SELECT client_id::text AS cid, priority FROM staff_task WHERE business_id = $1 AND origin = $2 ORDER BY client_id`, [
      a.businessId,
      `campaign:${body.id}:step:call`,
    ]);
    const contacted: Array<{ id: string }> = await app.ds.query(`SELECT client_id::text AS id FROM campaign_recipient WHERE campaign_id = $1 AND NOT holdout ORDER BY client_id`, [body.id]);
    expect(tasks.map((t) => t.cid)).toEqual(contacted.map((c) => c.id));
    expect(tasks.every((t) => t.priority === 'high')).toBe(true);
    expect(done.progress[0].tasks).toEqual({ open: contacted.length });
    // a resumed run raises nothing new
    await app.ds.query(`UPDATE campaign SET state = 'sending' WHERE id = $1`, [body.id]);
    await app.worker!.get(CampaignsService).runSend(a.businessId, body.id);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM staff_task WHERE origin = $1`, [`campaign:${body.id}:step:call`]))[0].n).toBe(contacted.length);
    await api()
      .post('/api/v1/campaigns', { name: 'x', segmentId, steps: [{ key: 'call', channel: 'staff_task' }] })
      .expect(400);
  });

  it('should leave sleeping members out of staff_task steps unless the campaign includes them', async () => {
    const [sleeper] = (await app.ds.query(`SELECT client_id::text AS id FROM segment_member WHERE segment_id = $1 ORDER BY client_id LIMIT 1`, [segmentId])).map((r: { id: string }) => r.id);
    await api().put(`/api/v1/clients/${sleeper}/contact-preferences`, { sleeping: true }).expect(200);
    try {
      const tasksOf = async (includeSleeping: boolean) => {
        const { body } = await api()
          .post('/api/v1/campaigns', {
            name: `Calls ${includeSleeping}`,
            segmentId,
            holdoutPercent: 0,
            includeSleeping,
            steps: [{ key: 'call', channel: 'staff_task', task: { reason: `Sleepy call ${includeSleeping}` } }],
          })
          .expect(201);
        await api().post(`/api/v1/campaigns/${body.id}/send`).expect(202);
        await waitFor(async () => (await api().get(`/api/v1/campaigns/${body.id}`).expect(200)).body.state === 'sent', 20_000);
        const rows: Array<{ cid: string }> = await app.ds.query(`SELECT client_id::text AS cid FROM staff_task WHERE business_id = $1 AND origin = $2`, [
          a.businessId,
          `campaign:${body.id}:step:call`,
        ]);
        return rows.map((r) => r.cid);
      };
      const without = await tasksOf(false);
      expect(without.length).toBeGreaterThan(0);
      expect(without).not.toContain(sleeper);
      expect(await tasksOf(true)).toContain(sleeper);
    } finally {
      await api().put(`/api/v1/clients/${sleeper}/contact-preferences`, { sleeping: false }).expect(200);
    }
  });

  it('should keep campaigns inside their business', async () => {
    const { body } = await api()
      .post('/api/v1/campaigns', { name: 'Mine', segmentId, steps: [emailStep('m')] })
      .expect(201);
    await api(b.apiKey).get(`/api/v1/campaigns/${body.id}`).expect(404);
    await api(b.apiKey).get(`/api/v1/campaigns/${body.id}/touches`).expect(404);
    await api(b.apiKey).post(`/api/v1/campaigns/${body.id}/send`).expect(404);
    await api(b.apiKey).post(`/api/v1/campaigns/${body.id}/cancel`).expect(404);
    expect((await api(b.apiKey).get('/api/v1/campaigns').expect(200)).body.items).toEqual([]);
    // another business's segment cannot be used
    await api(b.apiKey)
      .post('/api/v1/campaigns', { name: 'Theirs', segmentId, steps: [emailStep('t')] })
      .expect(400);
  });
});
