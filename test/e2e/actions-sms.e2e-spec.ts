import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { startTwilioFake, TwilioFake, twilioSignature } from '../fakes/twilio-api.fake';

const PUBLIC = 'https://hooks.comeback.example';
const SID = `AC${'1a'.repeat(16)}`;
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const OTHER_SID = `AC${'2b'.repeat(16)}`;
const OTHER_TOKEN = 'other-auth-token-0123456789abcdef';

describe('SMS through Twilio (local fake of the Messages API) and its webhooks', () => {
  let twilio: TwilioFake;
  let app: TestApp;
  let actions: ActionsService;

  beforeAll(async () => {
    twilio = await startTwilioFake({ [SID]: TOKEN, [OTHER_SID]: OTHER_TOKEN });
    app = await startTestApp({ worker: true, env: { TWILIO_API_URL: twilio.url, PUBLIC_BASE_URL: PUBLIC } });
    twilio.deliverTo = app.url;
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  async function smsBusiness(opts: { rate?: number; sid?: string; token?: string } = {}) {
    const b = await newBusiness(app.ds, { name: 'Pulse Studio' });
    await noQuietHours(app.ds, b.businessId);
    await request(app.url)
      .put('/api/v1/settings/messaging')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send({ ratePerSecond: { sms: opts.rate ?? 50 } })
      .expect(200);
    const res = await request(app.url)
      .put('/api/v1/channels/sms')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send({ accountSid: opts.sid ?? SID, authToken: opts.token ?? TOKEN, from: '+15005550006' })
      .expect(200);
    expect(res.body).toEqual({
      channel: 'sms',
      config: { accountSid: opts.sid ?? SID, from: '+15005550006' },
      secretsSet: ['authToken'],
      inboundWebhookUrl: `/webhooks/twilio/inbound?businessId=${b.businessId}`,
      statusCallbackUrl: `/webhooks/twilio/status?businessId=${b.businessId}`,
    });
    return b;
  }

  const settled = (businessId: string, origin: string, n: number) =>
    waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, origin);
      return t.length === n && t.every((x) => !['queued', 'sending', 'deferred'].includes(x.status)) && t;
    }, 15_000);

  it('should send rendered texts, fail invalid and opted-out numbers permanently, and learn the opt-out', async () => {
    const { businessId } = await smsBusiness();
    const [ana, optedOut, bad, none] = await seedClients(app.ds, businessId, [{ firstName: 'Ana', phone: '+46 70 123 45 67' }, { phone: '+15551230000' }, { phone: '12345' }, { phone: null }]);
    twilio.optedOut.add('+15551230000');
    const r = await actions.dispatch({
      businessId,
      origin: 'campaign:1:step:2',
      channel: 'sms',
      clientIds: [ana, optedOut, bad, none],
      template: { body: 'Hi {{client.first_name}}, {{business.name}} has a spot for you tomorrow.' },
    });
    expect(r).toMatchObject({ queued: 3, blocked: { no_address: 1 } });
    const touches = await settled(businessId, 'campaign:1:step:2', 4);
    const byClient = Object.fromEntries(touches.map((t) => [t.client_id, t]));
    const sent = twilio.messages.find((m) => m.to === '+46701234567')!;
    expect(sent).toMatchObject({
      accountSid: SID,
      from: '+15005550006',
      body: 'Hi Ana, Pulse Studio has a spot for you tomorrow.',
      statusCallback: `${PUBLIC}/webhooks/twilio/status?businessId=${businessId}`,
    });
    expect(byClient[ana]).toMatchObject({ status: 'sent', provider_message_id: sent.sid });
    expect(byClient[optedOut]).toMatchObject({ status: 'failed', error_code: 'twilio_21610', error: 'Attempt to send to unsubscribed recipient' });
    expect(byClient[bad]).toMatchObject({ status: 'failed', error_code: 'invalid_address' });
    const ledger = await app.ds.query(`SELECT channel, granted, source, evidence FROM consent_event WHERE business_id = $1 AND client_id = $2`, [businessId, optedOut]);
    expect(ledger).toEqual([{ channel: 'sms', granted: false, source: 'sms_keyword', evidence: expect.objectContaining({ code: 'twilio_21610' }) }]);
  });

  it("should send numbers stored without a country code in the business's default country, once it has one", async () => {
    const { businessId, apiKey } = await smsBusiness();
    const [national, international] = await seedClients(app.ds, businessId, [{ phone: '070-765 43 21' }, { phone: '0046 70 765 43 22' }]);
    const before = await actions.dispatch({ businessId, origin: 'campaign:7:step:1', channel: 'sms', clientIds: [national], template: { body: 'Hej!' } });
    expect(before).toMatchObject({ queued: 1 });
    // without a default country the national form cannot be dialled: Twilio refuses it
    expect((await settled(businessId, 'campaign:7:step:1', 1))[0]).toMatchObject({ status: 'failed', error_code: 'invalid_address' });
    const bad = await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${apiKey}`).send({ smsDefaultCountry: 'XX' }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/smsDefaultCountry: must be an ISO 3166 country code/);
    await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${apiKey}`).send({ smsDefaultCountry: 'SE' }).expect(200);
    await actions.dispatch({ businessId, origin: 'campaign:8:step:1', channel: 'sms', clientIds: [national, international], template: { body: 'Hej igen!' } });
    const touches = await settled(businessId, 'campaign:8:step:1', 2);
    expect(touches.map((t) => t.status)).toEqual(['sent', 'sent']);
    expect(
      twilio.messages
        .filter((m) => m.body === 'Hej igen!')
        .map((m) => m.to)
        .sort(),
    ).toEqual(['+46707654321', '+46707654322']);
  });

  it('should apply signed status callbacks to the touch, never backwards, and refuse bad signatures', async () => {
    const { businessId } = await smsBusiness();
    const [a, b] = await seedClients(app.ds, businessId, [{ phone: '+15557770001' }, { phone: '+15557770002' }]);
    await actions.dispatch({ businessId, origin: 'campaign:2:step:1', channel: 'sms', clientIds: [a, b], template: { body: 'See you soon' } });
    const [ta, tb] = await settled(businessId, 'campaign:2:step:1', 2);
    expect(await twilio.statusCallback(ta.provider_message_id, 'sent')).toBe(204);
    expect(await twilio.statusCallback(ta.provider_message_id, 'delivered')).toBe(204);
    expect(await twilio.statusCallback(ta.provider_message_id, 'sent')).toBe(204); // late and out of order
    expect(await twilio.statusCallback(tb.provider_message_id, 'undelivered', 30003)).toBe(204);
    // signed with another token: refused before anything is read
    expect(await twilio.statusCallback(tb.provider_message_id, 'delivered', undefined, { signWith: OTHER_TOKEN })).toBe(403);
    const [da, db] = await touchesOf(app.ds, businessId, 'campaign:2:step:1');
    expect(da).toMatchObject({ status: 'delivered' });
    expect(db).toMatchObject({ status: 'failed', error_code: 'twilio_30003' });
    const view = await app.ds.query(`SELECT delivered_at IS NOT NULL AS d, sent_at IS NOT NULL AS s FROM touch WHERE id = $1`, [ta.id]);
    expect(view).toEqual([{ d: true, s: true }]);

    // the signature is exactly Twilio's: URL with query + sorted params, HMAC-SHA1, base64
    const url = `${PUBLIC}/webhooks/twilio/status?businessId=${businessId}`;
    const params = { MessageSid: ta.provider_message_id, MessageStatus: 'delivered', AccountSid: SID };
    const ok = await request(app.url)
      .post(`/webhooks/twilio/status?businessId=${businessId}`)
      .type('form')
      .set('X-Twilio-Signature', twilioSignature(TOKEN, url, params))
      .send(params);
    expect(ok.status).toBe(204);
    const tampered = await request(app.url)
      .post(`/webhooks/twilio/status?businessId=${businessId}`)
      .type('form')
      .set('X-Twilio-Signature', twilioSignature(TOKEN, url, params))
      .send({ ...params, MessageStatus: 'failed' });
    expect(tampered.status).toBe(403);
    await request(app.url).post(`/webhooks/twilio/status?businessId=${businessId}`).type('form').send(params).expect(403);
    await request(app.url).post(`/webhooks/twilio/status?businessId=not-a-business`).type('form').send(params).expect(404);
  });

  it('should opt a number out on STOP-style keywords and back in on START, and count other texts as replies', async () => {
    const { businessId } = await smsBusiness();
    const [c] = await seedClients(app.ds, businessId, [{ phone: '+1 (555) 888-0101' }]); // stored formatted
    const inbound = `${PUBLIC}/webhooks/twilio/inbound?businessId=${businessId}`;
    await actions.dispatch({ businessId, origin: 'campaign:3:step:1', channel: 'sms', clientIds: [c], template: { body: 'Class at 6?' } });
    await settled(businessId, 'campaign:3:step:1', 1);

    const reply = await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: 'See you Monday' });
    expect(reply).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    expect((await touchesOf(app.ds, businessId, 'campaign:3:step:1'))[0].status).toBe('replied');

    for (const word of ['STOP', 'unsubscribe', 'Cancel', 'END', 'quit', 'STOPALL']) {
      expect((await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: word })).status).toBe(200);
    }
    let ledger = await app.ds.query(`SELECT granted, source, evidence ->> 'Body' AS body FROM consent_event WHERE client_id = $1 ORDER BY id`, [c]);
    expect(ledger).toEqual([{ granted: false, source: 'sms_keyword', body: 'STOP' }]); // repeats add nothing
    const blocked = await actions.dispatch({ businessId, origin: 'campaign:4:step:1', channel: 'sms', clientIds: [c], template: { body: 'x' } });
    expect(blocked.blocked).toEqual({ unsubscribed: 1 });

    await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: 'start', OptOutType: 'START' });
    await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: 'ARRET', OptOutType: 'STOP' });
    await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: 'unstop' });
    ledger = await app.ds.query(`SELECT granted, evidence ->> 'OptOutType' AS type, evidence ->> 'Body' AS body FROM consent_event WHERE client_id = $1 ORDER BY id`, [c]);
    expect(ledger).toEqual([
      { granted: false, type: null, body: 'STOP' },
      { granted: true, type: 'START', body: 'start' },
      { granted: false, type: 'STOP', body: 'ARRET' },
      { granted: true, type: null, body: 'unstop' },
    ]);
    const again = await actions.dispatch({ businessId, origin: 'campaign:5:step:1', channel: 'sms', clientIds: [c], template: { body: 'x' } });
    expect(again.queued).toBe(1);

    // forged inbound STOP: 403, nothing recorded
    const forged = await twilio.inbound(inbound, { From: '+15558880101', To: '+15005550006', Body: 'STOP' }, { signWith: OTHER_TOKEN });
    expect(forged.status).toBe(403);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM consent_event WHERE client_id = $1`, [c])).toEqual([{ n: 4 }]);
  });

  it('should retry Twilio 503s with backoff, and discard a job whose credentials are refused (listed as a failed delivery)', async () => {
    const { businessId } = await smsBusiness();
    const [a] = await seedClients(app.ds, businessId, [{ phone: '+15559990001' }]);
    twilio.failNext(1, 503);
    await actions.dispatch({ businessId, origin: 'campaign:6:step:1', channel: 'sms', clientIds: [a], template: { body: 'retry me' } });
    const [t] = await settled(businessId, 'campaign:6:step:1', 1);
    expect(t).toMatchObject({ status: 'sent', attempts: 2 });
    expect(twilio.messages.filter((m) => m.to === '+15559990001')).toHaveLength(1);

    const wrong = await smsBusiness({ token: 'wrong-token-000000000000000000' });
    const [w1, w2] = await seedClients(app.ds, wrong.businessId, [{ phone: '+15559990002' }, { phone: '+15559990003' }]);
    await actions.dispatch({ businessId: wrong.businessId, origin: 'campaign:7:step:1', channel: 'sms', clientIds: [w1, w2], template: { body: 'never' } });
    const failed = await settled(wrong.businessId, 'campaign:7:step:1', 2);
    expect(failed.map((x) => [x.status, x.error_code])).toEqual([
      ['failed', 'twilio_20003'],
      ['failed', 'twilio_20003'],
    ]);
    const list = await waitFor(async () => {
      const res = await request(app.url).get('/api/v1/deliveries/failed').set('Authorization', `Bearer ${wrong.apiKey}`).expect(200);
      return res.body.jobs.length === 1 && res.body;
    });
    expect(list.jobs[0]).toMatchObject({ channel: 'sms', touches: 2, attemptsMade: 1, permanent: true, failedReason: 'Authenticate' });
    expect(list.touches.map((x: { errorCode: string }) => x.errorCode)).toEqual(['twilio_20003', 'twilio_20003']);
    // each with its member's name, so the failed-deliveries page needs no request per row
    expect(list.touches.map((x: { clientId: string; clientFirstName: string }) => [x.clientId, x.clientFirstName]).sort()).toEqual(
      [
        [w1, 'Alex'],
        [w2, 'Alex'],
      ].sort(),
    );
    // another business sees none of it
    const other = await request(app.url)
      .get('/api/v1/deliveries/failed')
      .set('Authorization', `Bearer ${(await newBusiness(app.ds)).apiKey}`)
      .expect(200);
    expect(other.body).toEqual({ jobs: [], touches: [] });
  });

  it('should fail a business without a Twilio account permanently, and keep to 1 message per second by default', async () => {
    const bare = await newBusiness(app.ds);
    await noQuietHours(app.ds, bare.businessId);
    const [x] = await seedClients(app.ds, bare.businessId, [{ phone: '+15551110000' }]);
    await actions.dispatch({ businessId: bare.businessId, origin: 'campaign:8:step:1', channel: 'sms', clientIds: [x], template: { body: 'x' } });
    expect((await settled(bare.businessId, 'campaign:8:step:1', 1))[0]).toMatchObject({ status: 'failed', error_code: 'not_configured' });

    const b = await newBusiness(app.ds);
    await noQuietHours(app.ds, b.businessId);
    await request(app.url).put('/api/v1/channels/sms').set('Authorization', `Bearer ${b.apiKey}`).send({ accountSid: SID, authToken: TOKEN, from: '+15005550006' }).expect(200);
    const ids = await seedClients(app.ds, b.businessId, [{ phone: '+15552220001' }, { phone: '+15552220002' }, { phone: '+15552220003' }, { phone: '+15552220004' }]);
    await actions.dispatch({ businessId: b.businessId, origin: 'campaign:9:step:1', channel: 'sms', clientIds: ids, template: { body: 'slow' } });
    await settled(b.businessId, 'campaign:9:step:1', 4);
    const times = twilio.messages.filter((m) => m.to.startsWith('+1555222000')).map((m) => m.createdAt.getTime());
    expect(times).toHaveLength(4);
    // the bucket holds one token: 4 messages need at least 3 refills of 1 s
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2900);
  });

  it("should not let one business's slow SMS lane hold the worker slots other businesses need", async () => {
    const a = await smsBusiness({ rate: 1 });
    const aIds = await seedClients(
      app.ds,
      a.businessId,
      Array.from({ length: 450 }, (_, i) => ({ phone: `+1555300${String(i).padStart(4, '0')}` })),
    );
    const big = await actions.dispatch({ businessId: a.businessId, origin: 'campaign:10:step:1', channel: 'sms', clientIds: aIds, template: { body: 'big' }, batchSize: 100 });
    expect(big.jobs).toBe(5); // more jobs than the worker's 4 slots
    await waitFor(async () => twilio.messages.some((m) => m.to.startsWith('+1555300')), 10_000);

    const b = await smsBusiness({ rate: 1 });
    const [bc] = await seedClients(app.ds, b.businessId, [{ phone: '+15554440000' }]);
    const started = Date.now();
    await actions.dispatch({ businessId: b.businessId, origin: 'campaign:11:step:1', channel: 'sms', clientIds: [bc], template: { body: 'small' } });
    await settled(b.businessId, 'campaign:11:step:1', 1);
    expect(Date.now() - started).toBeLessThan(5000);
    // A goes on at its own pace, one job at a time
    const aSent = twilio.messages.filter((m) => m.to.startsWith('+1555300')).map((m) => m.createdAt.getTime());
    expect(aSent.length).toBeLessThan(15);
    expect(Math.max(...aSent) - Math.min(...aSent)).toBeGreaterThanOrEqual((aSent.length - 1) * 1000 - 250);
    // stop A's campaign so the worker can shut down
    await app.ds.query(`UPDATE touch SET status = 'blocked', blocked_reason = 'cancelled' WHERE business_id = $1 AND status IN ('queued', 'deferred')`, [a.businessId]);
  });
});
