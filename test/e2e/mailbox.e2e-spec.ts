import { createServer } from 'node:net';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { SystemMailer } from '../../src/common/system-mailer';
import { callAs, Cred, keyCred, newUser, signIn } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// The demo mailbox: an API process with DEMO_MAILBOX=true runs an SMTP sink on SMTP_URL's port
// and files every message under the business of its X-Comeback-Business header.

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('demo mailbox', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let smtpUrl = '';

  const sendTest = (biz: { apiKey: string }, to: string) =>
    request(app.url)
      .post('/api/v1/channels/email/test')
      .set('Authorization', `Bearer ${biz.apiKey}`)
      .send({ to })
      .expect(200)
      .then((r) => expect(r.body.ok).toBe(true));
  const list = (cred: Cred, qs = '') =>
    callAs(app.url, 'GET', `/api/v1/mailbox${qs}`, cred)
      .expect(200)
      .then((r) => r.body);

  beforeAll(async () => {
    smtpUrl = `smtp://127.0.0.1:${await freePort()}`;
    app = await startTestApp({ env: { DEMO_MAILBOX: 'true', SMTP_URL: smtpUrl, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
    a = await newBusiness(app.ds, { name: 'Alpha Gym' });
    b = await newBusiness(app.ds, { name: 'Beta Studio' });
  });
  afterAll(() => app?.close());

  it('should keep what the app sends under its business, newest first, with the HTML as sent', async () => {
    await sendTest(a, 'first@example.com');
    await sendTest(a, 'second@example.com');
    await sendTest(b, 'beta@example.com');
    const page = await list(keyCred(a.apiKey));
    expect(page.items.map((m: { to: string }) => m.to)).toEqual(['second@example.com', 'first@example.com']);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      from: 'Alpha Gym <no-reply@mail.comeback.test>',
      to: 'second@example.com',
      subject: 'Test email from Alpha Gym',
      receivedAt: expect.any(String),
    });
    expect(page.nextCursor).toBeNull();
    const one = await callAs(app.url, 'GET', `/api/v1/mailbox/${page.items[0].id}`, keyCred(a.apiKey)).expect(200);
    expect(one.body).toMatchObject({ ...page.items[0], html: expect.stringContaining('<b>Alpha Gym</b>'), text: expect.stringContaining('test of the email channel of Alpha Gym') });
    // paged
    const first = await list(keyCred(a.apiKey), '?limit=1');
    expect(first.items).toHaveLength(1);
    const rest = await list(keyCred(a.apiKey), `?limit=1&after=${first.nextCursor}`);
    expect(rest).toEqual({ items: [expect.objectContaining({ to: 'first@example.com' })], nextCursor: null });
  });

  it("should never show one business's mail to another, nor mail without the header", async () => {
    const transport = createTransport({ url: smtpUrl });
    await transport.sendMail({ from: 'someone@example.com', to: 'first@example.com', subject: 'no business', text: 'hello' });
    await transport.sendMail({ from: 'someone@example.com', to: 'first@example.com', subject: 'bad header', text: 'hello', headers: { 'X-Comeback-Business': 'not-a-uuid' } });
    transport.close();
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM mailbox_message WHERE business_id IS NULL`);
    expect(n).toBe(2);
    expect((await list(keyCred(b.apiKey))).items.map((m: { to: string }) => m.to)).toEqual(['beta@example.com']);
    const [aMessage] = (await list(keyCred(a.apiKey))).items;
    await callAs(app.url, 'GET', `/api/v1/mailbox/${aMessage.id}`, keyCred(b.apiKey)).expect(404);
    const [orphan] = await app.ds.query(`SELECT id::text FROM mailbox_message WHERE business_id IS NULL LIMIT 1`);
    await callAs(app.url, 'GET', `/api/v1/mailbox/${orphan.id}`, keyCred(a.apiKey)).expect(404);
  });

  it('should file task notifications too, and show a staff member only their own mail', async () => {
    const [staff] = await app.ds.query(
      `INSERT INTO staff (business_id, source, external_id, first_name, email) VALUES ($1, 'import', 'coach', 'Kim', 'Kim.Coach@example.com') RETURNING id::text AS id`,
      [a.businessId],
    );
    const mailer = new SystemMailer(app.config);
    await mailer.send(a.businessId, 'kim.coach@example.com', { subject: 'New task: call Ann', text: 'Call Ann', html: '<p>Call Ann</p>' });
    mailer.onModuleDestroy();
    const user = await newUser(app, { businessId: a.businessId, role: 'staff', staffId: staff.id });
    await sendTest(a, user.email);
    const session = await signIn(app, user.email, user.password);
    const key = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(a.apiKey), { name: 'kim', role: 'staff', staffId: staff.id }).expect(201);

    // the staff key: mail to its staff record's email; the staff user: that and its own address
    expect((await list(keyCred(key.body.apiKey))).items.map((m: { subject: string }) => m.subject)).toEqual(['New task: call Ann']);
    expect((await list(session)).items.map((m: { to: string }) => m.to.toLowerCase())).toEqual([user.email.toLowerCase(), 'kim.coach@example.com']);
    const others = (await list(keyCred(a.apiKey))).items.filter((m: { to: string }) => m.to === 'first@example.com');
    await callAs(app.url, 'GET', `/api/v1/mailbox/${others[0].id}`, session).expect(404);
    // an admin sees the whole business's mail
    expect((await list(keyCred(a.apiKey))).items).toHaveLength(4);
  });

  it('should answer 404 with a reason where the mailbox does not run', async () => {
    const off = await startTestApp({ db: app.db });
    try {
      const res = await request(off.url).get('/api/v1/mailbox').set('Authorization', `Bearer ${a.apiKey}`).expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'not_found', message: 'The mailbox runs only in the demo' });
      await request(off.url).get('/api/v1/mailbox/1').set('Authorization', `Bearer ${a.apiKey}`).expect(404);
    } finally {
      await off.close();
    }
  });
});
