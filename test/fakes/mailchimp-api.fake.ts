import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

// Loopback fake of the Mailchimp Marketing API v3 routes the app uses, under /3.0:
//   GET  /ping, GET /lists/{list_id}                      health check and the audience (channel test)
//   PUT  /lists/{list_id}/members/{subscriber_hash}       add or update a list member
//   POST /lists/{list_id}/members/{subscriber_hash}/tags  add or remove member tags (204)
//   GET  /reports/{campaign_id}/email-activity            a sent campaign's activity per member (count, offset, since)
// Basic auth with the API key as password; errors are problem+json documents
// {type, title, status, detail, instance} like Mailchimp's. It records the highest number of
// requests it was serving at once per API key, so tests can hold the app to 10 per account.

export interface FakeMember {
  email: string;
  status: string;
  mergeFields: Record<string, string>;
  tags: Set<string>;
}

export interface MailchimpFake {
  /** Base path for the client (…/3.0). */
  url: string;
  lists: Map<string, Map<string, FakeMember>>;
  requests: Array<{ method: string; path: string }>;
  maxConcurrent(apiKey: string): number;
  /** Emails in compliance state (unsubscribed/cleaned before): PUT answers 400. */
  compliance: Set<string>;
  /** Time each request takes, so concurrency shows. */
  delayMs: number;
  failNext(n: number, status: number): void;
  /**
   * The next `times` requests about this member (its PUT or its tags) answer `status` with no
   * body at all, as Mailchimp's edge does when it throttles (a bare 403 or 429).
   */
  throttleMember(email: string, status: 403 | 429, times: number, retryAfterSeconds?: number): void;
  /**
   * Campaign reports: per campaign id, the `emails` of GET /reports/{id}/email-activity as
   * Mailchimp documents them ({campaign_id, list_id, email_id, email_address, activity:
   * [{action, type, timestamp, url, ip}]}); `since` keeps the activity after that time.
   */
  activity: Map<
    string,
    Array<{ campaign_id: string; list_id: string; email_id: string; email_address: string; activity: Array<{ action: string; type?: string; timestamp: string; url?: string; ip?: string }> }>
  >;
  close(): Promise<void>;
}

