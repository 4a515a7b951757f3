import { callAs, Cred, keyCred, signInAs } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The audit log of admin actions (docs/auth.md "Audit log"): who changed settings, integrations,
// keys, users and members' data, and when; admins read it, nobody else, and only their own business's.
describe('audit log of admin actions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const events = async (cred: Cred, query = '') => {
    const res = await callAs(app.url, 'GET', `/api/v1/audit-events${query}`, cred).expect(200);
    return res.body as {
      items: Array<{ id: string; at: string; actor: string; actorLabel: string | null; role: string; action: string; reason: string | null; details: Record<string, any> }>;
      nextCursor: string | null;
    };
  };

  it('should record each kind of admin action with who did it, and never a secret', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    const admin = await signInAs(app, businessId, 'admin');
    const key = keyCred(apiKey);
    const staff = await seedStaff(app.ds, businessId, [{ key: 'desk' }]);
    const { c } = await seedClients(app.ds, businessId, [{ key: 'c', email: 'carla.member@clients.test' }]);
    const call = (cred: Cred, method: string, path: string, body?: object) => callAs(app.url, method, path, cred, body);

    // settings
    await call(admin, 'PUT', '/api/v1/settings/risk', { newMember: { score: 80 } }).expect(200);
    await call(admin, 'PUT', '/api/v1/settings/messaging', { quietHours: { start: '22:00', end: '07:00' } }).expect(200);
    await call(admin, 'PUT', '/api/v1/settings/billing', { directDebitBlockAfterDays: 12 }).expect(200);
    await call(admin, 'PUT', '/api/v1/channels/sms', { accountSid: 'AC0123456789abcdef0123456789abcdef', from: '+46700000000', authToken: 'tok-very-secret-0123456789' }).expect(200);
    // integrations
    const generic = await call(key, 'PUT', '/api/v1/integrations/generic', {}).expect(200);
    await call(key, 'POST', '/api/v1/integrations/generic/signing-secret', {}).expect(201);
    // keys
    const made = await call(admin, 'POST', '/api/v1/api-keys', { name: 'Zap', role: 'marketer' }).expect(201);
    await call(admin, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, { graceMinutes: 10 }).expect(200);
    await call(admin, 'POST', `/api/v1/api-keys/${made.body.id}/revoke`, {}).expect(200);
    await call(admin, 'POST', `/api/v1/staff/${staff.desk}/api-keys`, { role: 'staff' }).expect(201);
    // users
    const invited = await call(admin, 'POST', '/api/v1/users/invitations', { email: 'new.marketer@example.test', role: 'marketer' });
    expect([201, 503]).toContain(invited.status); // 503: no mail server here; the user exists either way
    const [user] = await app.ds.query(`SELECT id FROM app_user WHERE email = 'new.marketer@example.test'`);
    const other = await signInAs(app, businessId, 'marketer');
    await call(admin, 'PATCH', `/api/v1/users/${other.userId}`, { role: 'manager' }).expect(200);
    // a member's data
    await call(admin, 'GET', `/api/v1/clients/${c}/export`).expect(200);
    await call(admin, 'POST', `/api/v1/clients/${c}/erase`, { reason: 'Asked at the desk' }).expect(200);

    const { items } = await events(admin, '?limit=200');
    const actions = items.map((e) => e.action).reverse();
    const expected = [
      'settings.risk.updated',
      'settings.messaging.updated',
      'settings.billing.updated',
      'channel.updated',
      'integration.saved',
      'integration.secret_rotated',
      'api_key.created',
      'api_key.rotated',
      'api_key.revoked',
      'api_key.created',
      ...(invited.status === 201 ? ['user.invited'] : []),
      'user.updated',
      'client.exported',
      'client.erased',
    ];
    expect(actions).toEqual(expected);
    const by = (action: string) => items.find((e) => e.action === action)!;
    // who: a user by id and email, a key by id and name
    expect(by('settings.risk.updated')).toMatchObject({ actor: `user:${admin.userId}`, actorLabel: admin.email, role: 'admin' });
    expect(by('integration.saved')).toMatchObject({ actor: expect.stringMatching(/^api_key:/), actorLabel: 'default', role: 'admin', details: { provider: 'generic', created: true } });
    // what changed, before and after
    expect(by('settings.risk.updated').details.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'newMember.score', after: 80 })]));
    expect(by('settings.messaging.updated').details.changes).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'quietHours.start', after: '22:00' })]));
    expect(by('user.updated').details).toMatchObject({ userId: other.userId, changes: [{ path: 'role', before: 'marketer', after: 'manager' }] });
    expect(by('channel.updated').details).toMatchObject({ channel: 'sms', secretsChanged: ['authToken'] });
    expect(by('client.erased')).toMatchObject({ reason: 'Asked at the desk', details: { clientId: c } });
    expect(by('api_key.rotated').details).toMatchObject({ keyId: made.body.id, name: 'Zap', graceMinutes: 10 });
    if (invited.status === 201) expect(by('user.invited').details).toMatchObject({ userId: user.id, role: 'marketer' });
    // never a secret: not the channel token, not the generated signing secret, not an API key
    const all = JSON.stringify(items);
    expect(all).not.toContain('tok-very-secret-0123456789');
    expect(all).not.toContain(generic.body.signingSecret);
    expect(all).not.toContain(made.body.apiKey);
    expect(all).not.toContain('carla.member@clients.test');
  });

  it('should filter by action, actor and time, and page newest first without gaps or repeats', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    const admin = await signInAs(app, businessId, 'admin');
    for (let i = 0; i < 7; i++) await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(apiKey), { name: `k${i}`, role: 'admin' }).expect(201);
    await callAs(app.url, 'PUT', '/api/v1/settings/risk', admin, {}).expect(200);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await events(admin, `?limit=3${cursor ? `&before=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      pages.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toHaveLength(8);
    expect(new Set(pages).size).toBe(8);
    expect(pages).toEqual([...pages].sort((a, b) => Number(b) - Number(a)));

    expect((await events(admin, '?action=settings')).items.map((e) => e.action)).toEqual(['settings.risk.updated']);
    expect((await events(admin, '?action=api_key.created')).items).toHaveLength(7);
    expect((await events(admin, `?actor=${encodeURIComponent(admin.email.toUpperCase())}`)).items.map((e) => e.action)).toEqual(['settings.risk.updated']);
    expect((await events(admin, `?actor=user:${admin.userId}`)).items).toHaveLength(1);
    expect((await events(admin, '?actor=default')).items).toHaveLength(7);
    expect((await events(admin, `?from=${new Date(Date.now() + 60_000).toISOString()}`)).items).toEqual([]);
    expect((await events(admin, `?to=${new Date(Date.now() - 3_600_000).toISOString()}`)).items).toEqual([]);
    for (const bad of ['?from=yesterday', '?limit=0', '?before=abc', '?action=DROP%20TABLE']) {
      const res = await callAs(app.url, 'GET', `/api/v1/audit-events${bad}`, admin);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it("should let only admins read it, and show business A none of business B's events", async () => {
    const a = await newBusiness(app.ds);
    const b = await newBusiness(app.ds);
    await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(b.apiKey), { name: 'B secret plan', role: 'admin' }).expect(201);
    await callAs(app.url, 'PUT', '/api/v1/settings/risk', keyCred(a.apiKey), {}).expect(200);
    const seen = await events(keyCred(a.apiKey));
    expect(seen.items.map((e) => e.action)).toEqual(['settings.risk.updated']);
    expect(JSON.stringify(seen)).not.toContain('B secret plan');
    for (const role of ['manager', 'marketer'] as const) {
      const res = await callAs(app.url, 'GET', '/api/v1/audit-events', await signInAs(app, a.businessId, role));
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
  });
});
