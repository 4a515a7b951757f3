import request from 'supertest';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// The composer's checks before a send (web.md Campaigns, issue #11 items 2 and 5): the pre-send
// check counted over the audience, a real member's preview, "send a test to me", and the send's
// refusals (a past send time, a channel that is not set up) before anything is queued.
describe('campaigns: pre-send check, preview, test send and send refusals', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let ids: string[];
  let segmentId: string;
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  const email = { key: 'hello', channel: 'email', template: { subject: 'Hi {{client.first_name}}', html: '<p>Hi {{client.first_name}}</p>' } };
  const sms = { key: 'nudge', channel: 'sms', delayMinutes: 60, template: { body: 'Hi {{client.first_name}}, your spot is waiting' } };
  const touchCount = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND campaign_id IS NOT NULL`, [a.businessId]))[0].n;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example' } });
    a = await newBusiness(app.ds);
    await noQuietHours(app.ds, a.businessId);
    // 0-1 no email consent, 2-3 sleeping, 4 no address, 5-6 already contacted (frequency cap), 7-9 reachable
    ids = await seedClients(app.ds, a.businessId, [
      { firstName: 'Nc1', emailConsent: false },
      { firstName: 'Nc2', emailConsent: false },
      { firstName: 'Sl1' },
      { firstName: 'Sl2' },
      { firstName: 'Noaddr', email: '' },
      { firstName: 'Cap1' },
      { firstName: 'Cap2' },
      { firstName: '<b>Ann & Co</b>', email: 'ann@example.test' },
      { firstName: 'Bo' },
      { firstName: 'Cy' },
    ]);
    for (const id of ids.slice(2, 4)) await api().put(`/api/v1/clients/${id}/contact-preferences`, { sleeping: true }).expect(200);
    await api()
      .post('/api/v1/actions/send', { origin: 'manual:earlier', channel: 'email', clientIds: ids.slice(5, 7), template: { subject: 'Earlier', text: 'x {{unsubscribe_url}}' } })
      .expect(202);
    await waitFor(async () => (await app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND status = 'sent'`, [a.businessId]))[0].n === 2, 20_000);
    await api()
      .put('/api/v1/settings/messaging', { frequencyCap: { max: 1, days: 7 } })
      .expect(200);
    await app.ds.query(`UPDATE client SET customer_type = 'drop-in' WHERE business_id = $1`, [a.businessId]);
    segmentId = (
      await api()
        .post('/api/v1/segments', { name: 'Drop-ins', conditions: { condition: 'customer_type', values: ['drop-in'] } })
        .expect(201)
    ).body.id;
    await api().post(`/api/v1/segments/${segmentId}/recompute`).expect(200);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should count, set-based over the audience, whom consent, sleeping and the frequency cap hold back, and name the channels not set up', async () => {
    const res = await api()
      .post('/api/v1/campaigns/pre-send-check', { segmentId, steps: [email, sms] })
      .expect(200);
    expect(res.body.audience).toBe(10);
    expect(res.body.notSetUp).toEqual(['sms']);
    expect(res.body.channels).toEqual([
      { channel: 'email', setUp: true, reason: null },
      { channel: 'sms', setUp: false, reason: expect.stringContaining('Twilio') },
    ]);
    const [e, s] = res.body.steps;
    expect(e).toMatchObject({ key: 'hello', heldBack: { no_consent: 2, sleeping: 2, no_address: 1, frequency_cap: 2 }, reachable: 3, quietHours: null });
    // nobody has a phone: the SMS step reaches no one, and says why
    expect(s).toMatchObject({ key: 'nudge', heldBack: { no_address: 10 }, reachable: 0 });
    expect(new Date(s.sendAt).getTime() - new Date(e.sendAt).getTime()).toBe(3_600_000);
    // the same check with sleeping members included moves them to the reachable
    const incl = await api()
      .post('/api/v1/campaigns/pre-send-check', { segmentId, steps: [email], includeSleeping: true })
      .expect(200);
    expect(incl.body.steps[0]).toMatchObject({ heldBack: { no_consent: 2, no_address: 1, frequency_cap: 2 }, reachable: 5 });
    expect(incl.body.steps[0].heldBack.sleeping).toBeUndefined();
  });

  it('should answer a bad step or an unknown segment with a 400 naming the field', async () => {
    const bad = await api()
      .post('/api/v1/campaigns/pre-send-check', { segmentId: '999999', steps: [email] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('segmentId');
    const noSteps = await api().post('/api/v1/campaigns/pre-send-check', { segmentId, steps: [] }).expect(400);
    expect(JSON.stringify(noSteps.body)).toContain('steps');
  });

  it("should render an email step for a real member with merge fields filled and the member's data escaped in HTML", async () => {
    const res = await api().post('/api/v1/campaigns/preview', { channel: 'email', template: email.template, clientId: ids[7] }).expect(200);
    expect(res.body).toMatchObject({ channel: 'email', to: 'ann@example.test', subject: 'Hi <b>Ann & Co</b>' });
    expect(res.body.html).toContain('<p>Hi &lt;b&gt;Ann &amp; Co&lt;/b&gt;</p>');
    expect(res.body.html).toContain('Unsubscribe');
    const text = await api()
      .post('/api/v1/campaigns/preview', { channel: 'sms', template: { body: 'Hej {{client.first_name}} – välkommen tillbaka!' }, clientId: ids[8] })
      .expect(200);
    expect(text.body).toMatchObject({ body: 'Hej Bo – välkommen tillbaka!', sms: { encoding: 'UCS-2', parts: 1 } });
    const missing = await api().post('/api/v1/campaigns/preview', { channel: 'email', template: email.template, clientId: '999999999' }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('clientId');
    const badTemplate = await api()
      .post('/api/v1/campaigns/preview', { channel: 'email', template: { subject: 'x' }, clientId: ids[7] })
      .expect(400);
    expect(JSON.stringify(badTemplate.body)).toContain('template.html');
  });

  it('should send a test of the step as one member would get it to the given address, never to the member', async () => {
    const noTo = await api().post('/api/v1/campaigns/test-send', { template: email.template, clientId: ids[8] }).expect(400);
    expect(JSON.stringify(noTo.body)).toContain('to');
    const res = await api().post('/api/v1/campaigns/test-send', { template: email.template, clientId: ids[8], to: 'marketer@example.test' }).expect(200);
    expect(res.body).toMatchObject({ to: 'marketer@example.test', subject: '[Test] Hi Bo' });
    const got = await waitFor(async () => sink.to('marketer@example.test')[0], 10_000);
    expect(got.subject).toBe('[Test] Hi Bo');
    expect(got.html).toContain('<p>Hi Bo</p>');
    expect(sink.messages.filter((m) => m.subject.startsWith('[Test]')).map((m) => m.envelopeTo)).toEqual([['marketer@example.test']]);
    expect(await touchCount()).toBe(0);
  });

  it('should refuse a send time in the past with a 400 on sendAt, not send at once', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const res = await api()
      .post('/api/v1/campaigns', { name: 'Too late', segmentId, sendAt: past, steps: [email] })
      .expect(400);
    expect(res.body.message).toMatch(/^sendAt: .* has passed/);
    expect(JSON.stringify(res.body)).toContain('"sendAt"');
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM campaign WHERE business_id = $1 AND name = 'Too late'`, [a.businessId])).toEqual([{ n: 0 }]);
  });

  it('should refuse a campaign on a channel that is not set up before anything is queued, unless the send confirms it', async () => {
    const c = (
      await api()
        .post('/api/v1/campaigns', { name: 'With SMS', segmentId, holdoutPercent: 0, steps: [email, sms] })
        .expect(201)
    ).body;
    const refused = await api().post(`/api/v1/campaigns/${c.id}/send`).expect(400);
    expect(refused.body.message).toMatch(/^channel: sms is not set up/);
    expect(JSON.stringify(refused.body)).toContain('confirmChannelsNotSetUp');
    expect((await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body.state).toBe('draft');
    expect(await touchCount()).toBe(0);
    // confirming another channel is not confirming this one
    await api()
      .post(`/api/v1/campaigns/${c.id}/send`, { confirmChannelsNotSetUp: ['push'] })
      .expect(400);
    await api()
      .post(`/api/v1/campaigns/${c.id}/send`, { confirmChannelsNotSetUp: ['sms'] })
      .expect(202);
    const done = await waitFor(async () => {
      const d = (await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body;
      return d.state === 'sent' ? d : undefined;
    }, 20_000);
    expect(done.recipients).toMatchObject({ targeted: 10, contacted: 10 });
    const list = (await api().get('/api/v1/campaigns').expect(200)).body.items.find((x: { id: string }) => x.id === c.id);
    expect(list.summary).toMatchObject({ targeted: 10, contacted: 10, touches: 20 });
  });

  it('should say a step waiting for quiet hours is deferred and until when, in the check and after the send', async () => {
    await api()
      .put('/api/v1/settings/messaging', { quietHours: { start: '00:00', end: '23:59' }, frequencyCap: null })
      .expect(200);
    const check = await api()
      .post('/api/v1/campaigns/pre-send-check', { segmentId, steps: [{ ...email, key: 'late' }] })
      .expect(200);
    const step = check.body.steps[0];
    expect(step.quietHours).toMatchObject({ action: 'defer', held: step.reachable, until: expect.any(String) });
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: check.body.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(step.quietHours.until));
    expect(local).toBe('23:59');
    const c = (
      await api()
        .post('/api/v1/campaigns', { name: 'At night', segmentId, holdoutPercent: 0, steps: [{ ...email, key: 'late' }] })
        .expect(201)
    ).body;
    await api().post(`/api/v1/campaigns/${c.id}/send`).expect(202);
    const done = await waitFor(async () => {
      const d = (await api().get(`/api/v1/campaigns/${c.id}`).expect(200)).body;
      return d.state === 'sent' ? d : undefined;
    }, 20_000);
    const v = done.progress[0].variants[0];
    expect(v.byStatus.deferred).toBe(step.reachable);
    expect(v.deferred).toEqual([{ reason: 'quiet_hours', until: step.quietHours.until, n: step.reachable }]);
    const listed = (await api().get('/api/v1/campaigns').expect(200)).body.items;
    expect(listed.find((x: { id: string }) => x.id === c.id).summary).toMatchObject({ sent: 0, pending: step.reachable, quietUntil: step.quietHours.until });
    // a campaign that has sent messages is not "waiting for quiet hours" in the list
    expect(listed.find((x: { name: string }) => x.name === 'With SMS').summary.quietUntil).toBeNull();
  });
});
