import request from 'supertest';
import { callAs, clearAuthLimits, Cred, keyCred, newUser, sessionCookieOf, signIn, uniqueEmail } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startSmtpSink, SmtpSink, ReceivedMail } from '../fakes/smtp-sink';
import { seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// docs/auth.md "Invitations and password resets": single-use links mailed through SMTP (a local
// sink here), followed the way the set-password page does: GET /auth/links/:token, then
// POST /auth/password/set.
describe('auth: invitations, password resets and password changes', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let businessId: string;
  let admin: Cred;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'http://app.comeback.test' } });
    const b = await newBusiness(app.ds, { name: 'Links <Gym>' });
    businessId = b.businessId;
    admin = keyCred(b.apiKey);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(() => clearAuthLimits(app));

  const mailTo = (email: string, n = 1) => waitFor(async () => sink.to(email).length >= n && sink.to(email)[n - 1]);
  const tokenIn = (mail: ReceivedMail): string => {
    const m = /http:\/\/app\.comeback\.test\/set-password\?token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
    if (!m) throw new Error(`no set-password link in: ${mail.text}`);
    expect(mail.html).toContain(`href="http://app.comeback.test/set-password?token=${m[1]}"`);
    return m[1];
  };
  const link = (token: string) => request(app.url).get(`/api/v1/auth/links/${token}`);
  const setPassword = (token: string, password: string) => request(app.url).post('/api/v1/auth/password/set').send({ token, password });
  const userRow = async (email: string) => (await app.ds.query(`SELECT id, password_hash, last_sign_in_at FROM app_user WHERE lower(email) = lower($1)`, [email]))[0];

  it('should invite by email, let the invitee choose a password through the link once, and sign them in', async () => {
    const email = uniqueEmail('invitee');
    const invited = await callAs(app.url, 'POST', '/api/v1/users/invitations', admin, { email, name: 'Ivy Invitee', role: 'manager' }).expect(201);
    expect(invited.body).toEqual({
      id: expect.any(String),
      email,
      name: 'Ivy Invitee',
      role: 'manager',
      staffId: null,
      staffName: null,
      status: 'invited',
      lastSignInAt: null,
      createdAt: expect.any(String),
    });

    const mail = await mailTo(email);
    expect(mail.header('X-Comeback-Business')).toBe(businessId);
    expect(mail.subject).toBe('Your invitation to Links <Gym> on Comeback');
    expect(mail.html).toContain('Links &lt;Gym&gt;');
    expect(mail.text).toMatch(/works once and for 72 hours/);
    const token = tokenIn(mail);
    // only the hash is stored, expiring in 72 hours
    const [stored] = await app.ds.query(`SELECT kind, round(extract(epoch FROM expires_at - created_at) / 3600) AS hours FROM user_link_token WHERE user_id = $1`, [invited.body.id]);
    expect(stored).toEqual({ kind: 'invite', hours: '72' });

    expect((await link(token).expect(200)).body).toEqual({ kind: 'invite', email });
    // too short: 400 naming the field, and the link still works
    const short = await setPassword(token, 'short').expect(400);
    expect(short.body.message).toMatch(/^password: password must be 10 to 1000 characters/);
    const done = await setPassword(token, 'a long enough password').expect(200);
    expect(done.body).toMatchObject({ user: { id: invited.body.id, status: 'active' }, role: 'manager', csrfToken: expect.any(String) });
    const cookie = sessionCookieOf(done)!;
    await request(app.url).get('/api/v1/clients').set('Cookie', cookie).expect(200);
    expect((await userRow(email)).password_hash).toMatch(/^\$argon2id\$/);

    // the link is spent
    expect((await link(token).expect(410)).body).toMatchObject({ statusCode: 410, message: 'This link has already been used' });
    expect((await setPassword(token, 'another long password').expect(410)).body.message).toBe('This link has already been used');
    await signIn(app, email, 'a long enough password');
    await request(app.url).post('/api/v1/auth/sign-in').send({ email, password: 'another long password' }).expect(401);
    await link('A'.repeat(43)).expect(404);
  });

  it('should refuse an expired invitation with 410 and set nothing', async () => {
    const email = uniqueEmail('late');
    const { body: user } = await callAs(app.url, 'POST', '/api/v1/users/invitations', admin, { email, role: 'marketer' }).expect(201);
    const token = tokenIn(await mailTo(email));
    await app.ds.query(`UPDATE user_link_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect((await link(token).expect(410)).body.message).toBe('This link has expired');
    expect((await setPassword(token, 'a long enough password').expect(410)).body.message).toBe('This link has expired');
    expect((await userRow(email)).password_hash).toBeNull();
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [user.id])).toEqual([{ n: 0 }]);

    // a fresh invitation works, and only the newest link does
    await callAs(app.url, 'POST', `/api/v1/users/${user.id}/invitation`, admin, {}).expect(201);
    const second = tokenIn(await mailTo(email, 2));
    await callAs(app.url, 'POST', `/api/v1/users/${user.id}/invitation`, admin, {}).expect(201);
    const third = tokenIn(await mailTo(email, 3));
    expect((await link(second).expect(410)).body.message).toMatch(/^This link has expired/);
    await setPassword(third, 'a long enough password').expect(200);
    // once active, there is nothing to re-send
    expect((await callAs(app.url, 'POST', `/api/v1/users/${user.id}/invitation`, admin, {}).expect(409)).body.message).toMatch(/already set a password/);
  });

  it('should validate invitations: staff role needs a staff member of the business, emails are unique in any case', async () => {
    const [staff] = Object.values(await seedStaff(app.ds, businessId, [{ key: `desk-${Date.now()}` }]));
    const other = await newBusiness(app.ds);
    const [foreign] = Object.values(await seedStaff(app.ds, other.businessId, [{ key: 'far' }]));
    const invite = (body: object) => callAs(app.url, 'POST', '/api/v1/users/invitations', admin, body);
    expect((await invite({ email: uniqueEmail(), role: 'staff' }).expect(400)).body.message).toMatch(/^staffId: is required for the staff role/);
    expect((await invite({ email: uniqueEmail(), role: 'staff', staffId: foreign }).expect(400)).body.message).toMatch(/^staffId: is not an active staff member/);
    expect((await invite({ email: 'not an email', role: 'admin' }).expect(400)).body.message).toMatch(/^email/);
    expect((await invite({ email: uniqueEmail(), role: 'owner' }).expect(400)).body.message).toMatch(/^role/);
    const email = uniqueEmail('Desk');
    const ok = await invite({ email, role: 'staff', staffId: staff }).expect(201);
    expect(ok.body).toMatchObject({ role: 'staff', staffId: staff, staffName: expect.stringMatching(/^desk-/) });
    // the same address in other letters, or in another business, is taken
    expect((await invite({ email: email.toUpperCase(), role: 'admin' }).expect(409)).body.message).toMatch(/already exists/);
    expect((await callAs(app.url, 'POST', '/api/v1/users/invitations', keyCred(other.apiKey), { email, role: 'admin' }).expect(409)).body.message).toMatch(/already exists/);
  });

  it('should tell the admin when the invitation could not be mailed, and keep the user for a re-send', async () => {
    const email = uniqueEmail('bounce');
    sink.rejectRecipient(new RegExp(`^${email}$`), 550);
    const res = await callAs(app.url, 'POST', '/api/v1/users/invitations', admin, { email, role: 'marketer' }).expect(503);
    expect(res.body.message).toMatch(/^The invitation could not be emailed .*send the invitation again/);
    expect((await callAs(app.url, 'GET', '/api/v1/users', admin).expect(200)).body.items).toContainEqual(expect.objectContaining({ email, status: 'invited' }));
  });

  it('should mail a reset link valid 1 hour for "forgot password", answer 202 for any email, and end the old sessions', async () => {
    const u = await newUser(app, { businessId, role: 'admin' });
    const before = await signIn(app, u.email, u.password);
    const unknown = await request(app.url).post('/api/v1/auth/password/forgot').send({ email: 'nobody@example.test' }).expect(202);
    const known = await request(app.url).post('/api/v1/auth/password/forgot').send({ email: u.email.toUpperCase() }).expect(202);
    expect(known.body).toEqual(unknown.body);
    const mail = await mailTo(u.email);
    expect(mail.header('X-Comeback-Business')).toBe(businessId);
    expect(mail.text).toMatch(/works once and for 60 minutes/);
    expect(sink.to('nobody@example.test')).toEqual([]);
    const token = tokenIn(mail);
    const [stored] = await app.ds.query(`SELECT kind, round(extract(epoch FROM expires_at - created_at) / 60) AS minutes FROM user_link_token WHERE user_id = $1`, [u.id]);
    expect(stored).toEqual({ kind: 'reset', minutes: '60' });
    // asking for the link changes nothing yet
    await signIn(app, u.email, u.password);

    expect((await link(token).expect(200)).body).toEqual({ kind: 'reset', email: u.email });
    const done = await setPassword(token, 'my brand new password').expect(200);
    expect(done.body.user.id).toBe(u.id);
    await callAs(app.url, 'GET', '/api/v1/auth/session', before).expect(401);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND ended_at IS NULL`, [u.id])).toEqual([{ n: 1 }]);
    await request(app.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).expect(401);
    await signIn(app, u.email, 'my brand new password');
    expect((await setPassword(token, 'yet another password').expect(410)).body.message).toBe('This link has already been used');
  });

  it('should refuse an expired or superseded reset link, and mail nothing for a disabled user', async () => {
    const u = await newUser(app, { businessId, role: 'marketer' });
    await request(app.url).post('/api/v1/auth/password/forgot').send({ email: u.email }).expect(202);
    const first = tokenIn(await mailTo(u.email));
    await app.ds.query(`UPDATE user_link_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.id]);
    expect((await setPassword(first, 'a long enough password').expect(410)).body.message).toBe('This link has expired');
    await request(app.url).post('/api/v1/auth/password/forgot').send({ email: u.email }).expect(202);
    const second = tokenIn(await mailTo(u.email, 2));
    await request(app.url).post('/api/v1/auth/password/forgot').send({ email: u.email }).expect(202);
    const third = tokenIn(await mailTo(u.email, 3));
    await setPassword(second, 'a long enough password').expect(410);
    // the user is disabled while a link is out: the link dies, and no new one is mailed
    await callAs(app.url, 'PATCH', `/api/v1/users/${u.id}`, admin, { disabled: true }).expect(200);
    await setPassword(third, 'a long enough password').expect(410);
    await request(app.url).post('/api/v1/auth/password/forgot').send({ email: u.email }).expect(202);
    const other = await newUser(app, { businessId, role: 'marketer' });
    await request(app.url).post('/api/v1/auth/password/forgot').send({ email: other.email }).expect(202);
    await mailTo(other.email);
    expect(sink.to(u.email)).toHaveLength(3);
  });

  it('should change the password with the current one, ending the other sessions but not this one', async () => {
    const u = await newUser(app, { businessId, role: 'manager' });
    const here = await signIn(app, u.email, u.password);
    const elsewhere = await signIn(app, u.email, u.password);
    const change = (cred: Cred, body: object) => callAs(app.url, 'POST', '/api/v1/auth/password/change', cred, body);
    expect((await change(here, { currentPassword: 'wrong password', newPassword: 'a new long password' }).expect(400)).body.message).toBe('currentPassword: is not right');
    expect((await change(here, { currentPassword: u.password, newPassword: 'short' }).expect(400)).body.message).toMatch(/^newPassword: newPassword must be 10 to 1000 characters/);
    await callAs(app.url, 'GET', '/api/v1/auth/session', elsewhere).expect(200);
    await change(here, { currentPassword: u.password, newPassword: 'a new long password' }).expect(204);
    await callAs(app.url, 'GET', '/api/v1/auth/session', here).expect(200);
    await callAs(app.url, 'GET', '/api/v1/auth/session', elsewhere).expect(401);
    expect(await app.ds.query(`SELECT end_reason FROM user_session WHERE user_id = $1 AND ended_at IS NOT NULL`, [u.id])).toEqual([{ end_reason: 'password_changed' }]);
    await signIn(app, u.email, 'a new long password');
    // an API key has no password to change
    expect((await change(admin, { currentPassword: 'x', newPassword: 'a new long password' }).expect(403)).body.message).toMatch(/signed-in user/);
  });
});
