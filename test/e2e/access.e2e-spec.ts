import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC } from '../../src/auth/public.decorator';
import { Role } from '../../src/auth/roles.decorator';
import { generateApiKey } from '../../src/business/api-key';
import { RhythmService } from '../../src/rhythm';
import { callAs, Cred, keyCred, newUser, signInAs } from '../support/auth-fixtures';
import { emailStep } from '../support/automations-fixtures';
import { newBusiness } from '../support/factories';
import { attendedDaysAgo, seedAppointments } from '../support/rhythm-fixtures';
import { seedClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// quality.md "Security": every route authenticated, roles limit what a caller may do, and business
// A can neither read nor change business B's data by any route, whether it calls with an API key
// or a user's session (cookie + CSRF token). The route list comes from the running app, so a
// route added later is covered without editing this file.

interface Route {
  method: string;
  path: string;
  isPublic: boolean;
}

function routesOf(app: TestApp): Route[] {
  const modules = (app.http as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: abstract new (...args: never[]) => unknown }> }> } }).container.getModules();
  const out: Route[] = [];
  for (const mod of modules.values()) {
    for (const { metatype } of mod.controllers.values()) {
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      const classPublic = Reflect.getMetadata(IS_PUBLIC, metatype) === true;
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path =
          '/' +
          [base, sub]
            .filter((s) => s && s !== '/')
            .join('/')
            .replace(/\/+/g, '/')
            .replace(/^\//, '');
        out.push({ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number], path, isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true });
      }
    }
  }
  return out;
}

const call = (url: string, method: string, path: string, key?: string, body?: object) => callAs(url, method, path, key ? keyCred(key) : undefined, body);

async function keyFor(app: TestApp, businessId: string, role: Role, staffId: string | null = null): Promise<string> {
  const k = generateApiKey();
  await app.ds.query(`INSERT INTO api_key (business_id, name, role, prefix, key_hash, staff_id) VALUES ($1, $2, $3, $4, $5, $6)`, [businessId, `${role} key`, role, k.prefix, k.hash, staffId]);
  return k.key;
}

/** Everything a business owns, as one digest per table: equal digests mean nothing changed. */
async function fingerprint(app: TestApp, businessId: string): Promise<Record<string, string>> {
  const tables: Array<{ table_name: string }> = await app.ds.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'business_id' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: t } of tables) {
    // api_key.last_used_at and user_session.last_seen_at are refreshed by authentication itself,
    // not by the request
    const cols = t === 'api_key' ? `t.id, t.role, t.revoked_at` : t === 'user_session' ? `t.id, t.ended_at` : `t.*`;
    const [row] = await app.ds.query(`SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS d FROM (SELECT ${cols} FROM "${t}" t WHERE business_id = $1) r`, [businessId]);
    out[t] = row.d;
  }
  return out;
}

