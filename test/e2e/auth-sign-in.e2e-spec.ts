import Redis from 'ioredis';
import { performance } from 'perf_hooks';
import request from 'supertest';
import { emailLimitKey, ipLimitKey } from '../../src/auth/sign-in.service';
import { hashToken } from '../../src/auth/tokens';
import { UsersService } from '../../src/auth/users.service';
import { callAs, clearAuthLimits, keyCred, newUser, sessionCookieOf, signIn, signInAs, uniqueEmail } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// docs/auth.md: sign-in, the session cookie, sign-out, CSRF, idle and absolute timeouts and the
// sign-in limit, through the real API on PostgreSQL and Redis.
describe('auth: sign-in, sessions and CSRF', () => {
  let app: TestApp;
  let businessId: string;
  let adminKey: string;

  beforeAll(async () => {
    app = await startTestApp();
    ({ businessId, apiKey: adminKey } = await newBusiness(app.ds, { name: 'Sign-in Gym' }));
  });
  afterAll(() => app.close());
  beforeEach(() => clearAuthLimits(app));

  const post = (path: string, body: object) => request(app.url).post(path).send(body);

  it('should sign in with email and password, answer the session and set an httpOnly SameSite=Lax cookie', async () => {
    const u = await newUser(app, { businessId, role: 'marketer', name: 'Mia Marketer', email: `Mia.${Date.now()}@Example.test` });
    // the email is found whatever its case and surrounding spaces
    const res = await post('/api/v1/auth/sign-in', { email: `  ${u.email.toLowerCase()} `, password: u.password }).expect(200);
    expect(res.body).toEqual({
      user: { id: u.id, email: u.email, name: 'Mia Marketer', role: 'marketer', staffId: null, staffName: null, status: 'active', lastSignInAt: expect.any(String), createdAt: expect.any(String) },
      business: { id: businessId, name: 'Sign-in Gym', timezone: 'Europe/Stockholm', currency: 'USD' },
      role: 'marketer',
      staffId: null,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^cb_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    // only the SHA-256 of the cookie's id is stored
    const token = sessionCookieOf(res)!.slice('cb_session='.length);
    const rows = await app.ds.query(`SELECT token_hash, ip, user_agent FROM user_session WHERE user_id = $1`, [u.id]);
    expect(rows).toEqual([{ token_hash: hashToken(token), ip: expect.stringMatching(/127\.0\.0\.1/), user_agent: null }]);
    const again = await request(app.url).get('/api/v1/auth/session').set('Cookie', sessionCookieOf(res)!).expect(200);
    expect(again.body).toEqual({ ...res.body, user: { ...res.body.user } });
    // an API key has a session answer too, without a user or CSRF token
    expect((await callAs(app.url, 'GET', '/api/v1/auth/session', keyCred(adminKey)).expect(200)).body).toMatchObject({ user: null, role: 'admin', csrfToken: null, business: { id: businessId } });
  });

  it('should mark the cookie Secure when PUBLIC_BASE_URL is https', async () => {
    const secure = await startTestApp({ db: app.db, env: { PUBLIC_BASE_URL: 'https://comeback.example' } });
    try {
      const u = await newUser(secure, { businessId, role: 'admin' });
      const res = await request(secure.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await secure.close();
    }
  });

  it('should answer a wrong password and an unknown email alike, in about the same time', async () => {
    const u = await newUser(app, { businessId, role: 'admin' });
    const { user: invited } = await UsersService.using(app.ds, app.config).createInvited({ businessId, email: uniqueEmail('invited'), role: 'manager' });
    const wrong = await post('/api/v1/auth/sign-in', { email: u.email, password: 'not-the-password' });
    const unknown = await post('/api/v1/auth/sign-in', { email: 'nobody-here@example.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'unauthorized', message: 'Email or password is not right' });
    expect(unknown.body).toEqual(wrong.body);
    expect(sessionCookieOf(wrong)).toBeUndefined();
    // an invited user has no password yet: the same answer again
    expect((await post('/api/v1/auth/sign-in', { email: invited.email, password: 'anything-at-all' })).body).toEqual(wrong.body);

    // medians of several tries each, interleaved; a missing dummy hash would make "unknown"
    // ~20x faster than "wrong", so a factor of 2.5 is generous and still catches it
    const time = async (email: string) => {
      await clearAuthLimits(app);
      const t0 = performance.now();
      await post('/api/v1/auth/sign-in', { email, password: 'not-the-password' }).expect(401);
      return performance.now() - t0;
    };
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 9; i++) {
      wrongMs.push(await time(u.email));
      unknownMs.push(await time(`nobody-${i}@example.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknownMs) / median(wrongMs);
    expect({ ratio: ratio > 1 / 2.5 && ratio < 2.5, wrong: median(wrongMs), unknown: median(unknownMs) }).toEqual({ ratio: true, wrong: expect.any(Number), unknown: expect.any(Number) });
  });

  it('should refuse the 11th attempt after 10 failures for an email with 429 and Retry-After, even with the right password', async () => {
    const u = await newUser(app, { businessId, role: 'admin' });
    for (let i = 0; i < 10; i++) await post('/api/v1/auth/sign-in', { email: u.email, password: `wrong-${i}` }).expect(401);
    const res = await post('/api/v1/auth/sign-in', { email: u.email, password: u.password }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'too_many_requests', message: expect.stringMatching(/^Too many failed sign-ins/) });
    expect(sessionCookieOf(res)).toBeUndefined();
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [u.id])).toEqual([{ n: 0 }]);
    // the counters live in Redis: once they are gone (window over), the right password works
    await clearAuthLimits(app);
    await post('/api/v1/auth/sign-in', { email: u.email, password: u.password }).expect(200);
  });

  it('should count failures per IP across emails, and ignore X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const u = await newUser(app, { businessId, role: 'admin' });
    for (let i = 0; i < 10; i++) {
      await post('/api/v1/auth/sign-in', { email: `spray-${i}@example.test`, password: 'Winter2025!' })
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .expect(401);
    }
    // a different email from the same socket address: the IP's count is spent
    const res = await post('/api/v1/auth/sign-in', { email: u.email, password: u.password }).set('X-Forwarded-For', '198.51.100.7').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);

    await clearAuthLimits(app);
    const proxied = await startTestApp({ db: app.db, env: { TRUST_PROXY: 'loopback' } });
    try {
      for (let i = 0; i < 10; i++) {
        await request(proxied.url)
          .post('/api/v1/auth/sign-in')
          .send({ email: `spray-${i}@example.test`, password: 'x' })
          .set('X-Forwarded-For', '203.0.113.9')
          .expect(401);
      }
      // behind a trusted proxy, another client's address has its own count
      await request(proxied.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).set('X-Forwarded-For', '198.51.100.7').expect(200);
      await request(proxied.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).set('X-Forwarded-For', '203.0.113.9').expect(429);
    } finally {
      await proxied.close();
    }
  });

  it("should give a successful sign-in its attempt back and forget the email's failures, but not the IP's", async () => {
    const u = await newUser(app, { businessId, role: 'admin' });
    for (let i = 0; i < 9; i++) await post('/api/v1/auth/sign-in', { email: u.email, password: `wrong-${i}` }).expect(401);
    await post('/api/v1/auth/sign-in', { email: u.email, password: u.password }).expect(200);
    const redis = new Redis(app.config.REDIS_URL);
    try {
      const key = (k: string) => `${app.config.QUEUE_PREFIX}:auth:${k}`;
      expect(await redis.get(key(emailLimitKey(u.email)))).toBeNull();
      expect(await redis.get(key(ipLimitKey('127.0.0.1')))).toBe('9');
    } finally {
      redis.disconnect();
    }
  });

  it('should refuse a write made with the cookie but without the CSRF token, and change nothing', async () => {
    const s = await signInAs(app, businessId, 'marketer');
    const body = { name: 'CSRF victim', conditions: { condition: 'age', operator: '>=', value: 18 } };
    const bare = await callAs(app.url, 'POST', '/api/v1/segments', s, body, { csrf: false }).expect(403);
    expect(bare.body).toMatchObject({ statusCode: 403, error: 'forbidden', message: expect.stringMatching(/X-CSRF-Token.*reload the page/) });
    // another session's token is as wrong as none
    const other = await signInAs(app, businessId, 'marketer');
    await callAs(app.url, 'POST', '/api/v1/segments', { ...s, csrf: other.csrf }, body).expect(403);
    await callAs(app.url, 'POST', '/api/v1/auth/sign-out', s, {}, { csrf: false }).expect(403);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM segment WHERE business_id = $1 AND name = 'CSRF victim'`, [businessId])).toEqual([{ n: 0 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND ended_at IS NULL`, [s.userId])).toEqual([{ n: 1 }]);
    // reads need no token; with it, the write goes through
    await callAs(app.url, 'GET', '/api/v1/segments', s, undefined, { csrf: false }).expect(200);
    await callAs(app.url, 'POST', '/api/v1/segments', s, body).expect(201);
    // an API key needs none, and a bearer key wins over a cookie sent along with it
    await request(app.url)
      .post('/api/v1/segments')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Cookie', s.cookie)
      .send({ ...body, name: 'By key' })
      .expect(201);
  });

  it('should sign out: 204, cookie cleared, the session ended for good', async () => {
    const s = await signInAs(app, businessId, 'admin');
    const res = await callAs(app.url, 'POST', '/api/v1/auth/sign-out', s, {}).expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/^cb_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    const after = await callAs(app.url, 'GET', '/api/v1/auth/session', s).expect(401);
    expect(after.body.message).toMatch(/sign in again/);
    expect(await app.ds.query(`SELECT end_reason FROM user_session WHERE user_id = $1`, [s.userId])).toEqual([{ end_reason: 'sign_out' }]);
    // signing in again on the same browser replaces the cookie's session
    const again = await signIn(app, s.email, s.password);
    const third = await request(app.url).post('/api/v1/auth/sign-in').set('Cookie', again.cookie).send({ email: s.email, password: s.password }).expect(200);
    expect(sessionCookieOf(third)).not.toBe(again.cookie);
    await callAs(app.url, 'GET', '/api/v1/auth/session', again).expect(401);
  });

  it('should end a session idle for 12 hours or signed in 30 days ago, and refresh last_seen at most once a minute', async () => {
    const s = await signInAs(app, businessId, 'manager');
    const seen = async () => (await app.ds.query(`SELECT last_seen_at FROM user_session WHERE user_id = $1`, [s.userId]))[0].last_seen_at as Date;
    // within the minute: no write
    await app.ds.query(`UPDATE user_session SET last_seen_at = now() - interval '30 seconds' WHERE user_id = $1`, [s.userId]);
    const before = await seen();
    await callAs(app.url, 'GET', '/api/v1/auth/session', s).expect(200);
    expect(await seen()).toEqual(before);
    // older than a minute: refreshed
    await app.ds.query(`UPDATE user_session SET last_seen_at = now() - interval '11 hours 59 minutes' WHERE user_id = $1`, [s.userId]);
    await callAs(app.url, 'GET', '/api/v1/auth/session', s).expect(200);
    expect(Date.now() - (await seen()).getTime()).toBeLessThan(60_000);
    // idle past 12 hours
    await app.ds.query(`UPDATE user_session SET last_seen_at = now() - interval '12 hours 1 minute' WHERE user_id = $1`, [s.userId]);
    const idle = await callAs(app.url, 'GET', '/api/v1/clients', s).expect(401);
    expect(String(idle.headers['set-cookie'])).toMatch(/^cb_session=;/);

    // busy, but signed in more than 30 days ago
    const old = await signInAs(app, businessId, 'manager');
    await app.ds.query(`UPDATE user_session SET created_at = now() - interval '30 days 1 minute', last_seen_at = now() WHERE user_id = $1`, [old.userId]);
    await callAs(app.url, 'GET', '/api/v1/clients', old).expect(401);
  });

  it('should answer 400 for a sign-in without email or password, naming the field', async () => {
    expect((await post('/api/v1/auth/sign-in', { email: 'a@example.test' }).expect(400)).body.message).toMatch(/^password/);
    expect((await post('/api/v1/auth/sign-in', { password: 'xxxxxxxxxxxx' }).expect(400)).body.message).toMatch(/^email/);
  });
});