const ERRORS_DOC = 'https://mailchimp.com/developer/marketing/docs/errors/';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function startMailchimpFake(opts: { apiKeys: string[]; lists: string[] }): Promise<MailchimpFake> {
  const lists = new Map(opts.lists.map((l) => [l, new Map<string, FakeMember>()]));
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  let failing = { n: 0, status: 503 };
  const throttles = new Map<string, { status: number; times: number; retryAfter?: number }>();
  const fake: MailchimpFake = {
    url: '',
    lists,
    requests: [],
    maxConcurrent: (k) => peak.get(k) ?? 0,
    compliance: new Set(),
    delayMs: 0,
    failNext: (n, status) => void (failing = { n, status }),
    throttleMember: (email, status, times, retryAfter) => void throttles.set(createHash('md5').update(email.toLowerCase()).digest('hex'), { status, times, retryAfter }),
    activity: new Map(),
    close: () => new Promise((r) => server.close(() => r())),
  };

  const problem = (res: ServerResponse, status: number, title: string, detail: string) => {
    res.writeHead(status, { 'Content-Type': 'application/problem+json; charset=utf-8' });
    res.end(JSON.stringify({ type: ERRORS_DOC, title, status, detail, instance: randomUUID() }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '').split('?')[0];
    fake.requests.push({ method: req.method ?? '', path });
    if (failing.n > 0) {
      failing.n--;
      return failing.status === 429
        ? problem(res, 429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.')
        : problem(res, failing.status, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');
    }
    // GET /ping (health check) and GET /lists/{list_id} (the audience), as the channel test reads them
    if (req.method === 'GET' && path === '/3.0/ping') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify({ health_status: "Everything's Chimpy!" }));
    }
    const listOnly = req.method === 'GET' ? /^\/3\.0\/lists\/([^/]+)$/.exec(path) : null;
    if (listOnly) {
      if (!lists.has(listOnly[1])) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify({ id: listOnly[1], name: `Audience ${listOnly[1]}`, stats: { member_count: lists.get(listOnly[1])!.size } }));
    }
    const report = req.method === 'GET' ? /^\/3\.0\/reports\/([^/]+)\/email-activity$/.exec(path) : null;
    if (report) {
      const emails = fake.activity.get(report[1]);
      if (!emails) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
      const q = new URL(req.url ?? '', 'http://fake').searchParams;
      const since = q.get('since') ? new Date(q.get('since')!).getTime() : -Infinity;
      const offset = Number(q.get('offset') ?? 0);
      const count = Number(q.get('count') ?? 10);
      const page = emails.slice(offset, offset + count).map((e) => ({ ...e, activity: e.activity.filter((a) => new Date(a.timestamp).getTime() > since) }));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify({ emails: page, campaign_id: report[1], total_items: emails.length }));
    }
    const member = /^\/3\.0\/lists\/([^/]+)\/members\/([0-9a-f]{32})(\/tags)?$/.exec(path);
    const throttle = member ? throttles.get(member[2]) : undefined;
    if (throttle && throttle.times > 0) {
      throttle.times--;
      res.writeHead(throttle.status, throttle.retryAfter === undefined ? {} : { 'Retry-After': String(throttle.retryAfter) });
      return res.end();
    }
    const list = member && lists.get(member[1]);
    if (!member || !list) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
    let json: Record<string, any>;
    try {
      json = body ? JSON.parse(body) : {};
    } catch {
      return problem(res, 400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.');
    }
    const hash = member[2];
    if (!member[3] && req.method === 'PUT') {
      const email = String(json.email_address ?? '');
      if (!EMAIL.test(email)) return problem(res, 400, 'Invalid Resource', `${email} looks fake or invalid, please enter a real email address.`);
      if (createHash('md5').update(email.toLowerCase()).digest('hex') !== hash) return problem(res, 400, 'Invalid Resource', 'The email address does not match the subscriber hash in the URL.');
      if (fake.compliance.has(email.toLowerCase()))
        return problem(res, 400, 'Member In Compliance State', `${email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review.`);
      const existing = list.get(hash);
      const m: FakeMember = existing ?? { email, status: json.status_if_new ?? json.status ?? 'subscribed', mergeFields: {}, tags: new Set() };
      if (json.status) m.status = json.status;
      m.mergeFields = { ...m.mergeFields, ...(json.merge_fields ?? {}) };
      list.set(hash, m);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(
        JSON.stringify({
          id: hash,
          email_address: email,
          unique_email_id: hash.slice(0, 10),
          status: m.status,
          merge_fields: m.mergeFields,
          list_id: member[1],
          tags: [...m.tags].map((name) => ({ name })),
        }),
      );
    }
    if (member[3] && req.method === 'POST') {
      const m = list.get(hash);
      if (!m) return problem(res, 404, 'Resource Not Found', 'The requested resource could not be found.');
      if (!Array.isArray(json.tags)) return problem(res, 400, 'Invalid Resource', "The resource submitted could not be validated. For field-specific details, see the 'errors' array.");
      for (const t of json.tags) {
        if (t.status === 'inactive') m.tags.delete(t.name);
        else m.tags.add(t.name);
      }
      res.writeHead(204);
      return res.end();
    }
    return problem(res, 405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const key = auth ? Buffer.from(auth[1], 'base64').toString().split(':').slice(1).join(':') : '';
      if (!opts.apiKeys.includes(key)) return problem(res, 401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
      const now = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, now);
      peak.set(key, Math.max(peak.get(key) ?? 0, now));
      setTimeout(() => {
        try {
          handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } finally {
          inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
        }
      }, fake.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/3.0`;
  return fake;
}