describe('access: authentication, roles and tenant walls on every route', () => {
  let app: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    // the 401 walk tries a revoked key on every route from one address, far past the failed
    // key-check limit (test/fault-injection/api-key-guessing.e2e-spec.ts covers that limit)
    app = await startTestApp({ env: { API_KEY_FAILURE_LIMIT: '1000000' } });
    routes = routesOf(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('should list only sign-in, password links, the signed webhooks, the unsubscribe and tracked links, health and metrics as public', () => {
    expect(routes.length).toBeGreaterThan(60);
    // /health/* says nothing about a business; /metrics checks its caller itself (loopback or
    // METRICS_TOKEN; test/e2e/observability-http.e2e-spec.ts)
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'GET /api/v1/auth/links/:token',
      'GET /c/:token',
      'GET /health/live',
      'GET /health/ready',
      'GET /metrics',
      'GET /o/:file',
      'GET /u/:token',
      'GET /webhooks/mailchimp/:businessId/:secret',
      'HEAD /webhooks/:source/:businessId',
      'POST /api/v1/auth/password/forgot',
      'POST /api/v1/auth/password/set',
      'POST /api/v1/auth/sign-in',
      'POST /u/:token',
      'POST /webhooks/:source/:businessId',
      'POST /webhooks/mailchimp/:businessId/:secret',
      'POST /webhooks/twilio/inbound',
      'POST /webhooks/twilio/status',
    ]);
  });

  it('should answer 401 on every other route without a credential, with a revoked key, and with a signed-out, expired or disabled session', async () => {
    const { businessId, apiKey: adminKey } = await newBusiness(app.ds);
    const revoked = await keyFor(app, businessId, 'admin');
    await app.ds.query(`UPDATE api_key SET revoked_at = now() WHERE business_id = $1 AND name = 'admin key'`, [businessId]);
    const signedOut = await signInAs(app, businessId, 'marketer');
    expect((await callAs(app.url, 'POST', '/api/v1/auth/sign-out', signedOut)).status).toBe(204);
    const idle = await signInAs(app, businessId, 'admin');
    await app.ds.query(`UPDATE user_session SET last_seen_at = now() - interval '13 hours' WHERE user_id = $1`, [idle.userId]);
    const tooOld = await signInAs(app, businessId, 'manager');
    await app.ds.query(`UPDATE user_session SET created_at = now() - interval '31 days' WHERE user_id = $1`, [tooOld.userId]);
    const disabled = await signInAs(app, businessId, 'admin');
    expect((await callAs(app.url, 'PATCH', `/api/v1/users/${disabled.userId}`, keyCred(adminKey), { disabled: true })).status).toBe(200);
    const creds: Record<string, Cred | undefined> = { none: undefined, revokedKey: keyCred(revoked), signedOut, idle, tooOld, disabled };

    const id = '00000000-0000-0000-0000-000000000001';
    const privateRoutes = routes.filter((x) => !x.isPublic);
    for (const r of privateRoutes) {
      const path = r.path.replace(/:[A-Za-z]+/g, id);
      for (const [what, cred] of Object.entries(creds)) {
        const res = await callAs(app.url, r.method, path, cred, {});
        expect({ route: `${r.method} ${r.path}`, what, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, what, status: 401 });
      }
    }
    // nothing of it revived a session
    const live = await app.ds.query(
      `SELECT count(*)::int AS n FROM user_session WHERE business_id = $1 AND ended_at IS NULL AND last_seen_at > now() - interval '1 hour' AND created_at > now() - interval '1 day'`,
      [businessId],
    );
    expect(live).toEqual([{ n: 0 }]);
    // six credentials on every route, one request at a time: about 11 s alone, past 30 s on a busy machine
  }, 120_000);

  describe.each(['key', 'session'] as const)('roles, with a %s of each role', (kind) => {
    let creds: Record<Role, Cred>;
    let clientId: string;
    let staffId: string;
    let businessId: string;
    const noun = kind === 'key' ? 'key' : 'user';

    beforeAll(async () => {
      const b = await newBusiness(app.ds);
      businessId = b.businessId;
      const staff = await seedStaff(app.ds, businessId, [{ key: 'desk' }]);
      staffId = staff.desk;
      ({ c: clientId } = await seedClients(app.ds, businessId, [{ key: 'c', email: 'c@example.test', ownerStaffId: staff.desk }]));
      creds =
        kind === 'key'
          ? {
              admin: keyCred(b.apiKey),
              marketer: keyCred(await keyFor(app, businessId, 'marketer')),
              manager: keyCred(await keyFor(app, businessId, 'manager')),
              staff: keyCred(await keyFor(app, businessId, 'staff', staff.desk)),
            }
          : {
              admin: await signInAs(app, businessId, 'admin'),
              marketer: await signInAs(app, businessId, 'marketer'),
              manager: await signInAs(app, businessId, 'manager'),
              staff: await signInAs(app, businessId, 'staff', staff.desk),
            };
    });

    const adults = { condition: 'age', operator: '>=', value: 18 };
    const as = (role: Role, method: string, path: string, body?: object) => callAs(app.url, method, path, creds[role], body);

    it(`should let a staff ${noun} see clients and its own inbox, and nothing of marketing, reports, users or settings`, async () => {
      expect((await as('staff', 'GET', '/api/v1/clients')).status).toBe(200);
      expect((await as('staff', 'GET', `/api/v1/clients/${clientId}`)).status).toBe(200);
      expect((await as('staff', 'GET', `/api/v1/clients/${clientId}/status-history`)).status).toBe(200);
      expect((await as('staff', 'GET', '/api/v1/tasks?assignee=me')).status).toBe(200);
      expect((await as('staff', 'GET', '/api/v1/auth/session')).body).toMatchObject({ role: 'staff', user: kind === 'key' ? null : { role: 'staff' } });
      for (const [method, path] of [
        ['GET', '/api/v1/segments'],
        ['POST', '/api/v1/segments/preview'],
        ['GET', '/api/v1/campaigns'],
        ['GET', '/api/v1/automations'],
        ['POST', '/api/v1/automations/playbook'],
        ['GET', '/api/v1/reports/retention'],
        ['GET', '/api/v1/reports/actions'],
        ['GET', '/api/v1/settings/risk'],
        ['PUT', '/api/v1/settings/messaging'],
        ['POST', '/api/v1/actions/send'],
        ['POST', '/api/v1/import/clients'],
        ['GET', '/api/v1/users'],
        ['POST', '/api/v1/users/invitations'],
        ['GET', '/api/v1/api-keys'],
        ['POST', '/api/v1/api-keys'],
        ['GET', '/api/v1/audit-events'],
        ['GET', `/api/v1/clients/${clientId}/export`],
        ['POST', `/api/v1/clients/${clientId}/erase`],
      ]) {
        const res = await as('staff', method, path, method === 'GET' ? undefined : {});
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 403 });
        expect(res.body.message).toMatch(new RegExp(`^a staff ${noun} cannot `));
      }
    });

    it(`should let a manager ${noun} read everything, preview segments, recompute reports and manage staff tasks and teams, and change nothing else`, async () => {
      for (const path of [
        '/api/v1/clients',
        '/api/v1/segments',
        '/api/v1/campaigns',
        '/api/v1/automations',
        '/api/v1/reports/retention',
        '/api/v1/reports/actions',
        '/api/v1/settings/risk',
        '/api/v1/deliveries/failed',
        '/api/v1/users',
      ]) {
        const res = await as('manager', 'GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      expect((await as('manager', 'POST', '/api/v1/segments/preview', { conditions: adults })).status).toBe(200);
      for (const [method, path, body] of [
        ['POST', '/api/v1/segments', { name: 'M', conditions: adults }],
        ['POST', '/api/v1/automations', { name: 'M', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('a')] }],
        ['POST', '/api/v1/automations/playbook', {}],
        ['PUT', '/api/v1/settings/risk', {}],
        ['PUT', `/api/v1/clients/${clientId}/status`, { status: 'raving_fan' }],
        ['POST', '/api/v1/risk/assess', {}],
        ['POST', '/api/v1/users/invitations', { email: 'm@example.test', role: 'admin' }],
        ['GET', '/api/v1/api-keys', undefined],
        ['POST', '/api/v1/api-keys', { name: 'M', role: 'admin' }],
        ['POST', `/api/v1/staff/${staffId}/api-keys`, { name: 'M', role: 'admin' }],
        ['POST', '/api/v1/campaigns', { name: 'M' }],
        ['POST', '/api/v1/actions/send', { origin: 'manual:m', channel: 'email', clientIds: [clientId], template: { subject: 'Hi', text: 'x' } }],
        ['POST', `/api/v1/clients/${clientId}/consent`, { channel: 'email', granted: false }],
        ['PUT', '/api/v1/settings/messaging', {}],
        ['GET', '/api/v1/audit-events', undefined],
        ['GET', `/api/v1/clients/${clientId}/export`, undefined],
        ['POST', `/api/v1/clients/${clientId}/erase`, { reason: 'Member request' }],
        ['POST', '/api/v1/api-keys/00000000-0000-0000-0000-000000000001/rotate', {}],
      ] as Array<[string, string, object | undefined]>) {
        const res = await as('manager', method, path, body);
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 403 });
      }
      // quality.md "Roles": managers manage staff tasks and teams
      const team = await as('manager', 'POST', '/api/v1/staff-teams', { name: `Desk ${kind}`, staffIds: [staffId] });
      expect(team.status).toBe(201);
      expect((await as('manager', 'PUT', `/api/v1/staff-teams/${team.body.id}/members`, { staffIds: [staffId] })).status).toBe(200);
      const task = await as('manager', 'POST', '/api/v1/tasks', { clientId, reason: `Call ${kind}` });
      expect(task.status).toBe(201);
      const soon = new Date(Date.now() + 86_400_000).toISOString();
      expect((await as('manager', 'POST', `/api/v1/tasks/${task.body.id}/snooze`, { until: soon, reason: 'away' })).status).toBe(200);
      expect((await as('manager', 'POST', `/api/v1/tasks/${task.body.id}/reassign`, { teamId: team.body.id })).status).toBe(200);
      expect((await as('manager', 'POST', `/api/v1/tasks/${task.body.id}/dismiss`, {})).status).toBe(200);
      expect((await as('manager', 'POST', '/api/v1/tasks/bulk', { clientIds: [clientId], reason: `Bulk ${kind}` })).status).toBe(201);
      expect((await as('manager', 'DELETE', `/api/v1/staff-teams/${team.body.id}`)).status).toBe(204);
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM segment WHERE business_id = $1 AND name = 'M'`, [businessId])).toEqual([{ n: 0 }]);
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM automation WHERE business_id = $1 AND name = 'M'`, [businessId])).toEqual([{ n: 0 }]);
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM api_key WHERE business_id = $1 AND name = 'M'`, [businessId])).toEqual([{ n: 0 }]);
    });

    it(`should let a marketer ${noun} build segments and automations but not change settings, integrations, users or keys`, async () => {
      expect((await as('marketer', 'POST', '/api/v1/segments', { name: 'Adults', conditions: adults })).status).toBe(201);
      const auto = await as('marketer', 'POST', '/api/v1/automations', { name: 'At Risk', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('a')] });
      expect(auto.status).toBe(201);
      expect((await as('marketer', 'POST', `/api/v1/automations/${auto.body.id}/pause`, {})).status).toBeLessThan(300);
      for (const [method, path] of [
        ['PUT', '/api/v1/settings/risk'],
        ['PUT', '/api/v1/settings/messaging'],
        ['PUT', '/api/v1/channels/email'],
        ['PUT', '/api/v1/integrations/generic'],
        ['POST', '/api/v1/import/clients'],
        ['POST', '/api/v1/risk/assess'],
        ['GET', '/api/v1/users'],
        ['POST', '/api/v1/users/invitations'],
        ['GET', '/api/v1/api-keys'],
        ['POST', '/api/v1/api-keys'],
        ['POST', '/api/v1/staff-teams'],
        ['POST', `/api/v1/staff/${staffId}/api-keys`],
        ['GET', '/api/v1/audit-events'],
        ['GET', `/api/v1/clients/${clientId}/export`],
        ['POST', `/api/v1/clients/${clientId}/erase`],
        ['POST', '/api/v1/api-keys/00000000-0000-0000-0000-000000000001/rotate'],
      ]) {
        const res = await as('marketer', method, path, method === 'GET' ? undefined : {});
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 403 });
      }
    });

    it(`should let an admin ${noun} do all of it`, async () => {
      expect((await as('admin', 'PUT', '/api/v1/settings/risk', {})).status).toBe(200);
      expect((await as('admin', 'POST', '/api/v1/segments', { name: 'Admins', conditions: adults })).status).toBe(201);
      expect((await as('admin', 'POST', '/api/v1/risk/assess', {})).status).toBe(200);
      expect((await as('admin', 'PUT', '/api/v1/integrations/generic', {})).status).toBeLessThan(300);
      expect((await as('admin', 'GET', '/api/v1/users')).status).toBe(200);
      expect((await as('admin', 'GET', '/api/v1/api-keys')).status).toBe(200);
      expect((await as('admin', 'GET', '/api/v1/audit-events')).status).toBe(200);
      expect((await as('admin', 'GET', `/api/v1/clients/${clientId}/export`)).status).toBe(200);
    });
  });

  it.each(['key', 'session'] as const)("should never let business A's admin %s read or change business B's data, by any route with an id", async (kind) => {
    const a = await newBusiness(app.ds, { name: 'A' });
    const b = await newBusiness(app.ds, { name: 'B' });
    const aStaff = await seedStaff(app.ds, a.businessId, [{ key: 'a-desk' }]);
    const bStaff = await seedStaff(app.ds, b.businessId, [{ key: 'b-desk' }]);
    const bClients = await seedClients(app.ds, b.businessId, [{ key: 'b1', email: 'b1@example.test', ownerStaffId: bStaff['b-desk'] }]);
    const asB = (method: string, path: string, body?: object) => call(app.url, method, path, b.apiKey, body);
    const segment = (await asB('POST', '/api/v1/segments', { name: 'B adults', conditions: { condition: 'age', operator: '>=', value: 18 } })).body;
    const campaign = (
      await asB('POST', '/api/v1/campaigns', { name: 'B campaign', segmentId: segment.id, steps: [{ key: 'hello', channel: 'email', template: { subject: 'Hi', text: 'x {{unsubscribe_url}}' } }] })
    ).body;
    const automation = (await asB('POST', '/api/v1/automations', { name: 'B auto', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('a')] })).body;
    const task = (await asB('POST', '/api/v1/tasks', { clientId: bClients.b1, reason: 'Call B1' })).body;
    const team = (await asB('POST', '/api/v1/staff-teams', { name: 'B desk', staffIds: [bStaff['b-desk']] })).body;
    const sent = (await asB('POST', '/api/v1/actions/send', { origin: 'manual:1', channel: 'email', clientIds: [bClients.b1], template: { subject: 'Hi', text: 'x' } })).body;
    const [touch] = await app.ds.query(`SELECT id::text FROM touch WHERE business_id = $1`, [b.businessId]);
    const bUser = await newUser(app, { businessId: b.businessId, role: 'marketer' });
    const bKey = (await asB('POST', '/api/v1/api-keys', { name: 'B script', role: 'marketer' })).body;
    const [bMail] = await app.ds.query(
      `INSERT INTO mailbox_message (business_id, from_address, to_address, recipients, subject, text) VALUES ($1, 'a@b.test', 'c@d.test', ARRAY['c@d.test'], 'B mail', 'x') RETURNING id::text`,
      [b.businessId],
    );
    const [bRecovery] = await app.ds.query(
      `INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id) SELECT $1, $2, 'cancellation', 'subscription:b1', p.id FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id WHERE g.business_id = $1 AND g.active ORDER BY p.position LIMIT 1 RETURNING id::text, (SELECT group_id::text FROM recovery_phase WHERE id = phase_id) AS "groupId"`,
      [b.businessId, bClients.b1],
    );
    // a service category is a name, not a row: B's is one its clients have rhythms and appointments
    // in; A has none of that name, so every category route must answer as for another business's row
    const bCategory = `B only ${kind}`;
    await seedAppointments(app.ds, b.businessId, attendedDaysAgo(bClients.b1, bCategory, '2026-06-01', [80, 60, 40]));
    await (app.http as INestApplication).get(RhythmService, { strict: false }).recompute(b.businessId);
    const [bReconnect] = await app.ds.query(`INSERT INTO reconnect_batch (business_id, service_category, channel) VALUES ($1, $2, 'email') RETURNING id::text`, [b.businessId, bCategory]);
    const bRecordExisting = (await asB('POST', '/api/v1/recovery/record-existing')).body;
    const aAdmin: Cred = kind === 'key' ? keyCred(a.apiKey) : await signInAs(app, a.businessId, 'admin');
    for (const [what, v] of Object.entries({ segment, campaign, automation, task, team, sent, bKey })) expect({ what, id: v.id ?? v.runId }).toEqual({ what, id: expect.anything() });

    const idFor = (path: string): string => {
      if (path.startsWith('/api/v1/clients/')) return bClients.b1;
      if (path.startsWith('/api/v1/segments/')) return segment.id;
      if (path.startsWith('/api/v1/campaigns/') || path.startsWith('/api/v1/reports/campaigns/')) return campaign.id;
      if (path.startsWith('/api/v1/automations/') || path.startsWith('/api/v1/reports/automations/')) return automation.id;
      if (path.startsWith('/api/v1/tasks/')) return task.id;
      if (path.startsWith('/api/v1/staff-teams/')) return team.id;
      if (path.startsWith('/api/v1/staff/')) return bStaff['b-desk'];
      if (path.startsWith('/api/v1/actions/runs/')) return sent.runId;
      if (path.startsWith('/api/v1/touches/')) return touch.id;
      if (path.startsWith('/api/v1/users/')) return bUser.id;
      if (path.startsWith('/api/v1/api-keys/')) return bKey.id;
      if (path.startsWith('/api/v1/mailbox/')) return bMail.id;
      if (path.startsWith('/api/v1/recovery/phase-groups/')) return bRecovery.groupId;
      if (path.startsWith('/api/v1/recovery/entries/')) return bRecovery.id;
      if (path.startsWith('/api/v1/recovery/record-existing/')) return bRecordExisting.jobId;
      if (path.startsWith('/api/v1/reconnect/categories/') || path.startsWith('/api/v1/reconnect/templates/')) return encodeURIComponent(bCategory);
      if (path.startsWith('/api/v1/reconnect/contacts/')) return bReconnect.id;
      throw new Error(`no id of business B for ${path}: add one to this test`);
    };
    // bodies that would be accepted for the caller's own objects, so a 404 means "not yours"
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    const bodies: Record<string, object> = {
      'PATCH /api/v1/segments/:id': { name: 'Taken over' },
      'PATCH /api/v1/automations/:id': { name: 'Taken over' },
      'POST /api/v1/tasks/:id/complete': { outcome: 'reached', notes: 'x' },
      'POST /api/v1/tasks/:id/snooze': { until: soon, reason: 'x' },
      'POST /api/v1/tasks/:id/reassign': { assigneeStaffId: aStaff['a-desk'] },
      'PUT /api/v1/staff-teams/:id/members': { staffIds: [aStaff['a-desk']] },
      'POST /api/v1/staff/:staffId/api-keys': { role: 'admin' },
      'POST /api/v1/clients/:id/consent': { channel: 'email', granted: false, source: 'staff' },
      'PUT /api/v1/clients/:id/contact-preferences': { sleeping: true },
      'PUT /api/v1/clients/:id/status': { status: 'raving_fan', note: 'x' },
      'PATCH /api/v1/users/:id': { name: 'Taken over', disabled: true },
      'POST /api/v1/clients/:id/erase': { reason: 'Taken over' },
      'PATCH /api/v1/recovery/phase-groups/:id': { name: 'Taken over' },
      'POST /api/v1/recovery/phase-groups/:id/phases': { name: 'Taken over' },
      'PUT /api/v1/recovery/phase-groups/:id/order': { phaseIds: ['1'] },
      'PATCH /api/v1/recovery/entries/:id': { version: 1, assigneeStaffId: null },
      'POST /api/v1/recovery/entries/:id/notes': { text: 'Taken over' },
      'POST /api/v1/recovery/entries/:id/outcome': { version: 1, outcome: 'lost' },
      'POST /api/v1/recovery/entries/:id/reopen': { version: 1 },
      'PUT /api/v1/reconnect/templates/:category': { channel: 'email', email: { subject: 'Taken over', body: 'Come back' } },
      'POST /api/v1/reconnect/templates/:category/preview': { clientId: bClients.b1 },
    };

    const before = await fingerprint(app, b.businessId);
    // :entity (import) and :channel (channel tests) name a kind of thing, not a record of a business
    const withIds = routes.filter((r) => !r.isPublic && r.path.includes('/:') && !/\/:(entity|channel)(\/|$)/.test(r.path));
    expect(withIds.length).toBeGreaterThan(30);
    for (const r of withIds) {
      const path = r.path.replace(/:[A-Za-z]+/, idFor(r.path));
      const res = await callAs(app.url, r.method, path, aAdmin, bodies[`${r.method} ${r.path}`] ?? (r.method === 'GET' ? undefined : {}));
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 404 });
    }
    expect(await fingerprint(app, b.businessId)).toEqual(before);
    // and B's own key still reaches all of it
    expect((await asB('GET', `/api/v1/segments/${segment.id}`)).status).toBe(200);
    expect((await asB('GET', `/api/v1/tasks/${task.id}`)).status).toBe(200);
    expect((await asB('GET', '/api/v1/users')).body.items).toEqual([expect.objectContaining({ id: bUser.id, status: 'active' })]);
  });
});
