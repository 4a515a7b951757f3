import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { callAs, keyCred, newUser, signIn } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { MailchimpFake, startMailchimpFake } from '../fakes/mailchimp-api.fake';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';
import { startTwilioFake, TwilioFake } from '../fakes/twilio-api.fake';

// POST /api/v1/channels/:channel/test against the local fakes: a real message through each
// channel, the provider's answer as {ok, message}, never a 500.

const SID = `AC${'3c'.repeat(16)}`;
const TOKEN = 'twilio-auth-token-channel-test-0001';
const MC_KEY = `${'0e'.repeat(16)}-us21`;
const UNKNOWN_MC_KEY = `${'0d'.repeat(16)}-us21`;

describe('POST /api/v1/channels/:channel/test', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let twilio: TwilioFake;
  let mc: MailchimpFake;
  let push: Server;
  let pushUrl = '';
  const pushed: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
  let pushStatus = 202;

  beforeAll(async () => {
    [sink, twilio, mc] = await Promise.all([startSmtpSink(), startTwilioFake({ [SID]: TOKEN }), startMailchimpFake({ apiKeys: [MC_KEY], lists: ['aud1'] })]);
    push = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        pushed.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(pushStatus, { 'Content-Type': 'application/json' });
        res.end(pushStatus < 300 ? '{"id":"p-1"}' : '{"error":"device unknown"}');
      });
    });
    await new Promise<void>((r) => push.listen(0, '127.0.0.1', () => r()));
    pushUrl = `http://127.0.0.1:${(push.address() as AddressInfo).port}/push`;
    app = await startTestApp({ env: { SMTP_URL: sink.url, TWILIO_API_URL: twilio.url, MAILCHIMP_API_URL: mc.url, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([sink?.close(), twilio?.close(), mc?.close(), new Promise((r) => push?.close(r))]);
  });

  const test = (apiKey: string, channel: string, body: object = {}) => request(app.url).post(`/api/v1/channels/${channel}/test`).set('Authorization', `Bearer ${apiKey}`).send(body);

  it('should send a test email, to the address given or the signed-in user, with the business header', async () => {
    const b = await newBusiness(app.ds, { name: 'Harbour Gym' });
    const res = await test(b.apiKey, 'email', { to: 'owner@example.com' }).expect(200);
    expect(res.body).toEqual({ ok: true, message: expect.stringMatching(/^250/) });
    const mail = await waitFor(async () => sink.to('owner@example.com')[0]);
    expect(mail.header('x-comeback-business')).toBe(b.businessId);
    expect(mail.subject).toBe('Test email from Harbour Gym');
    expect(mail.header('from')).toBe('Harbour Gym <no-reply@mail.comeback.test>');

    const admin = await newUser(app, { businessId: b.businessId, role: 'admin' });
    const cred = await signIn(app, admin.email, admin.password);
    expect((await callAs(app.url, 'POST', '/api/v1/channels/email/test', cred, {}).expect(200)).body.ok).toBe(true);
    await waitFor(async () => sink.to(admin.email)[0]);

    // an API key has no address of its own; a bad address is the caller's mistake
    expect((await test(b.apiKey, 'email', {}).expect(400)).body.message).toMatch(/^to: is required/);
    expect((await test(b.apiKey, 'email', { to: 'nobody-at-all' }).expect(400)).body.message).toMatch(/^to: /);
  });

  it("should report the relay's refusal as ok: false in its words", async () => {
    const b = await newBusiness(app.ds);
    sink.failNext(1, 554, 'Message rejected by policy');
    const res = await test(b.apiKey, 'email', { to: 'owner@example.com' }).expect(200);
    expect(res.body).toEqual({ ok: false, message: expect.stringContaining('Message rejected by policy') });
    expect(sink.failuresLeft()).toBe(0);
  });

  it("should send a test SMS through the Twilio account, and pass on Twilio's refusal", async () => {
    const b = await newBusiness(app.ds, { name: 'Pulse' });
    expect((await test(b.apiKey, 'sms', { to: '+46701234567' }).expect(400)).body.message).toMatch(/SMS is not set up/);
    await request(app.url).put('/api/v1/channels/sms').set('Authorization', `Bearer ${b.apiKey}`).send({ accountSid: SID, authToken: TOKEN, from: '+15005550006' }).expect(200);
    const res = await test(b.apiKey, 'sms', { to: '+46 70 123 45 67' }).expect(200);
    expect(res.body).toEqual({ ok: true, message: expect.stringMatching(/^Twilio accepted the message to \+46701234567 \(SM[0-9a-f]{32}, queued\)$/) });
    expect(twilio.messages.find((m) => m.to === '+46701234567')).toMatchObject({ accountSid: SID, from: '+15005550006', body: 'Test message from Pulse (Comeback): the SMS channel works.' });

    twilio.optedOut.add('+15551234567');
    expect((await test(b.apiKey, 'sms', { to: '+15551234567' }).expect(200)).body).toEqual({ ok: false, message: 'Attempt to send to unsubscribed recipient (Twilio error 21610)' });
    expect((await test(b.apiKey, 'sms', {}).expect(400)).body.message).toMatch(/^to: is required/);
  });

  it('should ping Mailchimp and find the audience, and say what Mailchimp said when it cannot', async () => {
    const b = await newBusiness(app.ds);
    expect((await test(b.apiKey, 'mailchimp').expect(400)).body.message).toMatch(/Mailchimp is not set up/);
    const put = (apiKey: string, listId: string) => request(app.url).put('/api/v1/channels/mailchimp').set('Authorization', `Bearer ${b.apiKey}`).send({ apiKey, listId }).expect(200);
    await put(MC_KEY, 'aud1');
    expect((await test(b.apiKey, 'mailchimp').expect(200)).body).toEqual({ ok: true, message: `Mailchimp answered "Everything's Chimpy!"; audience "Audience aud1" (aud1) found` });
    await put(MC_KEY, 'gone9');
    expect((await test(b.apiKey, 'mailchimp').expect(200)).body).toEqual({ ok: false, message: 'Mailchimp answered 404: Resource Not Found: The requested resource could not be found.' });
    await put(UNKNOWN_MC_KEY, 'aud1');
    expect((await test(b.apiKey, 'mailchimp').expect(200)).body).toEqual({ ok: false, message: expect.stringContaining('Mailchimp answered 401: API Key Invalid') });
  });

  it('should post a signed push.test to the push endpoint, and report its refusal', async () => {
    const b = await newBusiness(app.ds);
    expect((await test(b.apiKey, 'push').expect(400)).body.message).toMatch(/Push is not set up/);
    await request(app.url).put('/api/v1/channels/push').set('Authorization', `Bearer ${b.apiKey}`).send({ url: pushUrl }).expect(200);
    const res = await test(b.apiKey, 'push', { to: 'device-token-1' }).expect(200);
    expect(res.body).toEqual({ ok: true, message: 'the push endpoint answered 202: {"id":"p-1"}' });
    expect(pushed.at(-1)!.body).toMatchObject({ type: 'push.test', businessId: b.businessId, pushTokens: ['device-token-1'], notification: { body: 'The push channel works.' } });
    expect(pushed.at(-1)!.headers['x-comeback-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    pushStatus = 410;
    expect((await test(b.apiKey, 'push').expect(200)).body).toEqual({ ok: false, message: 'push endpoint answered 410: {"error":"device unknown"}' });
    pushStatus = 202;
  });

  it('should take admins only, and name an unknown channel', async () => {
    const b = await newBusiness(app.ds);
    const manager = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(b.apiKey), { name: 'reports', role: 'manager' }).expect(201);
    await test(manager.body.apiKey, 'email', { to: 'owner@example.com' }).expect(403);
    expect((await test(b.apiKey, 'fax', {}).expect(400)).body.message).toBe('channel: must be one of email, sms, mailchimp, push');
  });
});
