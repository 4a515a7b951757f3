import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { nextAllowedTime } from '../../src/actions/guards/quiet-hours';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/queue-names';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const EMAIL = { subject: 'Hi {{client.first_name}}', text: 'Come back soon' };

describe('guards on every marketing send', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let actions: ActionsService;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, STALE_HOLD_RECHECK_SECONDS: '1' } });
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should block by consent, sleeping flag and frequency cap, recording why on each touch', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    const [ok, noConsent, optedIn, sleeper, capped, noEmail, unknown] = await seedClients(app.ds, businessId, [
      { email: 'ok@example.test' },
      { emailConsent: false },
      { emailConsent: false },
      {},
      {},
      { email: null },
      { emailConsent: null },
    ]);
    // a form opt-in overrides the booking system's "no"
    await request(app.url)
      .post(`/api/v1/clients/${optedIn}/consent`)
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ channel: 'email', granted: true, source: 'form', evidence: { form: 'signup' } })
      .expect(201);
    await request(app.url).put(`/api/v1/clients/${sleeper}/contact-preferences`).set('Authorization', `Bearer ${apiKey}`).send({ sleeping: true, note: 'pays, never comes' }).expect(200);
    await app.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, status, claimed_at, sent_at) VALUES
         ($1, $2, 'sms', 'old:1', 'delivered', now() - interval '2 days', now() - interval '2 days'),
         ($1, $2, 'push', 'old:2', 'sent', now() - interval '6 days', now() - interval '6 days')`,
      [businessId, capped],
    );
    const r = await actions.dispatch({ businessId, origin: 'campaign:20:step:1', channel: 'email', clientIds: [ok, noConsent, optedIn, sleeper, capped, noEmail, unknown], template: EMAIL });
    expect(r).toMatchObject({ targeted: 7, claimed: 7, queued: 3, blocked: { no_consent: 1, sleeping: 1, frequency_cap: 1, no_address: 1 } });
    const touches = await touchesOf(app.ds, businessId, 'campaign:20:step:1');
    expect(Object.fromEntries(touches.map((t) => [t.client_id, t.status === 'blocked' ? t.blocked_reason : t.status]))).toEqual({
      [ok]: expect.stringMatching(/queued|sending|sent/),
      [noConsent]: 'no_consent',
      [optedIn]: expect.stringMatching(/queued|sending|sent/),
      [sleeper]: 'sleeping',
      [capped]: 'frequency_cap',
      [noEmail]: 'no_address',
      // unknown consent: email to an existing customer is soft opt-in by default
      [unknown]: expect.stringMatching(/queued|sending|sent/),
    });
    await waitFor(async () => (await touchesOf(app.ds, businessId, 'campaign:20:step:1')).filter((t) => t.status === 'sent').length === 3, 15_000);

    // a campaign may include sleeping members on purpose; an automation may not
    const withSleepers = await actions.dispatch({ businessId, origin: 'campaign:21:step:1', channel: 'email', clientIds: [sleeper], template: EMAIL, includeSleeping: true });
    expect(withSleepers).toMatchObject({ queued: 1 });
    const automated = await actions.dispatch({ businessId, origin: 'automation:3:step:1:occ:1', automationId: '3', channel: 'email', clientIds: [sleeper], template: EMAIL, includeSleeping: true });
    expect(automated.blocked).toEqual({ sleeping: 1 });

    // the cap counts what went out: ok has had 1 contact now, capped client still 2
    const settings = await request(app.url)
      .put('/api/v1/settings/messaging')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ frequencyCap: { max: 1, days: 7 } })
      .expect(200);
    expect(settings.body.frequencyCap).toEqual({ max: 1, days: 7 });
    const second = await actions.dispatch({ businessId, origin: 'campaign:22:step:1', channel: 'email', clientIds: [ok], template: EMAIL });
    expect(second.blocked).toEqual({ frequency_cap: 1 });
  });

  it('should defer sends in quiet hours to the end of them as a delayed job, or drop them when the step says so', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds, { timezone: 'UTC' });
    const now = new Date();
    const quiet = { start: hhmm(new Date(now.getTime() - 3_600_000)), end: hhmm(new Date(now.getTime() + 3_600_000)) };
    await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${apiKey}`).send({ quietHours: quiet }).expect(200);
    const ids = await seedClients(app.ds, businessId, [{}, {}]);
    const r = await actions.dispatch({ businessId, origin: 'campaign:30:step:1', channel: 'email', clientIds: ids, template: EMAIL });
    const expectedDue = nextAllowedTime(now, 'UTC', quiet);
    expect(r).toMatchObject({ queued: 0, deferred: 2, deferReason: 'quiet_hours', jobs: 1 });
    expect(Math.abs(r.dueAt.getTime() - expectedDue.getTime())).toBeLessThan(60_000);
    const touches = await touchesOf(app.ds, businessId, 'campaign:30:step:1');
    expect(touches.map((t) => [t.status, t.deferred_reason, new Date(t.due_at).toISOString()])).toEqual(ids.map(() => ['deferred', 'quiet_hours', r.dueAt.toISOString()]));
    const delayed = await app.http!.get(JobQueue).queue(QueueName.DeliverEmail).getDelayed();
    const job = delayed.find((j) => j.data.runId === r.runId)!;
    expect(job.data.touchIds).toEqual(touches.map((t) => t.id));
    expect(Math.abs(job.timestamp + (job.opts.delay ?? 0) - r.dueAt.getTime())).toBeLessThan(5_000);

    const dropped = await actions.dispatch({ businessId, origin: 'campaign:31:step:1', channel: 'email', clientIds: ids, template: EMAIL, quietHours: 'drop' });
    expect(dropped).toMatchObject({ queued: 0, deferred: 0, blocked: { quiet_hours: 2 }, jobs: 0 });
    // Mailchimp syncs deliver no message to anyone: quiet hours do not apply
    const mc = await actions.dispatch({ businessId, origin: 'campaign:32:step:1', channel: 'mailchimp', clientIds: ids, template: { tag: 'comeback:at-risk' } });
    expect(mc.deferReason).toBeNull();
  });

  it('should re-check quiet hours when a scheduled job comes due, and send a scheduled message at its time', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds, { timezone: 'UTC' });
    await noQuietHours(app.ds, businessId);
    const [a] = await seedClients(app.ds, businessId, [{ email: 'scheduled@example.test' }]);
    const [b] = await seedClients(app.ds, businessId, [{ email: 'late-quiet@example.test' }]);
    const sendAt = new Date(Date.now() + 1500);
    const r = await actions.dispatch({ businessId, origin: 'campaign:40:step:1', channel: 'email', clientIds: [a], template: EMAIL, sendAt });
    expect(r).toMatchObject({ deferred: 1, deferReason: 'scheduled' });
    await waitFor(async () => sink.messages.some((m) => m.envelopeTo.includes('scheduled@example.test')), 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(sendAt.getTime());
    // the sink sees the message before the worker records the provider's answer on the touch
    const sent = await waitFor(async () => {
      const [t] = await touchesOf(app.ds, businessId, 'campaign:40:step:1');
      return t.status === 'sent' && t;
    }, 10_000);
    expect(sent).toMatchObject({ status: 'sent', deferred_reason: null });

    const r2 = await actions.dispatch({ businessId, origin: 'campaign:41:step:1', channel: 'email', clientIds: [b], template: EMAIL, sendAt: new Date(Date.now() + 1500) });
    const now = new Date();
    const quiet = { start: hhmm(new Date(now.getTime() - 3_600_000)), end: hhmm(new Date(now.getTime() + 3_600_000)) };
    await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${apiKey}`).send({ quietHours: quiet }).expect(200);
    const held = await waitFor(async () => {
      const [t] = await touchesOf(app.ds, businessId, 'campaign:41:step:1');
      return t.deferred_reason === 'quiet_hours' && t;
    }, 10_000);
    expect(new Date(held.due_at).toISOString()).toBe(nextAllowedTime(now, 'UTC', quiet).toISOString());
    expect(r2.runId).toBeDefined();
    expect(sink.messages.some((m) => m.envelopeTo.includes('late-quiet@example.test'))).toBe(false);
  });

  it('should hold automated sends while booking data is stale, show the hold, and lift it when data arrives', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    await app.ds.query(`INSERT INTO integration_connection (business_id, provider) VALUES ($1, 'generic')`, [businessId]);
    await app.ds.query(
      `INSERT INTO event_inbox (business_id, source, external_event_id, received_at, signature_ok, processed_at) VALUES ($1, 'generic', 'e1', now() - interval '7 hours', true, now() - interval '7 hours')`,
      [businessId],
    );
    const [x, y] = await seedClients(app.ds, businessId, [{ email: 'held@example.test' }, { email: 'campaign@example.test' }]);
    const auto = await actions.dispatch({ businessId, origin: 'automation:9:step:1:occ:1', automationId: '9', channel: 'email', clientIds: [x], template: EMAIL });
    expect(auto).toMatchObject({ deferred: 1, deferReason: 'stale_data' });
    // a marketer's one-off campaign is not an automated send
    const manual = await actions.dispatch({ businessId, origin: 'campaign:50:step:1', channel: 'email', clientIds: [y], template: EMAIL });
    expect(manual).toMatchObject({ queued: 1 });
    const hold = await request(app.url).get('/api/v1/actions/hold').set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(hold.body.staleData).toMatchObject({ held: true, connected: true, holdHours: 6, heldTouches: 1 });
    await waitFor(async () => sink.messages.some((m) => m.envelopeTo.includes('campaign@example.test')), 10_000);
    // still stale after a recheck: still held
    await new Promise((r) => setTimeout(r, 2500));
    expect((await touchesOf(app.ds, businessId, 'automation:9:step:1:occ:1'))[0]).toMatchObject({ status: 'deferred', deferred_reason: 'stale_data' });

    await app.ds.query(`INSERT INTO event_inbox (business_id, source, external_event_id, signature_ok) VALUES ($1, 'generic', 'e2', true)`, [businessId]);
    await waitFor(async () => sink.messages.some((m) => m.envelopeTo.includes('held@example.test')), 10_000);
    const released = await waitFor(async () => {
      const [t] = await touchesOf(app.ds, businessId, 'automation:9:step:1:occ:1');
      return t.status === 'sent' && t;
    }, 10_000);
    expect(released).toMatchObject({ status: 'sent', deferred_reason: null });
    const after = await request(app.url).get('/api/v1/actions/hold').set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(after.body.staleData).toMatchObject({ held: false, heldTouches: 0 });
  });

  it('should answer bad input with a 400 naming the field', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    const [c] = await seedClients(app.ds, businessId, [{}]);
    const send = (body: object) =>
      request(app.url)
        .post('/api/v1/actions/send')
        .set('Authorization', `Bearer ${apiKey}`)
        .send({ origin: 'c:1', channel: 'email', clientIds: [c], template: EMAIL, ...body });
    expect((await send({ template: { html: '<p>x</p>' } }).expect(400)).body.message).toMatch(/template\.subject: is required/);
    expect((await send({ template: { subject: 'x', html: '{{client.ssn}}' } }).expect(400)).body.message).toMatch(/template\.html: unknown merge field \{\{client\.ssn\}\}/);
    expect((await send({ template: { subject: 'x', text: 'y', colour: 'red' } }).expect(400)).body.message).toMatch(/template\.colour/);
    expect((await send({ channel: 'fax' }).expect(400)).body.message).toMatch(/channel must be one of/);
    expect((await send({ clientIds: ['abc'] }).expect(400)).body.message).toMatch(/clientIds/);
    expect((await send({ origin: 'has spaces' }).expect(400)).body.message).toMatch(/origin/);
    expect((await send({ quietHours: 'later' }).expect(400)).body.message).toMatch(/quietHours/);
    expect((await send({ channel: 'sms', template: { body: '' } }).expect(400)).body.message).toMatch(/template\.body/);
    const bad = await request(app.url)
      .put('/api/v1/settings/messaging')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ quietHours: { start: '9pm', end: '08:00' } })
      .expect(400);
    expect(bad.body.message).toBe('quietHours.start: must be HH:MM (00:00-23:59)');
    expect((await request(app.url).post(`/api/v1/clients/${c}/consent`).set('Authorization', `Bearer ${apiKey}`).send({ channel: 'fax', granted: 'yes' }).expect(400)).body.message).toMatch(
      /channel.*granted|granted.*channel/s,
    );
  });

  it("should keep one business's touches, consent and preferences out of another's reach", async () => {
    const a = await newBusiness(app.ds);
    const b = await newBusiness(app.ds);
    await noQuietHours(app.ds, a.businessId);
    const [ca] = await seedClients(app.ds, a.businessId, [{ email: 'tenant-a@example.test' }]);
    const run = await actions.dispatch({ businessId: a.businessId, origin: 'campaign:60:step:1', channel: 'email', clientIds: [ca], template: EMAIL });
    const [touch] = await touchesOf(app.ds, a.businessId, 'campaign:60:step:1');
    const asB = (r: request.Test) => r.set('Authorization', `Bearer ${b.apiKey}`);
    expect((await asB(request(app.url).get('/api/v1/touches')).expect(200)).body.items).toEqual([]);
    await asB(request(app.url).get(`/api/v1/touches/${touch.id}`)).expect(404);
    await asB(request(app.url).get(`/api/v1/actions/runs/${run.runId}`)).expect(404);
    await asB(request(app.url).get(`/api/v1/clients/${ca}/consent`)).expect(404);
    await asB(request(app.url).post(`/api/v1/clients/${ca}/consent`).send({ channel: 'email', granted: false })).expect(404);
    await asB(request(app.url).put(`/api/v1/clients/${ca}/contact-preferences`).send({ sleeping: true })).expect(404);
    // B sending to A's client reaches nobody and creates nothing in A
    const viaB = (
      await asB(
        request(app.url)
          .post('/api/v1/actions/send')
          .send({ origin: 'campaign:60:step:1', channel: 'email', clientIds: [ca], template: EMAIL }),
      ).expect(202)
    ).body;
    expect(viaB).toMatchObject({ targeted: 1, claimed: 0, unknownClients: 1, jobs: 0 });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM consent_event WHERE client_id = $1`, [ca])).toEqual([{ n: 0 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM client_contact_pref WHERE client_id = $1`, [ca])).toEqual([{ n: 0 }]);
    // A sees its own
    const own = await request(app.url).get(`/api/v1/touches?origin=campaign:60:step:1`).set('Authorization', `Bearer ${a.apiKey}`).expect(200);
    expect(own.body.items.map((t: { id: string }) => t.id)).toEqual([touch.id]);
    const progress = await request(app.url).get(`/api/v1/actions/runs/${run.runId}`).set('Authorization', `Bearer ${a.apiKey}`).expect(200);
    expect(progress.body).toMatchObject({ channel: 'email', origin: 'campaign:60:step:1' });
  });
});
