import request from 'supertest';
import { DataSource } from 'typeorm';
import { RhythmService } from '../../src/rhythm';
import { ReconnectFollowUpService } from '../../src/reconnect/reconnect-follow-up.service';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

const DAY = 86_400_000;

/**
 * Gives each client three attended appointments in the category, 28 days apart, the last one 50
 * days ago: a known rhythm of 4 weeks, overdue (50 > 28 x 1.25 and 28 + 7), not gone (< 112).
 */
async function seedOverdue(ds: DataSource, businessId: string, category: string, clientIds: string[], productId: string | null = null): Promise<void> {
  await ds.query(
    `INSERT INTO booking (business_id, source, external_id, client_id, product_id, kind, service_category, starts_at, booked_at, state)
     SELECT $1, 'test', 'rc-' || c || '-' || md5($2) || '-' || k, c, $4, 'appointment', $2, now() - ((50 + 28 * k) * interval '1 day'), now() - ((60 + 28 * k) * interval '1 day'), 'attended'
       FROM unnest($3::bigint[]) AS c, generate_series(0, 2) AS k`,
    [businessId, category, clientIds, productId],
  );
}

// Reconnect end to end: settings and templates, the button (twice), consent, the follow-up with a
// pinned clock, success against the first message and its window, and tenancy.
describe('reconnect: contacting overdue clients and counting who came back', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  const api = (key = a.apiKey) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  const cat = (c: string) => `/api/v1/reconnect/templates/${encodeURIComponent(c)}`;
  const recompute = (businessId: string) => app.http!.get(RhythmService, { strict: false }).recompute(businessId);
  const emailTemplate = (tag: string) => ({
    channel: 'email',
    email: { subject: `${tag} {{service_category}} for {{first_name | you}}`, body: 'Your {{service_category}} every {{usual_interval_weeks}} weeks. Book: {{booking_link}}' },
  });
  const mailsTo = (email: string) => sink.messages.filter((m) => m.envelopeTo.includes(email));
  const firstSentAt = async (batchId: string): Promise<Date> => (await app.ds.query(`SELECT min(first_sent_at) AS t FROM reconnect_contact WHERE batch_id = $1`, [batchId]))[0].t;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example' } });
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    await noQuietHours(app.ds, a.businessId);
    await api().put('/api/v1/reconnect/settings', { bookingLink: 'https://book.example/salon', followUpDays: 7 }).expect(200);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should validate settings and templates with field paths, and refuse an unknown merge field', async () => {
    const bad = await api().put('/api/v1/reconnect/settings', { bookingLink: 'http://book.example', followUpDays: 0, successWindowDays: 1000 }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/bookingLink/);
    expect(JSON.stringify(bad.body)).toMatch(/followUpDays/);
    expect(JSON.stringify(bad.body)).toMatch(/successWindowDays/);
    const ok = await api().put('/api/v1/reconnect/settings', { bookingLink: 'https://book.example/salon', followUpDays: null }).expect(200);
    expect(ok.body).toEqual({ bookingLink: 'https://book.example/salon', followUpDays: null, successWindowDays: 30, holdoutPercent: 0 });
    await api().put('/api/v1/reconnect/settings', { bookingLink: 'https://book.example/salon', followUpDays: 7 }).expect(200);

    const [c] = await seedClients(app.ds, a.businessId, [{ firstName: 'Val' }]);
    await seedOverdue(app.ds, a.businessId, 'Colour', [c]);
    const unknown = await api()
      .put(cat('Colour'), { channel: 'email', email: { subject: 'Hi', body: 'Hello {{client_name}}' } })
      .expect(400);
    expect(JSON.stringify(unknown.body)).toMatch(/email\.body/);
    expect(JSON.stringify(unknown.body)).toMatch(/client_name/);
    const missing = await api()
      .put(cat('Colour'), { channel: 'both', email: { subject: 'Hi', body: 'x' } })
      .expect(400);
    expect(JSON.stringify(missing.body)).toMatch(/sms/);
    expect((await api().get(cat('Colour')).expect(200)).body.isDefault).toBe(true);
    await api().put(cat('Colour'), emailTemplate('Colour')).expect(200);
    expect((await api().get(cat('Colour')).expect(200)).body).toMatchObject({ serviceCategory: 'Colour', channel: 'email', isDefault: false });
  });

  it('should render the preview for a real client with every merge field filled', async () => {
    const [c] = await seedClients(app.ds, a.businessId, [{ firstName: 'Ingrid', email: 'ingrid@example.test' }]);
    await seedOverdue(app.ds, a.businessId, 'Cut & Style', [c]);
    await recompute(a.businessId);
    await api().put(cat('Cut & Style'), emailTemplate('Time for')).expect(200);
    const p = await api()
      .post(`${cat('Cut & Style')}/preview`, { clientId: c })
      .expect(200);
    expect(p.body.usualIntervalWeeks).toBe(4);
    expect(p.body.email.to).toBe('ingrid@example.test');
    expect(p.body.email.subject).toBe('Time for Cut & Style for Ingrid');
    expect(p.body.email.text).toContain('Your Cut & Style every 4 weeks. Book: https://book.example/salon');
    // the category is escaped in HTML like every merge value
    expect(p.body.email.html).toContain('Cut &amp; Style');
    const sms = await api()
      .post(`${cat('Cut & Style')}/preview`, { clientId: c, template: { channel: 'sms', sms: { body: 'Hi {{first_name}}, {{service_category}}? {{booking_link}}' } } })
      .expect(200);
    expect(sms.body.sms.body).toBe('Hi Ingrid, Cut & Style? https://book.example/salon');
  });

  it('should send one message per client when the button is pressed twice, and skip (and count) a client without consent', async () => {
    const seeds = [
      { firstName: 'Ana', email: 'ana@example.test' },
      { firstName: 'Bo', email: 'bo@example.test' },
      { firstName: 'Cy', email: 'cy@example.test', emailConsent: false },
    ];
    const ids = await seedClients(app.ds, a.businessId, seeds);
    await seedOverdue(app.ds, a.businessId, 'Massage', ids);
    await recompute(a.businessId);
    await api().put(cat('Massage'), emailTemplate('Massage')).expect(200);

    const first = await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Massage' }).expect(200);
    expect(first.body).toMatchObject({ serviceCategory: 'Massage', overdue: 3, alreadyOpen: 0, sent: 2, skipped: 1, skippedByReason: { no_consent: 1 } });
    const second = await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Massage' }).expect(200);
    // the two reached are in an open reconnect; the one without consent is tried (and held back) again
    expect(second.body).toMatchObject({ overdue: 3, alreadyOpen: 2, sent: 0, skipped: 1, skippedByReason: { no_consent: 1 } });
    await waitFor(async () => mailsTo('ana@example.test').length + mailsTo('bo@example.test').length === 2, 20_000);
    expect(mailsTo('ana@example.test')[0].subject).toBe('Massage Massage for Ana');
    const [touches] = await app.ds.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'blocked')::int AS reached FROM touch WHERE business_id = $1 AND client_id = ANY($2::bigint[])`, [
      a.businessId,
      ids,
    ]);
    expect(touches).toEqual({ n: 4, reached: 2 });
    expect(mailsTo('cy@example.test')).toEqual([]);
    const again = await api().get(`/api/v1/reconnect/contacts/${first.body.id}`).expect(200);
    expect(again.body).toMatchObject({ sent: 2, skipped: 1, skippedByReason: { no_consent: 1 } });
  });

  it('should send the follow-up once after N days only to those who have not booked, and never a third message', async () => {
    const ids = await seedClients(app.ds, a.businessId, [
      { firstName: 'Di', email: 'di@example.test' },
      { firstName: 'Ed', email: 'ed@example.test' },
    ]);
    await seedOverdue(app.ds, a.businessId, 'Physio', ids);
    await recompute(a.businessId);
    await api().put(cat('Physio'), emailTemplate('Physio')).expect(200);
    const batch = (await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Physio' }).expect(200)).body;
    expect(batch.sent).toBe(2);
    await waitFor(async () => mailsTo('di@example.test').length === 1 && mailsTo('ed@example.test').length === 1, 20_000);
    const t0 = await firstSentAt(batch.id);
    // Ed books a physio appointment two days after the message
    await app.ds.query(
      `INSERT INTO booking (business_id, source, external_id, client_id, kind, service_category, starts_at, booked_at, state)
       VALUES ($1, 'test', 'ed-physio', $2, 'appointment', 'Physio', $3::timestamptz + interval '10 days', $3::timestamptz + interval '2 days', 'booked')`,
      [a.businessId, ids[1], t0],
    );
    const followUps = app.worker!.get(ReconnectFollowUpService, { strict: false });
    // the tick is global: the counts below are this batch's (earlier tests' clients are due too)
    const followUpsOf = async () => (await api().get(`/api/v1/reconnect/contacts/${batch.id}`).expect(200)).body.followUps;
    await followUps.sendDue(new Date(t0.getTime() + 6 * DAY));
    expect(await followUpsOf()).toEqual({ sent: 0, notNeeded: 0 });
    const due = await followUps.sendDue(new Date(t0.getTime() + 7 * DAY + 60_000));
    expect(due.sent).toBeGreaterThanOrEqual(1);
    expect(await followUpsOf()).toEqual({ sent: 1, notNeeded: 1 });
    await waitFor(async () => mailsTo('di@example.test').length === 2, 20_000);
    expect(mailsTo('di@example.test')[1].subject).toBe('Physio Physio for Di');
    expect(await followUps.sendDue(new Date(t0.getTime() + 30 * DAY))).toEqual({ sent: 0, booked: 0 });
    expect(await followUpsOf()).toEqual({ sent: 1, notNeeded: 1 });
    expect(mailsTo('ed@example.test')).toHaveLength(1);
    const [touches] = await app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND client_id = $2 AND origin LIKE 'reconnect:%'`, [a.businessId, ids[0]]);
    expect(touches.n).toBe(2);
  });

  it('should count a rebooking once, against the first message, within the window and not a second after it', async () => {
    const [product] = await app.ds.query(
      `INSERT INTO product (business_id, source, external_id, name, kind, service_category, price) VALUES ($1, 'test', 'brows', 'Brows', 'service', 'Brows', 4500) RETURNING id::text AS id`,
      [a.businessId],
    );
    const [pkg] = await app.ds.query(
      `INSERT INTO product (business_id, source, external_id, name, kind, labels, price) VALUES ($1, 'test', 'brow-pack', 'Brow pack', 'package', '{Brows}', 12000) RETURNING id::text AS id`,
      [a.businessId],
    );
    const ids = await seedClients(
      app.ds,
      a.businessId,
      ['Fay', 'Gus', 'Hal', 'Ivy', 'Jo'].map((n) => ({ firstName: n, email: `${n.toLowerCase()}@example.test` })),
    );
    await seedOverdue(app.ds, a.businessId, 'Brows', ids, product.id);
    await recompute(a.businessId);
    await api().put(cat('Brows'), emailTemplate('Brows')).expect(200);
    const batch = (await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Brows' }).expect(200)).body;
    expect(batch.sent).toBe(5);
    const t0 = await firstSentAt(batch.id);
    const book = (client: string, key: string, offsetMs: number) =>
      app.ds.query(
        `INSERT INTO booking (business_id, source, external_id, client_id, product_id, kind, service_category, starts_at, booked_at, state)
         VALUES ($1, 'test', $2, $3, $4, 'appointment', 'Brows', $5::timestamptz + interval '40 days', $5::timestamptz + $6 * interval '1 millisecond', 'booked')`,
        [a.businessId, key, client, product.id, t0, offsetMs],
      );
    await book(ids[0], 'fay-1', DAY); // Fay: rebooked the next day ...
    await book(ids[0], 'fay-2', 3 * DAY); // ... and again: still one reconnect
    await book(ids[1], 'gus-1', 30 * DAY); // Gus: on the last moment of the window
    await book(ids[2], 'hal-1', 30 * DAY + 1000); // Hal: a second too late
    await book(ids[3], 'ivy-0', -DAY); // Ivy: booked before the message: not a reconnect
    // Jo buys a package that includes the category
    await app.ds.query(
      `INSERT INTO sale (business_id, source, external_id, client_id, product_id, sold_at, amount) VALUES ($1, 'test', 'jo-pack', $2, $3, $4::timestamptz + interval '5 days', 12000)`,
      [a.businessId, ids[4], pkg.id, t0],
    );
    // a second press (and a follow-up) must not move the first message's time or count twice
    await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Brows' }).expect(200);

    const report = (await api().get('/api/v1/reconnect/report').expect(200)).body;
    const brows = report.categories.find((r: { serviceCategory: string }) => r.serviceCategory === 'Brows');
    expect(brows).toMatchObject({ contacted: 5, reconnected: 3, rate: 0.6, revenue: 4500 + 4500 + 12000, control: 0, controlRate: null });
    const rows = await app.ds.query(`SELECT client_id::text AS id, success_kind AS kind, success_at FROM reconnect_contact WHERE batch_id = $1 ORDER BY client_id`, [batch.id]);
    expect(rows.map((r: { kind: string | null }) => r.kind)).toEqual(['booking', 'booking', null, null, 'package']);
    expect(new Date(rows[0].success_at).getTime()).toBe(t0.getTime() + DAY);
    // the overall line adds up the categories
    expect(report.overall.contacted).toBe(report.categories.reduce((n: number, r: { contacted: number }) => n + r.contacted, 0));
    // judging again counts nothing twice (engagement aside: the worker may deliver a message between the reads)
    const judged = (rows: Array<{ engagement: unknown }>) => rows.map(({ engagement: _e, ...r }) => r);
    expect(judged((await api().get('/api/v1/reconnect/report').expect(200)).body.categories)).toEqual(judged(report.categories));
    // the same numbers in the follow-up ranking, as one action per category
    const ranking = (await api().get('/api/v1/reports/actions').expect(200)).body;
    expect(ranking.overall.find((r: { kind: string; id: string }) => r.kind === 'reconnect' && r.id === 'Brows')).toMatchObject({
      name: 'Reconnect: Brows',
      goal: { kind: 'rebooking_same_category', withinDays: 30 },
      channels: ['email'],
      contacted: 5,
      converted: 3,
      conversionRate: 0.6,
      control: 0,
      rebookingRevenue: 21000,
    });
  });

  it('should keep the holdout uncontacted and report its reconnects as the control group', async () => {
    await api().put('/api/v1/reconnect/settings', { bookingLink: 'https://book.example/salon', followUpDays: 7, holdoutPercent: 50 }).expect(200);
    const ids = await seedClients(
      app.ds,
      a.businessId,
      Array.from({ length: 20 }, (_, i) => ({ firstName: `P${i}`, email: `pt${i}@example.test` })),
    );
    await seedOverdue(app.ds, a.businessId, 'Personal training', ids);
    await recompute(a.businessId);
    await api().put(cat('Personal training'), emailTemplate('PT')).expect(200);
    const batch = (await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Personal training' }).expect(200)).body;
    await api().put('/api/v1/reconnect/settings', { bookingLink: 'https://book.example/salon', followUpDays: 7 }).expect(200);
    expect(batch.holdout).toBeGreaterThan(0);
    expect(batch.sent + batch.holdout).toBe(20);
    const held: Array<{ id: string }> = await app.ds.query(`SELECT client_id::text AS id FROM reconnect_contact WHERE batch_id = $1 AND state = 'holdout'`, [batch.id]);
    const [touched] = await app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND client_id = ANY($2::bigint[])`, [a.businessId, held.map((h) => h.id)]);
    expect(touched.n).toBe(0);
    // one of the control group books anyway: the control's reconnect rate
    const t0 = await firstSentAt(batch.id);
    await app.ds.query(
      `INSERT INTO booking (business_id, source, external_id, client_id, kind, service_category, starts_at, booked_at, state)
       VALUES ($1, 'test', 'pt-control', $2, 'appointment', 'Personal training', $3::timestamptz + interval '9 days', $3::timestamptz + interval '1 day', 'booked')`,
      [a.businessId, held[0].id, t0],
    );
    const report = (await api().get('/api/v1/reconnect/report').expect(200)).body;
    const pt = report.categories.find((r: { serviceCategory: string }) => r.serviceCategory === 'Personal training');
    expect(pt).toMatchObject({ contacted: batch.sent, reconnected: 0, control: batch.holdout, controlReconnected: 1, controlRate: 1 / batch.holdout });
  });

  it('should contact every category at once, leaving out one whose channel is not set up, and message no one twice', async () => {
    const ids = await seedClients(app.ds, a.businessId, [
      { firstName: 'Mo', email: 'mo@example.test' },
      { firstName: 'Ni', email: 'ni@example.test', phone: '+46701234567' },
    ]);
    await seedOverdue(app.ds, a.businessId, 'Waxing', [ids[0]]);
    await seedOverdue(app.ds, a.businessId, 'Tanning', [ids[1]]);
    await recompute(a.businessId);
    await api().put(cat('Waxing'), emailTemplate('Waxing')).expect(200);
    // Tanning keeps the built-in SMS message, and this business has no Twilio account
    const single = await api().post('/api/v1/reconnect/contact', { serviceCategory: 'Tanning' }).expect(400);
    expect(JSON.stringify(single.body)).toMatch(/channel/);
    const all = (await api().post('/api/v1/reconnect/contact-all').expect(200)).body;
    expect(all.notSetUp).toEqual([expect.objectContaining({ serviceCategory: 'Tanning', channels: ['sms'] })]);
    const waxing = all.items.find((b: { serviceCategory: string }) => b.serviceCategory === 'Waxing');
    expect(waxing).toMatchObject({ overdue: 1, sent: 1, alreadyOpen: 0 });
    // every earlier category's reached clients are in an open reconnect: nothing new for them
    const massage = all.items.find((b: { serviceCategory: string }) => b.serviceCategory === 'Massage');
    expect(massage).toMatchObject({ sent: 0, alreadyOpen: 2 });
    expect(all.sent).toBe(all.items.reduce((n: number, b: { sent: number }) => n + b.sent, 0));
    await waitFor(async () => mailsTo('mo@example.test').length === 1, 20_000);
  });

  it("should answer 404 for another business's category, client and batch", async () => {
    const [clientOfA] = await seedClients(app.ds, a.businessId, [{ firstName: 'Kim' }]);
    await seedOverdue(app.ds, a.businessId, 'Nails', [clientOfA]);
    const [clientOfB] = await seedClients(app.ds, b.businessId, [{ firstName: 'Lu' }]);
    await seedOverdue(app.ds, b.businessId, 'Facial', [clientOfB]);
    await api(b.apiKey).get(cat('Nails')).expect(404);
    await api(b.apiKey).put(cat('Nails'), emailTemplate('x')).expect(404);
    await api(b.apiKey).post('/api/v1/reconnect/contact', { serviceCategory: 'Nails' }).expect(404);
    await api(b.apiKey)
      .post(`${cat('Facial')}/preview`, { clientId: clientOfA })
      .expect(404);
    await api(b.apiKey)
      .post(`${cat('Facial')}/preview`, { clientId: clientOfB })
      .expect(200);
    const [batch] = await app.ds.query(`SELECT id::text AS id FROM reconnect_batch WHERE business_id = $1 LIMIT 1`, [a.businessId]);
    await api(b.apiKey).get(`/api/v1/reconnect/contacts/${batch.id}`).expect(404);
    await api().get(`/api/v1/reconnect/contacts/${batch.id}`).expect(200);
  });
});
