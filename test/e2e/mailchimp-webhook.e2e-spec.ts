import { createHash } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { MailchimpActivityScheduler } from '../../src/actions/channels/mailchimp/mailchimp-activity.scheduler';
import { seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { MailchimpFake, startMailchimpFake } from '../fakes/mailchimp-api.fake';

const KEY = `${'5e'.repeat(16)}-us19`;
const BASE = 'https://comeback.example';
/** Times relative to the test's start (the pull reads campaigns of the last 30 days). */
const T0 = Date.now();
const hoursAgo = (h: number) => new Date(T0 - h * 3_600_000);
/** Mailchimp's fired_at: "YYYY-MM-DD HH:MM:SS" in GMT. */
const gmt = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const md5 = (s: string) => createHash('md5').update(s.trim().toLowerCase()).digest('hex');

/**
 * Mailchimp's audience webhook form, field for field as Mailchimp documents it: type, fired_at
 * ("YYYY-MM-DD HH:MM:SS", GMT) and data[...] (merge fields under data[merges][...]).
 */
function form(type: string, data: Record<string, string>, firedAt = '2026-12-01 10:15:00'): string {
  const p = new URLSearchParams({ type, fired_at: firedAt });
  for (const [k, v] of Object.entries(data)) p.append(`data[${k.replace(/\./g, '][')}]`, v);
  return p.toString();
}
const unsubscribe = (email: string, listId: string, extra: Record<string, string> = {}) =>
  form('unsubscribe', {
    action: 'unsub',
    reason: 'manual',
    id: '8a25ff1d98',
    list_id: listId,
    email,
    email_type: 'html',
    'merges.EMAIL': email,
    'merges.FNAME': 'Mailchimp',
    'merges.LNAME': 'API',
    'merges.INTERESTS': 'Group1,Group2',
    ip_opt: '10.20.10.30',
    campaign_id: 'cb398d21d2',
    ...extra,
  });
const cleaned = (email: string, listId: string) => form('cleaned', { list_id: listId, campaign_id: '4fjk2ma9xd', reason: 'hard', email });
const campaign = (id: string, listId: string, firedAt: string) => form('campaign', { id, subject: 'Test Campaign Subject', status: 'sent', reason: '', list_id: listId }, firedAt);

describe('Mailchimp webhook: unsubscribes, cleaned addresses, campaigns and their opens and clicks', () => {
  let mc: MailchimpFake;
  let app: TestApp;

  beforeAll(async () => {
    mc = await startMailchimpFake({ apiKeys: [KEY], lists: ['aud777'] });
    app = await startTestApp({ worker: true, env: { MAILCHIMP_API_URL: mc.url, PUBLIC_BASE_URL: BASE } });
    // the hourly tick is called by the test, not by the clock
    app.worker!.get(SchedulerRegistry).deleteCronJob('mailchimp-activity');
  });
  afterAll(async () => {
    await app.close();
    await mc.close();
  });

  /** A business with a Mailchimp account and its webhook URL (path only, for supertest). */
  async function business(listId = 'aud777') {
    const b = await newBusiness(app.ds);
    await request(app.url).put('/api/v1/channels/mailchimp').set('Authorization', `Bearer ${b.apiKey}`).send({ apiKey: KEY, listId }).expect(200);
    const res = await request(app.url).get('/api/v1/channels/mailchimp/webhook').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(res.body.url.startsWith(`${BASE}/webhooks/mailchimp/${b.businessId}/mcwh_`)).toBe(true);
    return { ...b, url: res.body.url as string, path: (res.body.url as string).slice(BASE.length) };
  }
  /** A Mailchimp touch as the channel leaves it: sent, the subscriber hash as provider id. */
  async function synced(businessId: string, clientId: string, email: string, origin: string, sentAt: string): Promise<string> {
    const [t] = await app.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, status, provider_message_id, claimed_at, sent_at)
       VALUES ($1, $2, 'mailchimp', $3, 'sent', $4, $5, $5) RETURNING id::text AS id`,
      [businessId, clientId, origin, md5(email), sentAt],
    );
    return t.id;
  }
  const post = (path: string, body: string) => request(app.url).post(path).set('Content-Type', 'application/x-www-form-urlencoded').set('User-Agent', 'MailChimp').send(body);
  const ledger = (businessId: string) => app.ds.query(`SELECT client_id::text AS client_id, channel, granted, source, evidence FROM consent_event WHERE business_id = $1 ORDER BY id`, [businessId]);
  const webhookCount = async (outcome: string): Promise<number> => {
    const text = (await request(app.url).get('/metrics').expect(200)).text;
    const m = new RegExp(`^comeback_webhook_deliveries_total\\{source="mailchimp",outcome="${outcome}"\\} (\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };

  it("should show one webhook URL per business (secret made once, never in the audit log) and answer Mailchimp's validation GET", async () => {
    const b = await business();
    const again = await request(app.url).get('/api/v1/channels/mailchimp/webhook').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(again.body).toEqual({ url: b.url, events: ['unsubscribe', 'cleaned', 'campaign'] });
    const secret = b.path.split('/').pop()!;
    expect(secret).toMatch(/^mcwh_[A-Za-z0-9_-]{32}$/);
    const list = await request(app.url).get('/api/v1/channels').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(list.body.channels[0].secretsSet).toEqual(['apiKey', 'webhookSecret']);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const audit = await app.ds.query(`SELECT action, details FROM audit_event WHERE business_id = $1 ORDER BY at`, [b.businessId]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('channel.updated');
    expect(JSON.stringify(audit)).toContain('webhookSecret');
    expect(JSON.stringify(audit)).not.toContain(secret);

    expect((await request(app.url).get(b.path).expect(200)).body).toEqual({ outcome: 'ready', recorded: 0 });
    await request(app.url).get(`${b.path}x`).expect(401);

    // rotating: the old URL stops working
    const rotated = await request(app.url).post('/api/v1/channels/mailchimp/webhook/rotate').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(rotated.body.url).not.toBe(b.url);
    await request(app.url).get(b.path).expect(401);
    await request(app.url).get(rotated.body.url.slice(BASE.length)).expect(200);
  });

  it('should record an unsubscribe in the consent ledger (source provider) once, so the member is not synced again', async () => {
    const b = await business();
    const [clientId, other] = await seedClients(app.ds, b.businessId, [{ email: 'Api+Unsub@Mailchimp.com' }, { email: 'stays@example.test' }]);
    const accepted = await webhookCount('accepted');
    const body = unsubscribe('api+unsub@mailchimp.com', 'aud777');
    expect((await post(b.path, body).expect(200)).body).toEqual({ type: 'unsubscribe', outcome: 'recorded', recorded: 1 });
    // Mailchimp retries a delivery it thinks failed: the same body again
    expect((await post(b.path, body).expect(200)).body).toEqual({ type: 'unsubscribe', outcome: 'duplicate', recorded: 0 });
    expect(await ledger(b.businessId)).toEqual([
      {
        client_id: clientId,
        channel: 'email',
        granted: false,
        source: 'provider',
        evidence: { mailchimp: 'unsubscribe', action: 'unsub', reason: 'manual', listId: 'aud777', campaignId: 'cb398d21d2', firedAt: '2026-12-01T10:15:00.000Z' },
      },
    ]);
    expect(await webhookCount('accepted')).toBe(accepted + 2);
    const consent = await request(app.url).get(`/api/v1/clients/${clientId}/consent`).set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(consent.body.current.email).toMatchObject({ granted: false, from: 'ledger', source: 'provider' });
    const actions = app.http!.get(ActionsService);
    const r = await actions.dispatch({ businessId: b.businessId, origin: 'campaign:9:step:1', channel: 'mailchimp', clientIds: [clientId, other], template: { tag: 'comeback:at-risk' } });
    expect(r).toMatchObject({ queued: 1, blocked: { opted_out: 1 } });
  });

  it('should refuse a wrong secret with a 401 and record nothing', async () => {
    const b = await business();
    const [clientId] = await seedClients(app.ds, b.businessId, [{ email: 'target@example.test' }]);
    const rejected = await webhookCount('rejected');
    const wrong = b.path.replace(/[^/]+$/, `mcwh_${'A'.repeat(32)}`);
    const res = await post(wrong, unsubscribe('target@example.test', 'aud777')).expect(401);
    expect(res.body.message).toBe('the webhook secret in the URL does not match');
    await post(b.path.replace(b.businessId, '00000000-0000-4000-8000-000000000000'), unsubscribe('target@example.test', 'aud777')).expect(401);
    expect(await ledger(b.businessId)).toEqual([]);
    expect(await webhookCount('rejected')).toBe(rejected + 2);
    // the right secret for the same delivery records it
    await post(b.path, unsubscribe('target@example.test', 'aud777')).expect(200);
    expect((await ledger(b.businessId)).map((l: { client_id: string }) => l.client_id)).toEqual([clientId]);
  });

  it("should not touch another business's member with the same address, nor act on another audience", async () => {
    const a = await business();
    const other = await business();
    const [theirs] = await seedClients(app.ds, other.businessId, [{ email: 'shared@example.test' }]);
    const theirTouch = await synced(other.businessId, theirs, 'shared@example.test', 'campaign:1:step:1', '2026-11-30T08:00:00Z');
    expect((await post(a.path, unsubscribe('shared@example.test', 'aud777')).expect(200)).body).toMatchObject({ outcome: 'recorded', recorded: 0 });
    expect((await post(a.path, cleaned('shared@example.test', 'aud777')).expect(200)).body).toMatchObject({ outcome: 'recorded', recorded: 0 });
    expect(await ledger(other.businessId)).toEqual([]);
    expect(await app.ds.query(`SELECT status FROM touch WHERE id = $1`, [theirTouch])).toEqual([{ status: 'sent' }]);
    // the business's own member, but an event of an audience that is not the business's
    const [mine] = await seedClients(app.ds, a.businessId, [{ email: 'mine@example.test' }]);
    expect((await post(a.path, unsubscribe('mine@example.test', 'someOtherList')).expect(200)).body).toEqual({ type: 'unsubscribe', outcome: 'ignored', recorded: 0 });
    expect(await ledger(a.businessId)).toEqual([]);
    expect(mine).toBeDefined();
  });

  it('should acknowledge an unknown type (Mailchimp retries anything else) but count it as ignored and record nothing', async () => {
    const b = await business();
    await seedClients(app.ds, b.businessId, [{ email: 'x@example.test' }]);
    const ignored = await webhookCount('ignored');
    const res = await post(b.path, form('sms_unsubscribe', { email: 'x@example.test', list_id: 'aud777' })).expect(200);
    expect(res.body).toEqual({ type: 'sms_unsubscribe', outcome: 'ignored', recorded: 0 });
    expect((await post(b.path, form('profile', { id: '8a25ff1d98', list_id: 'aud777', email: 'x@example.test', 'merges.FNAME': 'X' })).expect(200)).body.outcome).toBe('ignored');
    expect(await webhookCount('ignored')).toBe(ignored + 2);
    expect(await ledger(b.businessId)).toEqual([]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM mailchimp_seen WHERE business_id = $1`, [b.businessId])).toEqual([{ n: 0 }]);
  });

  it('should answer a malformed body with a 400 naming the field, recording nothing', async () => {
    const b = await business();
    await seedClients(app.ds, b.businessId, [{ email: 'y@example.test' }]);
    const cases: Array<[string, string]> = [
      ['', "type: is required (the body must be Mailchimp's form fields, application/x-www-form-urlencoded)"],
      [JSON.stringify({ type: 'unsubscribe', data: { email: 'y@example.test' } }), 'type: is required (the body is JSON; Mailchimp posts application/x-www-form-urlencoded)'],
      ['fired_at=2026-12-01+10%3A15%3A00&data%5Bemail%5D=y%40example.test', 'type: is required'],
      [form('unsubscribe', { list_id: 'aud777' }), 'data[email]: is required'],
      [form('unsubscribe', { list_id: 'aud777', email: 'not-an-address' }), 'data[email]: must be an email address'],
      [form('cleaned', { email: 'y@example.test' }), 'data[list_id]: is required'],
      [form('campaign', { list_id: 'aud777', status: 'sent' }), 'data[id]: is required'],
      [unsubscribe('y@example.test', 'aud777').replace('fired_at=2026-12-01+10%3A15%3A00', 'fired_at=yesterday'), 'fired_at: must be a time like 2009-03-26 21:35:57 (GMT)'],
      [form('unsubscribe', { list_id: 'aud777', email: 'y@example.test' }, '2026-02-30 10:00:00'), 'fired_at: must be a time like 2009-03-26 21:35:57 (GMT)'],
    ];
    for (const [body, message] of cases) {
      const res = await post(b.path, body);
      expect({ body, status: res.status, message: res.body.message }).toEqual({ body, status: 400, message });
    }
    expect(await ledger(b.businessId)).toEqual([]);
  });

  it('should fail the latest synced touch of a cleaned member as a bounce (invalid_address), once', async () => {
    const b = await business();
    const [clientId] = await seedClients(app.ds, b.businessId, [{ email: 'bounce@example.test' }]);
    const older = await synced(b.businessId, clientId, 'bounce@example.test', 'campaign:1:step:1', '2026-11-01T08:00:00Z');
    const latest = await synced(b.businessId, clientId, 'bounce@example.test', 'campaign:2:step:1', '2026-11-20T08:00:00Z');
    expect((await post(b.path, cleaned('Bounce@Example.test', 'aud777')).expect(200)).body).toEqual({ type: 'cleaned', outcome: 'recorded', recorded: 1 });
    expect((await post(b.path, cleaned('Bounce@Example.test', 'aud777')).expect(200)).body.outcome).toBe('duplicate');
    const rows = await app.ds.query(`SELECT id::text AS id, status, error_code, error FROM touch WHERE business_id = $1 ORDER BY id`, [b.businessId]);
    expect(rows).toEqual([
      { id: older, status: 'sent', error_code: null, error: null },
      { id: latest, status: 'failed', error_code: 'invalid_address', error: 'Mailchimp cleaned the address (hard, campaign 4fjk2ma9xd)' },
    ]);
  });

  it("should read a sent campaign's opens, clicks and bounces from its report into touch_open / touch_click, by subscriber hash within the business, once", async () => {
    const b = await business();
    const other = await business();
    const [opener, clicker, bouncer, notSynced] = await seedClients(app.ds, b.businessId, [
      { email: 'opener@example.test' },
      { email: 'clicker@example.test' },
      { email: 'bouncer@example.test' },
      { email: 'never@example.test' },
    ]);
    const [theirs] = await seedClients(app.ds, other.businessId, [{ email: 'theirs@example.test' }]);
    const syncedAt = hoursAgo(72).toISOString();
    const tOpen = await synced(b.businessId, opener, 'opener@example.test', 'campaign:5:step:1', syncedAt);
    const tClick = await synced(b.businessId, clicker, 'clicker@example.test', 'campaign:5:step:1', syncedAt);
    const tBounce = await synced(b.businessId, bouncer, 'bouncer@example.test', 'campaign:5:step:1', syncedAt);
    const tTheirs = await synced(other.businessId, theirs, 'theirs@example.test', 'campaign:5:step:1', syncedAt);
    const at = (h: number) => hoursAgo(h).toISOString().replace('.000Z', '+00:00');
    expect(notSynced).toBeDefined();

    expect((await post(b.path, campaign('42694e9e57', 'aud777', gmt(hoursAgo(48)))).expect(200)).body).toEqual({ type: 'campaign', outcome: 'recorded', recorded: 1 });
    const entry = (email: string, activity: Array<{ action: string; type?: string; timestamp: string; url?: string }>) => ({
      campaign_id: '42694e9e57',
      list_id: 'aud777',
      list_is_active: true,
      email_id: md5(email),
      email_address: email,
      activity: activity.map((a) => ({ ip: '192.0.2.10', ...a })),
    });
    mc.activity.set('42694e9e57', [
      entry('opener@example.test', [{ action: 'open', timestamp: at(47) }]),
      entry('clicker@example.test', [
        { action: 'open', timestamp: at(46) },
        { action: 'click', timestamp: at(45), url: 'https://gym.example/book?class=spin' },
      ]),
      entry('bouncer@example.test', [{ action: 'bounce', type: 'hard', timestamp: at(48) }]),
      entry('never@example.test', [{ action: 'open', timestamp: at(44) }]),
      // another business's member (its touch has the same hash scheme): not this business's to record
      entry('theirs@example.test', [{ action: 'click', timestamp: at(43), url: 'https://gym.example/' }]),
    ]);
    const pull = () => request(app.url).post('/api/v1/channels/mailchimp/activity/pull').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect((await pull()).body).toEqual({ campaigns: 1, entries: 6, opens: 2, clicks: 1, bounces: 1 });
    expect(mc.requests.filter((r) => r.path === '/3.0/reports/42694e9e57/email-activity')).toHaveLength(1);
    expect(await app.ds.query(`SELECT touch_id::text AS touch_id, client_id::text AS client_id, at FROM touch_open WHERE business_id = $1 ORDER BY at`, [b.businessId])).toEqual([
      { touch_id: tOpen, client_id: opener, at: new Date(at(47)) },
      { touch_id: tClick, client_id: clicker, at: new Date(at(46)) },
    ]);
    expect(await app.ds.query(`SELECT touch_id::text AS touch_id, client_id::text AS client_id, url, at FROM touch_click WHERE business_id = $1`, [b.businessId])).toEqual([
      { touch_id: tClick, client_id: clicker, url: 'https://gym.example/book?class=spin', at: new Date(at(45)) },
    ]);
    expect(await app.ds.query(`SELECT status, error_code FROM touch WHERE id = $1`, [tBounce])).toEqual([{ status: 'failed', error_code: 'invalid_address' }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM touch_click WHERE business_id = $1 OR touch_id = $2`, [other.businessId, tTheirs])).toEqual([{ n: 0 }]);
    // the next pull asks only for what came since the last one (less an hour's overlap)
    expect((await pull()).body).toEqual({ campaigns: 1, entries: 0, opens: 0, clicks: 0, bounces: 0 });
    // and entries Mailchimp lists again (a pull whose bookkeeping was lost) are not recorded twice
    await app.ds.query(`UPDATE mailchimp_campaign SET activity_pulled_at = NULL WHERE business_id = $1`, [b.businessId]);
    expect((await pull()).body).toEqual({ campaigns: 1, entries: 6, opens: 0, clicks: 0, bounces: 0 });
    expect(
      await app.ds.query(`SELECT (SELECT count(*) FROM touch_open WHERE business_id = $1)::int AS opens, (SELECT count(*) FROM touch_click WHERE business_id = $1)::int AS clicks`, [b.businessId]),
    ).toEqual([{ opens: 2, clicks: 1 }]);
  });

  it("should pull every business's announced campaigns hourly in the worker, once per hour across workers, one business's refused key not stopping the others", async () => {
    const good = await business();
    const refused = await business();
    await request(app.url)
      .put('/api/v1/channels/mailchimp')
      .set('Authorization', `Bearer ${refused.apiKey}`)
      .send({ apiKey: `${'77'.repeat(16)}-us19`, listId: 'aud777' })
      .expect(200);
    const [member] = await seedClients(app.ds, good.businessId, [{ email: 'hourly@example.test' }]);
    const touch = await synced(good.businessId, member, 'hourly@example.test', 'campaign:6:step:1', hoursAgo(30).toISOString());
    await post(refused.path, campaign('aaaa111111', 'aud777', gmt(hoursAgo(25)))).expect(200);
    await post(good.path, campaign('bbbb222222', 'aud777', gmt(hoursAgo(25)))).expect(200);
    mc.activity.set('bbbb222222', [
      {
        campaign_id: 'bbbb222222',
        list_id: 'aud777',
        email_id: md5('hourly@example.test'),
        email_address: 'hourly@example.test',
        activity: [{ action: 'open', timestamp: hoursAgo(24).toISOString() }],
      },
    ]);
    const scheduler = app.worker!.get(MailchimpActivityScheduler);
    const now = new Date(T0);
    const pulled = await scheduler.tick(now);
    expect(pulled).toContain(good.businessId);
    expect(pulled).not.toContain(refused.businessId);
    expect(await app.ds.query(`SELECT touch_id::text AS touch_id FROM touch_open WHERE business_id = $1`, [good.businessId])).toEqual([{ touch_id: touch }]);
    // a second worker's tick within the same hour finds the campaigns claimed
    expect(await scheduler.tick(new Date(T0 + 1000))).toEqual([]);
    expect(mc.requests.filter((r) => r.path === '/3.0/reports/bbbb222222/email-activity')).toHaveLength(1);
  });

  it('should answer 400 to a pull without a Mailchimp account', async () => {
    const b = await newBusiness(app.ds);
    const res = await request(app.url).post('/api/v1/channels/mailchimp/activity/pull').set('Authorization', `Bearer ${b.apiKey}`).expect(400);
    expect(res.body.message).toMatch(/^channel: /);
    await request(app.url).get('/api/v1/channels/mailchimp/webhook').set('Authorization', `Bearer ${b.apiKey}`).expect(400);
  });
});
