import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { startTwilioFake, TwilioFake } from '../fakes/twilio-api.fake';

// Issue #17 item 7: a captured, validly signed inbound START replayed after a later STOP
// re-granted SMS consent. Twilio's inbound webhook carries no timestamp, so messages are
// ordered by receipt and deduplicated by MessageSid: a SID seen before is answered 200 and
// changes nothing.

const PUBLIC = 'https://hooks.comeback.example';
const SID = `AC${'3c'.repeat(16)}`;
const TOKEN = 'twilio-auth-token-replay-0123456789';

describe('fault injection: a replayed Twilio inbound message', () => {
  let twilio: TwilioFake;
  let app: TestApp;

  beforeAll(async () => {
    twilio = await startTwilioFake({ [SID]: TOKEN });
    app = await startTestApp({ env: { TWILIO_API_URL: twilio.url, PUBLIC_BASE_URL: PUBLIC } });
    twilio.deliverTo = app.url;
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
  });

  async function smsBusiness() {
    const b = await newBusiness(app.ds, { name: 'Replay Studio' });
    await noQuietHours(app.ds, b.businessId);
    await request(app.url).put('/api/v1/channels/sms').set('Authorization', `Bearer ${b.apiKey}`).send({ accountSid: SID, authToken: TOKEN, from: '+15005550006' }).expect(200);
    return b;
  }

  const ledgerOf = (clientId: string) => app.ds.query(`SELECT granted, evidence ->> 'MessageSid' AS sid FROM consent_event WHERE client_id = $1 AND channel = 'sms' ORDER BY id`, [clientId]);

  it('should ignore a replayed START after a later STOP (200, consent stays withdrawn, nothing sent)', async () => {
    const { businessId } = await smsBusiness();
    const [c] = await seedClients(app.ds, businessId, [{ phone: '+1 555 777 0101' }]);
    const inbound = `${PUBLIC}/webhooks/twilio/inbound?businessId=${businessId}`;
    const from = { From: '+15557770101', To: '+15005550006' };
    const startSid = `SM${'a1'.repeat(16)}`;
    const stopSid = `SM${'b2'.repeat(16)}`;

    expect((await twilio.inbound(inbound, { ...from, Body: 'START', MessageSid: startSid })).status).toBe(200);
    expect((await twilio.inbound(inbound, { ...from, Body: 'STOP', MessageSid: stopSid })).status).toBe(200);
    // the attacker replays the captured START, signature and all
    const replay = await twilio.inbound(inbound, { ...from, Body: 'START', MessageSid: startSid });
    expect(replay).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });

    expect(await ledgerOf(c)).toEqual([
      { granted: true, sid: startSid },
      { granted: false, sid: stopSid },
    ]);
    const send = await app.http!.get(ActionsService).dispatch({ businessId, origin: 'replay:1', channel: 'sms', clientIds: [c], template: { body: 'x' } });
    expect(send.blocked).toEqual({ unsubscribed: 1 });
    expect(twilio.messages).toHaveLength(0);

    // a new START (a new SID) from the member is honoured
    await twilio.inbound(inbound, { ...from, Body: 'START', MessageSid: `SM${'c3'.repeat(16)}` });
    expect((await ledgerOf(c)).map((r: { granted: boolean }) => r.granted)).toEqual([true, false, true]);
  });

  it("should keep another business's message with the same SID apart, and ignore a replayed STOP too", async () => {
    const a = await smsBusiness();
    const b = await smsBusiness();
    const [ca] = await seedClients(app.ds, a.businessId, [{ phone: '+15557770202' }]);
    const [cb] = await seedClients(app.ds, b.businessId, [{ phone: '+15557770202' }]);
    const sid = `SM${'d4'.repeat(16)}`;
    const msg = { From: '+15557770202', To: '+15005550006', Body: 'STOP', MessageSid: sid };
    await twilio.inbound(`${PUBLIC}/webhooks/twilio/inbound?businessId=${a.businessId}`, msg);
    await twilio.inbound(`${PUBLIC}/webhooks/twilio/inbound?businessId=${b.businessId}`, msg);
    await twilio.inbound(`${PUBLIC}/webhooks/twilio/inbound?businessId=${a.businessId}`, { ...msg, Body: 'START', MessageSid: `SM${'e5'.repeat(16)}` });
    // the STOP replayed to A after the member's START: ignored
    await twilio.inbound(`${PUBLIC}/webhooks/twilio/inbound?businessId=${a.businessId}`, msg);
    expect((await ledgerOf(ca)).map((r: { granted: boolean }) => r.granted)).toEqual([false, true]);
    expect((await ledgerOf(cb)).map((r: { granted: boolean }) => r.granted)).toEqual([false]);
  });

  it('should take a message with a NUL character without a 500, keeping the NUL visible in the evidence', async () => {
    const { businessId } = await smsBusiness();
    const [c] = await seedClients(app.ds, businessId, [{ phone: '+15557770303' }]);
    const inbound = `${PUBLIC}/webhooks/twilio/inbound?businessId=${businessId}`;
    const from = { From: '+15557770303', To: '+15005550006\u0000' };
    // Twilio's own opt-out classification still counts when the text itself is odd
    const nul = await twilio.inbound(inbound, { ...from, Body: 'STOP\u0000', OptOutType: 'STOP', MessageSid: `SM${'f6'.repeat(16)}` });
    expect(nul.status).toBe(200);
    const [row] = await app.ds.query(`SELECT granted, evidence ->> 'Body' AS body, evidence ->> 'To' AS "to" FROM consent_event WHERE client_id = $1`, [c]);
    expect(row).toEqual({ granted: false, body: 'STOP\\u0000', to: '+15005550006\\u0000' });

    // a NUL in the sender's number matches nobody and still answers 200
    const odd = await twilio.inbound(inbound, { From: '+1555777\u00000303', To: '+15005550006', Body: 'START', MessageSid: `SM${'a7'.repeat(16)}` });
    expect(odd.status).toBe(200);
    expect((await ledgerOf(c)).map((r: { granted: boolean }) => r.granted)).toEqual([false]);
  });
});
