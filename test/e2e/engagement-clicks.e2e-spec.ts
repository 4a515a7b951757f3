import request from 'supertest';
import { clickKey, dayOf, signClickToken, verifyClickToken } from '../../src/actions/engagement/click-token';
import { ClickRepository } from '../../src/actions/engagement/click.repository';
import { metricsRegistry } from '../../src/observability';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';
import { startTwilioFake, TwilioFake } from '../fakes/twilio-api.fake';

const BASE = 'https://comeback.example';
const SID = `AC${'3c'.repeat(16)}`;
const TWILIO_TOKEN = 'twilio-auth-token-engagement-0123456789';
const TRACKED = new RegExp(`${BASE}/c/[A-Za-z0-9_-]{22}\\.[0-9a-z]+\\.[0-9a-z]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}`, 'g');

describe('engagement: signed click redirects and the open pixel', () => {
  let sink: SmtpSink;
  let twilio: TwilioFake;
  let app: TestApp;
  let key: Buffer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    twilio = await startTwilioFake({ [SID]: TWILIO_TOKEN });
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, TWILIO_API_URL: twilio.url, PUBLIC_BASE_URL: BASE, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
    twilio.deliverTo = app.url;
    key = clickKey(app.config.SECRETS_KEY);
  });
  afterAll(async () => {
    await app.close();
    await twilio.close();
    await sink.close();
  });

  const clicksOf = (businessId: string) => app.ds.query(`SELECT touch_id::text AS touch_id, client_id::text AS client_id, url FROM touch_click WHERE business_id = $1 ORDER BY id`, [businessId]);

  async function emailed(to: string, settings: Record<string, unknown> = {}) {
    const b = await newBusiness(app.ds, { name: 'Click Gym' });
    await noQuietHours(app.ds, b.businessId);
    if (Object.keys(settings).length) await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${b.apiKey}`).send(settings).expect(200);
    const [clientId] = await seedClients(app.ds, b.businessId, [{ email: to }]);
    await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send({
        origin: 'campaign:1:step:1',
        channel: 'email',
        clientIds: [clientId],
        template: {
          subject: 'Back soon?',
          html: '<p><a href="https://gym.example/book?class=spin&amp;day=mon">Book</a> <a href="mailto:desk@gym.example">Mail us</a> <a href=\'https://gym.example/timetable\'>Timetable</a></p>',
          text: 'Book: https://gym.example/book?class=spin&day=mon. Timetable (https://gym.example/timetable)',
        },
      })
      .expect(202);
    const mail = await waitFor(async () => sink.messages.find((m) => m.envelopeTo.includes(to)), 15_000);
    const [touch] = await waitFor(async () => {
      const ts = await touchesOf(app.ds, b.businessId, 'campaign:1:step:1');
      return ts.every((t) => t.status === 'sent') && ts;
    }, 10_000);
    return { ...b, clientId, touchId: touch.id as string, mail };
  }

  it('should rewrite every http(s) link of the HTML and text parts, keep mailto and unsubscribe, and redirect with the click recorded', async () => {
    const { businessId, clientId, touchId, mail } = await emailed('clicker@example.test');
    const hrefs = [...mail.html!.matchAll(/href="([^"]+)"|href='([^']+)'/g)].map((m) => m[1] ?? m[2]);
    expect(hrefs).toHaveLength(4); // book, mailto, timetable, unsubscribe footer
    expect(hrefs[0]).toMatch(TRACKED);
    expect(hrefs[1]).toBe('mailto:desk@gym.example');
    expect(hrefs[2]).toMatch(TRACKED);
    expect(hrefs[3]).toMatch(new RegExp(`^${BASE}/u/`));
    expect(mail.html).not.toContain('gym.example/book');
    // the same URL in the text part is the same link of the message; trailing punctuation stays text
    const inText = mail.text!.match(TRACKED)!;
    expect(inText).toEqual([hrefs[0], hrefs[2]]);
    expect(mail.text).toContain(`Book: ${hrefs[0]}. Timetable (${hrefs[2]})`);

    const res = await request(app.url).get(hrefs[0].slice(BASE.length)).expect(302);
    expect(res.headers.location).toBe('https://gym.example/book?class=spin&day=mon');
    await request(app.url).get(hrefs[2].slice(BASE.length)).expect(302).expect('Location', 'https://gym.example/timetable');
    await request(app.url).get(hrefs[0].slice(BASE.length)).expect(302);
    expect(await clicksOf(businessId)).toEqual([
      { touch_id: touchId, client_id: clientId, url: 'https://gym.example/book?class=spin&day=mon' },
      { touch_id: touchId, client_id: clientId, url: 'https://gym.example/timetable' },
      { touch_id: touchId, client_id: clientId, url: 'https://gym.example/book?class=spin&day=mon' },
    ]);
    // the open pixel is on by default (actions.md), as an image, never a tracked link
    expect(mail.html).toMatch(new RegExp(`<img src="${BASE}/o/[A-Za-z0-9_.-]+\\.gif" width="1" height="1"`));
  });

  it('should leave the open pixel out of the emails of a business that turned it off', async () => {
    const { mail } = await emailed('no-pixel@example.test', { openPixel: false });
    expect(mail.html).not.toContain('/o/');
    expect(mail.html).toContain(`${BASE}/c/`);
  });

  it('should answer 404 and record nothing for a tampered, expired, unknown-link or other-business token', async () => {
    const a = await emailed('victim@example.test');
    const b = await newBusiness(app.ds, { name: 'Forger Gym' });
    const token = a.mail.html!.match(TRACKED)![0].slice(`${BASE}/c/`.length);
    const claims = verifyClickToken(key, 'click', token, new Date())!;
    expect(claims).toMatchObject({ businessId: a.businessId, touchId: a.touchId, index: 0 });

    const i = token.length - 5; // inside the signature
    const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    const sentLongAgo = signClickToken(key, 'click', { ...claims, day: dayOf(new Date()) - 91 });
    const otherBusiness = signClickToken(clickKey('ab'.repeat(32)), 'click', { ...claims, businessId: b.businessId });
    // signed with the server's key but naming another business for the touch: no such link there
    const rebound = signClickToken(key, 'click', { ...claims, businessId: b.businessId });
    const noSuchLink = signClickToken(key, 'click', { ...claims, index: 7 });
    const openAsClick = signClickToken(key, 'open', claims);
    for (const t of [tampered, sentLongAgo, otherBusiness, rebound, noSuchLink, openAsClick, 'nonsense', `${token}x`, `${token}.x`]) {
      await request(app.url).get(`/c/${t}`).expect(404);
    }
    // 89 days after the send it still works
    await request(app.url)
      .get(`/c/${signClickToken(key, 'click', { ...claims, day: dayOf(new Date()) - 89 })}`)
      .expect(302);
    expect(await clicksOf(a.businessId)).toHaveLength(1);
    expect(await clicksOf(b.businessId)).toEqual([]);
  });

  it('should record every click of a burst in few statements, each answered with its own link', async () => {
    const a = await emailed('burst@example.test');
    const b = await newBusiness(app.ds, { name: 'Burst Other Gym' });
    const claims = verifyClickToken(key, 'click', a.mail.html!.match(TRACKED)![0].slice(`${BASE}/c/`.length), new Date())!;
    const book = { ...claims, index: 0 };
    const timetable = { ...claims, index: 1 };
    const repo = app.http!.get(ClickRepository);
    const statements = jest.spyOn(repo, 'writeClicks');
    try {
      // submitted together: the first two go at once (two statements in flight), the rest wait and share one
      const asked = Array.from({ length: 30 }, (_, i) => (i % 10 === 9 ? { ...claims, businessId: b.businessId } : i % 10 === 8 ? { ...claims, index: 7 } : i % 2 ? timetable : book));
      const urls = await Promise.all(asked.map((c) => repo.recordClick(c)));
      expect(urls).toEqual(
        asked.map((c) => (c.businessId !== a.businessId || c.index === 7 ? undefined : c.index === 0 ? 'https://gym.example/book?class=spin&day=mon' : 'https://gym.example/timetable')),
      );
      expect(statements.mock.calls.length).toBeLessThanOrEqual(3);
      expect(statements.mock.calls.flatMap(([cs]) => cs)).toHaveLength(30);
    } finally {
      statements.mockRestore();
    }
    // the same over HTTP, concurrently: every redirect goes where its token says and left its row
    const tokens = Array.from({ length: 40 }, (_, i) => signClickToken(key, 'click', i % 2 ? timetable : book));
    const answers = await Promise.all(tokens.map((t) => request(app.url).get(`/c/${t}`)));
    expect(answers.map((r) => [r.status, r.headers.location])).toEqual(tokens.map((_, i) => [302, i % 2 ? 'https://gym.example/timetable' : 'https://gym.example/book?class=spin&day=mon']));
    const counts = await app.ds.query(`SELECT url, count(*)::int AS n FROM touch_click WHERE business_id = $1 GROUP BY url ORDER BY url`, [a.businessId]);
    expect(counts).toEqual([
      { url: 'https://gym.example/book?class=spin&day=mon', n: 12 + 20 },
      { url: 'https://gym.example/timetable', n: 12 + 20 },
    ]);
    expect(await clicksOf(b.businessId)).toEqual([]);
  });

  it('should answer 503 (try again) when the click cannot be committed, and redirect only clicks that were recorded', async () => {
    const a = await emailed('outage@example.test');
    const ok = await emailed('fine@example.test');
    const tokenOf = (x: { mail: { html: string | null } }) => x.mail.html!.match(TRACKED)![0].slice(`${BASE}/c/`.length);
    // the database refuses every click row of business a (as it would refuse all of them in an outage)
    await app.ds.query(`ALTER TABLE touch_click ADD CONSTRAINT test_click_refused CHECK (business_id <> '${a.businessId}') NOT VALID`);
    try {
      const refused = await request(app.url)
        .get(`/c/${tokenOf(a)}`)
        .expect(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.headers.location).toBeUndefined();
      expect(refused.text).toContain('try again');
      // a burst mixing both: a click of a batch that failed is a 503, never a redirect without its row
      const burst = Array.from({ length: 30 }, (_, i) => (i % 3 ? tokenOf(ok) : tokenOf(a)));
      const answers = await Promise.all(burst.map((t) => request(app.url).get(`/c/${t}`)));
      answers.forEach((r, i) => expect(i % 3 ? [302, 503] : [503]).toContain(r.status));
      const redirected = answers.filter((r) => r.status === 302).length;
      expect(await clicksOf(a.businessId)).toEqual([]);
      expect(await clicksOf(ok.businessId)).toHaveLength(redirected);
    } finally {
      await app.ds.query(`ALTER TABLE touch_click DROP CONSTRAINT test_click_refused`);
    }
    // once the database takes rows again, the same link works and is recorded
    await request(app.url)
      .get(`/c/${tokenOf(a)}`)
      .expect(302);
    expect(await clicksOf(a.businessId)).toHaveLength(1);
  });

  it('should answer the tracking routes ahead of the request pipeline and still count them in the HTTP metrics', async () => {
    const { businessId, mail } = await emailed('lean@example.test');
    const counted = async (status: string) => {
      const metric = (await metricsRegistry.getSingleMetric('comeback_http_request_duration_seconds')!.get()).values;
      return metric.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.route === '/c/:token' && v.labels.status === status)?.value ?? 0;
    };
    const [found, notFound] = [await counted('302'), await counted('404')];
    const link = mail.html!.match(TRACKED)![0].slice(BASE.length);
    const res = await request(app.url).get(link).expect(302);
    // the pipeline's request log and id are not there: the click was answered before them
    expect(res.headers['x-request-id']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    await request(app.url).get(`${link}x`).expect(404);
    expect(await counted('302')).toBe(found + 1);
    expect(await counted('404')).toBe(notFound + 1);
    expect(await clicksOf(businessId)).toHaveLength(1);
    // every other route still goes through it
    const health = await request(app.url).get('/health/live');
    expect(health.headers['x-request-id']).toBeDefined();
  });

  it('should add the open pixel when the business turns it on, and record opens', async () => {
    const { businessId, touchId, mail } = await emailed('opener@example.test', { openPixel: true });
    const pixel = new RegExp(`<img src="${BASE}(/o/[A-Za-z0-9_.-]+\\.gif)" width="1" height="1"`).exec(mail.html!)![1];
    const res = await request(app.url).get(pixel).expect(200);
    expect(res.headers['content-type']).toBe('image/gif');
    expect(res.body.length).toBeGreaterThan(30);
    const opens = await app.ds.query(`SELECT touch_id::text AS touch_id FROM touch_open WHERE business_id = $1`, [businessId]);
    expect(opens).toEqual([{ touch_id: touchId }]);
    await request(app.url).get(pixel.replace('.gif', 'x.gif')).expect(404);
  });

  it('should track the links of an SMS the same way', async () => {
    const b = await newBusiness(app.ds, { name: 'Text Gym' });
    await noQuietHours(app.ds, b.businessId);
    await request(app.url)
      .put('/api/v1/settings/messaging')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send({ ratePerSecond: { sms: 50 } })
      .expect(200);
    await request(app.url).put('/api/v1/channels/sms').set('Authorization', `Bearer ${b.apiKey}`).send({ accountSid: SID, authToken: TWILIO_TOKEN, from: '+15005550006' }).expect(200);
    const [clientId] = await seedClients(app.ds, b.businessId, [{ phone: '+15005550123' }]);
    await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send({ origin: 'campaign:9:step:1', channel: 'sms', clientIds: [clientId], template: { body: 'Hi {{client.first_name}}, book at https://gym.example/b?x=1!' } })
      .expect(202);
    const sms = await waitFor(async () => twilio.messages.find((m) => m.to === '+15005550123'), 15_000);
    const [link] = sms.body.match(TRACKED)!;
    expect(sms.body).toBe(`Hi Alex, book at ${link}!`);
    await request(app.url).get(link.slice(BASE.length)).expect(302).expect('Location', 'https://gym.example/b?x=1');
    // a phone that takes the sentence's "!" into the link still lands
    await request(app.url)
      .get(`${link.slice(BASE.length)}!`)
      .expect(302);
    expect(await clicksOf(b.businessId)).toEqual([
      expect.objectContaining({ client_id: clientId, url: 'https://gym.example/b?x=1' }),
      expect.objectContaining({ client_id: clientId, url: 'https://gym.example/b?x=1' }),
    ]);
  });
});
