import request from 'supertest';
import { UsersService } from '../../src/auth/users.service';
import { callAs, clearAuthLimits, Cred, keyCred, newUser, signIn, signInAs, uniqueEmail } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// docs/auth.md "Users", "API keys", "Rate limits": the users and API-keys APIs, the last-admin
// rule, a disabled user's live session, and a staff user's task inbox.
describe('auth: users, API keys and a staff user', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  beforeEach(() => clearAuthLimits(app));

  const as = (cred: Cred, method: string, path: string, body?: object) => callAs(app.url, method, path, cred, body);

  it('should list the users of the business for admins and managers, without any password', async () => {
    const b = await newBusiness(app.ds);
    const [desk] = Object.values(await seedStaff(app.ds, b.businessId, [{ key: 'desk', firstName: 'Dana', lastName: 'Desk' }]));
    const a = await newUser(app, { businessId: b.businessId, role: 'admin', email: uniqueEmail('a'), name: 'Ada' });
    await newUser(app, { businessId: b.businessId, role: 'staff', staffId: desk, email: uniqueEmail('b'), name: 'Bo' });
    const manager = await signInAs(app, b.businessId, 'manager');
    const other = await newBusiness(app.ds);
    await newUser(app, { businessId: other.businessId, role: 'admin' });
    const list = await as(manager, 'GET', '/api/v1/users').expect(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items).toContainEqual({
      id: a.id,
      email: a.email,
      name: 'Ada',
      role: 'admin',
      staffId: null,
      staffName: null,
      status: 'active',
      lastSignInAt: null,
      createdAt: expect.any(String),
    });
    expect(list.body.items).toContainEqual(expect.objectContaining({ role: 'staff', staffId: desk, staffName: 'Dana Desk' }));
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
  });

  it("should end a disabled user's live session at once, and let them back in when enabled", async () => {
    const b = await newBusiness(app.ds);
    const admin = keyCred(b.apiKey);
    const u = await newUser(app, { businessId: b.businessId, role: 'marketer' });
    const live = await signIn(app, u.email, u.password);
    const other = await signIn(app, u.email, u.password);
    await as(live, 'GET', '/api/v1/segments').expect(200);
    const disabled = await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { disabled: true }).expect(200);
    expect(disabled.body.status).toBe('disabled');
    for (const s of [live, other]) {
      const res = await as(s, 'POST', '/api/v1/segments', { name: 'After', conditions: { condition: 'age', operator: '>=', value: 18 } }).expect(401);
      expect(res.body.message).toMatch(/sign in again/);
    }
    expect(await app.ds.query(`SELECT end_reason, count(*)::int AS n FROM user_session WHERE user_id = $1 GROUP BY 1`, [u.id])).toEqual([{ end_reason: 'disabled', n: 2 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM segment WHERE business_id = $1`, [b.businessId])).toEqual([{ n: 0 }]);
    // the right password tells a disabled user why; a wrong one gets the usual answer
    expect((await request(app.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).expect(401)).body.message).toMatch(/disabled/);
    expect((await request(app.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: 'wrong password' }).expect(401)).body.message).toBe('Email or password is not right');
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { disabled: false }).expect(200)).body.status).toBe('active');
    await as(live, 'GET', '/api/v1/segments').expect(401);
    await signIn(app, u.email, u.password);
  });

  it("should apply a role change to the user's live session on its next request", async () => {
    const b = await newBusiness(app.ds);
    const s = await signInAs(app, b.businessId, 'marketer');
    const body = { name: 'Seg', conditions: { condition: 'age', operator: '>=', value: 18 } };
    await as(s, 'POST', '/api/v1/segments', body).expect(201);
    const changed = await as(keyCred(b.apiKey), 'PATCH', `/api/v1/users/${s.userId}`, { role: 'manager', name: 'Now Manager' }).expect(200);
    expect(changed.body).toMatchObject({ role: 'manager', name: 'Now Manager' });
    expect((await as(s, 'POST', '/api/v1/segments', { ...body, name: 'Seg 2' }).expect(403)).body.message).toMatch(/^a manager user cannot POST/);
    expect((await as(s, 'GET', '/api/v1/auth/session').expect(200)).body).toMatchObject({ role: 'manager', user: { role: 'manager' } });
  });

  it('should validate user changes: staff role needs a staff member of the business', async () => {
    const b = await newBusiness(app.ds);
    const admin = keyCred(b.apiKey);
    const [desk] = Object.values(await seedStaff(app.ds, b.businessId, [{ key: 'desk' }]));
    const other = await newBusiness(app.ds);
    const [foreign] = Object.values(await seedStaff(app.ds, other.businessId, [{ key: 'far' }]));
    const u = await newUser(app, { businessId: b.businessId, role: 'marketer' });
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { role: 'staff' }).expect(400)).body.message).toMatch(/^staffId: is required/);
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { role: 'staff', staffId: foreign }).expect(400)).body.message).toMatch(/^staffId: is not an active staff member/);
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { role: 'owner' }).expect(400)).body.message).toMatch(/^role/);
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { role: 'staff', staffId: desk }).expect(200)).body).toMatchObject({ role: 'staff', staffId: desk });
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { staffId: null }).expect(400)).body.message).toMatch(/^staffId: is required/);
    expect((await as(admin, 'PATCH', `/api/v1/users/${u.id}`, { role: 'marketer', staffId: null }).expect(200)).body).toMatchObject({ role: 'marketer', staffId: null });
    await as(admin, 'PATCH', '/api/v1/users/not-a-uuid', { name: 'x' }).expect(404);
  });

  it('should never leave a business without an active admin: demoting or disabling the last one is a 409 with the reason', async () => {
    const b = await newBusiness(app.ds);
    const first = await signInAs(app, b.businessId, 'admin');
    // an invited admin cannot sign in yet, so does not count
    await UsersService.using(app.ds, app.config).createInvited({ businessId: b.businessId, email: uniqueEmail('later'), role: 'admin' });
    for (const patch of [{ role: 'manager' }, { disabled: true }]) {
      const res = await as(first, 'PATCH', `/api/v1/users/${first.userId}`, patch).expect(409);
      expect(res.body.message).toMatch(/is the last active admin of this business; make another user an admin before/);
    }
    expect((await as(first, 'GET', '/api/v1/auth/session').expect(200)).body.role).toBe('admin');

    const second = await newUser(app, { businessId: b.businessId, role: 'marketer' });
    await as(first, 'PATCH', `/api/v1/users/${second.id}`, { role: 'admin' }).expect(200);
    // now either may step down, but not both
    expect((await as(first, 'PATCH', `/api/v1/users/${first.userId}`, { role: 'marketer' }).expect(200)).body.role).toBe('marketer');
    await as(first, 'GET', '/api/v1/users').expect(403);
    await as(keyCred(b.apiKey), 'PATCH', `/api/v1/users/${second.id}`, { disabled: true }).expect(409);
  });

  it('should let only one of two admins demoting each other at the same moment succeed', async () => {
    const b = await newBusiness(app.ds);
    const x = await signInAs(app, b.businessId, 'admin');
    const y = await signInAs(app, b.businessId, 'admin');
    const [rx, ry] = await Promise.all([as(x, 'PATCH', `/api/v1/users/${y.userId}`, { role: 'marketer' }), as(y, 'PATCH', `/api/v1/users/${x.userId}`, { role: 'marketer' })]);
    // the loser either waits on the admins' row locks and finds the last admin (409), or is no
    // longer an admin when its request is checked (403)
    const statuses = [rx.status, ry.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE business_id = $1 AND role = 'admin'`, [b.businessId])).toEqual([{ n: 1 }]);
  });

  it('should create API keys shown once, list them without the key, and revoke them', async () => {
    const b = await newBusiness(app.ds);
    const admin = await signInAs(app, b.businessId, 'admin');
    const [desk] = Object.values(await seedStaff(app.ds, b.businessId, [{ key: 'desk' }]));
    const created = await as(admin, 'POST', '/api/v1/api-keys', { name: 'Zapier', role: 'marketer' }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Zapier',
      prefix: expect.stringMatching(/^[0-9a-f]{8}$/),
      role: 'marketer',
      staffId: null,
      createdAt: expect.any(String),
      apiKey: expect.stringMatching(/^cbk_[0-9a-f]{8}_/),
    });
    expect(created.body.apiKey.startsWith(`cbk_${created.body.prefix}_`)).toBe(true);
    const zapier = keyCred(created.body.apiKey);
    await as(zapier, 'GET', '/api/v1/segments').expect(200);
    expect((await as(zapier, 'GET', '/api/v1/auth/session').expect(200)).body).toMatchObject({ role: 'marketer', user: null });

    const list = await as(admin, 'GET', '/api/v1/api-keys').expect(200);
    expect(list.body.items).toContainEqual({
      id: created.body.id,
      name: 'Zapier',
      prefix: created.body.prefix,
      role: 'marketer',
      staffId: null,
      createdAt: created.body.createdAt,
      lastUsedAt: expect.any(String),
      revokedAt: null,
      rotatedAt: null,
      previousExpiresAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.apiKey);

    expect((await as(admin, 'POST', '/api/v1/api-keys', { name: 'Desk', role: 'staff' }).expect(400)).body.message).toMatch(/^staffId: is required/);
    expect((await as(admin, 'POST', '/api/v1/api-keys', { name: 'Desk', role: 'staff', staffId: '999999999' }).expect(400)).body.message).toMatch(/^staffId: is not an active staff member/);
    const deskKey = await as(admin, 'POST', '/api/v1/api-keys', { name: 'Desk', role: 'staff', staffId: desk }).expect(201);
    await as(keyCred(deskKey.body.apiKey), 'GET', '/api/v1/tasks?assignee=me').expect(200);

    const revoked = await as(admin, 'POST', `/api/v1/api-keys/${created.body.id}/revoke`, {}).expect(200);
    expect(revoked.body).toMatchObject({ id: created.body.id, revokedAt: expect.any(String) });
    expect((await as(zapier, 'GET', '/api/v1/segments').expect(401)).body.message).toBe('API key is not valid');
    expect((await as(admin, 'POST', `/api/v1/api-keys/${created.body.id}/revoke`, {}).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
    await as(admin, 'POST', '/api/v1/api-keys/00000000-0000-0000-0000-000000000000/revoke', {}).expect(404);
  });

  it('should limit each API key to API_KEY_RATE_LIMIT requests a minute with 429 and Retry-After, key by key', async () => {
    const limited = await startTestApp({ db: app.db, env: { API_KEY_RATE_LIMIT: '5' } });
    try {
      const b = await newBusiness(app.ds);
      const other = await as(keyCred(b.apiKey), 'POST', '/api/v1/api-keys', { name: 'Other', role: 'admin' }).expect(201);
      const session = await signInAs(app, b.businessId, 'admin');
      const get = (cred: Cred) => callAs(limited.url, 'GET', '/api/v1/segments', cred);
      for (let i = 0; i < 4; i++) await get(keyCred(b.apiKey)).expect(200); // and one above: 5
      const res = await get(keyCred(b.apiKey)).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'too_many_requests', message: expect.stringMatching(/more than 5 requests in a minute/) });
      await get(keyCred(other.body.apiKey)).expect(200);
      // sessions are not API keys
      for (let i = 0; i < 7; i++) await get(session).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('should give a staff user their own inbox with assignee=me and refuse assignee=any with a reason, like a staff key', async () => {
    const b = await newBusiness(app.ds);
    const admin = keyCred(b.apiKey);
    const staff = await seedStaff(app.ds, b.businessId, [{ key: 'kim' }, { key: 'lee' }]);
    const clients = await seedClients(app.ds, b.businessId, [{ key: 'c1' }, { key: 'c2' }]);
    const kimTask = (await as(admin, 'POST', '/api/v1/tasks', { clientId: clients.c1, reason: 'Call C1', assigneeStaffId: staff.kim }).expect(201)).body;
    const leeTask = (await as(admin, 'POST', '/api/v1/tasks', { clientId: clients.c2, reason: 'Call C2', assigneeStaffId: staff.lee }).expect(201)).body;
    const kim = await signInAs(app, b.businessId, 'staff', staff.kim);
    const kimKey = keyCred((await as(admin, 'POST', '/api/v1/api-keys', { name: 'Kim tablet', role: 'staff', staffId: staff.kim }).expect(201)).body.apiKey);

    for (const cred of [kim, kimKey]) {
      const mine = await as(cred, 'GET', '/api/v1/tasks?assignee=me').expect(200);
      expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([kimTask.id]);
      const any = await as(cred, 'GET', '/api/v1/tasks?assignee=any').expect(403);
      expect(any.body).toMatchObject({ statusCode: 403, error: 'forbidden', message: expect.stringMatching(/^a staff (user|key) sees only its own tasks: assignee=any .* ask for assignee=me$/) });
      expect((await as(cred, 'GET', `/api/v1/tasks/${leeTask.id}`).expect(403)).body.message).toBe('the staff role can only see and act on its own tasks');
    }
    expect((await as(admin, 'GET', '/api/v1/tasks?assignee=any').expect(200)).body.total).toBe(2);
    // what the user does is recorded as theirs
    const done = await as(kim, 'POST', `/api/v1/tasks/${kimTask.id}/complete`, { outcome: 'reached' }).expect(200);
    expect(done.body).toMatchObject({ state: 'done', completedBy: `user:${kim.userId}`, completedByStaffId: staff.kim });
    const made = await as(kim, 'POST', '/api/v1/tasks', { clientId: clients.c2, reason: 'Follow up', assigneeStaffId: staff.kim }).expect(201);
    expect((await app.ds.query(`SELECT origin, created_by_staff_id::text AS s FROM staff_task WHERE id = $1`, [made.body.id]))[0]).toEqual({ origin: `user:${kim.userId}`, s: staff.kim });
    // a manager user without a staff record has no "me"
    const manager = await signInAs(app, b.businessId, 'manager');
    expect((await as(manager, 'GET', '/api/v1/tasks?assignee=me').expect(400)).body.message).toMatch(/^assignee: me needs an API key bound to a staff member .* or a user linked to one/);
  });
});
