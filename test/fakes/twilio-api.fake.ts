import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

// Loopback fake of Twilio's Programmable Messaging REST API, the one route the twilio client
// calls to send (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth, form body),
// answering with Twilio's message resource or its error body {code, message, more_info, status}.
// It also plays Twilio's side of the webhooks: status callbacks and inbound messages, signed
// with X-Twilio-Signature computed here from Twilio's documented algorithm (HMAC-SHA1 of the
// URL followed by each POST parameter name and value, sorted by name; base64), independently
// of the twilio library the app uses to check them.

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  createdAt: Date;
}

export interface TwilioFake {
  url: string;
  messages: FakeMessage[];
  /** Requests answered (any status). */
  requests: number;
  /** Recipients that replied STOP: sending to them answers 400 / 21610. */
  optedOut: Set<string>;
  /** The next n requests answer this HTTP status with a Twilio error body (503 -> 20503, 429 -> 20429). */
  failNext(n: number, status: number): void;
  /** Where callbacks are delivered: an origin replacing the public one (a proxy in front of the API). */
  deliverTo: string;
  /** Posts a signed status callback for a message to its StatusCallback URL; resolves to the HTTP status. */
  statusCallback(sid: string, status: string, errorCode?: number, opts?: { signWith?: string }): Promise<number>;
  /** Posts a signed inbound message to a URL (the number's Messaging webhook). */
  inbound(publicUrl: string, params: Record<string, string>, opts?: { signWith?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function startTwilioFake(accounts: Record<string, string>): Promise<TwilioFake> {
  const messages: FakeMessage[] = [];
  let failing = { n: 0, status: 503 };
  const fake: TwilioFake = {
    url: '',
    messages,
    requests: 0,
    optedOut: new Set(),
    failNext: (n, status) => void (failing = { n, status }),
    deliverTo: '',
    async statusCallback(sid, status, errorCode, opts) {
      const m = messages.find((x) => x.sid === sid);
      if (!m?.statusCallback) throw new Error(`no message ${sid} with a StatusCallback`);
      const params: Record<string, string> = {
        AccountSid: m.accountSid,
        ApiVersion: '2010-04-01',
        From: m.from ?? '+15550000000',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
        ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
      };
      return (await post(m.statusCallback, params, opts?.signWith ?? accounts[m.accountSid])).status;
    },
    async inbound(publicUrl, params, opts) {
      const accountSid = Object.keys(accounts)[0];
      const full = { AccountSid: accountSid, ApiVersion: '2010-04-01', MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0', ...params };
      return post(publicUrl, full, opts?.signWith ?? accounts[accountSid]);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };

  async function post(publicUrl: string, params: Record<string, string>, token: string): Promise<{ status: number; body: string }> {
    const u = new URL(publicUrl);
    const target = fake.deliverTo ? `${fake.deliverTo}${u.pathname}${u.search}` : publicUrl;
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilioSignature(token, publicUrl, params), 'I-Twilio-Idempotency-Token': randomBytes(8).toString('hex') },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  }

  const error = (res: ServerResponse, status: number, code: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      fake.requests++;
      const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
      if (!m || req.method !== 'POST') return error(res, 404, 20404, `The requested resource ${req.url} was not found`);
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [user, pass] = auth ? Buffer.from(auth[1], 'base64').toString().split(':') : [];
      if (user !== m[1] || !accounts[user] || accounts[user] !== pass) return error(res, 401, 20003, 'Authenticate');
      if (failing.n > 0) {
        failing.n--;
        return error(res, failing.status, failing.status === 429 ? 20429 : 20500, failing.status === 429 ? 'Too Many Requests' : 'Internal Server Error');
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      const from = form.get('From');
      const service = form.get('MessagingServiceSid');
      const body = form.get('Body') ?? '';
      if (!to) return error(res, 400, 21604, "A 'To' phone number is required.");
      if (!E164.test(to)) return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (!from && !service) return error(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
      if (!body) return error(res, 400, 21602, 'Message body is required.');
      if (fake.optedOut.has(to)) return error(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const now = new Date();
      messages.push({ sid, accountSid: m[1], to, from, messagingServiceSid: service, body, statusCallback: form.get('StatusCallback'), createdAt: now });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          account_sid: m[1],
          api_version: '2010-04-01',
          body,
          date_created: now.toUTCString(),
          date_sent: null,
          date_updated: now.toUTCString(),
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from,
          messaging_service_sid: service,
          num_media: '0',
          num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
          price: null,
          price_unit: 'USD',
          sid,
          status: service ? 'accepted' : 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${m[1]}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${m[1]}/Messages/${sid}.json`,
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
