import request from 'supertest';
import { computePushPressSignature } from '../../src/integrations/pushpress/pushpress-signature';
import { callAs, keyCred, signInAs } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { pushpressCheckin } from '../fixtures/pushpress/payloads';

// The PushPress connection as the settings page uses it: its status (secret set or not, the
// deliveries accepted and refused lately, whether the latest was refused), disconnecting, the
// audit log, roles and tenancy. Deliveries are shaped like the SDK's checkin.created example.

const SECRET = 'pp-whsec-status-7a1b2c3d';

describe('PushPress connection status and disconnect (API, real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let created = 1_767_100_000;

  const admin = (method: string, key = biz.apiKey, body?: object) => callAs(app.url, method, '/api/v1/integrations/pushpress', keyCred(key), body);
  const status = async (key = biz.apiKey) => (await admin('GET', key).expect(200)).body;
  const checkin = (id: string) => pushpressCheckin(id, 'usr_status_1');
  const deliver = (businessId: string, data: Record<string, unknown>, secret = SECRET) =>
    request(app.url)
      .post(`/webhooks/pushpress/${businessId}`)
      .set('Content-Type', 'application/json')
      .set('webhook-signature', computePushPressSignature(data, secret))
      .send(JSON.stringify({ data, created: ++created, event: 'checkin.created' }));
  const audit = async (businessId: string) =>
    (await app.ds.query(`SELECT action, details FROM audit_event WHERE business_id = $1 AND action LIKE 'integration.%' ORDER BY at, id`, [businessId])) as Array<{
      action: string;
      details: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
  });
  afterAll(() => app.close());

  it('should say not connected before a secret is saved, with the URL to give PushPress', async () => {
    expect(await status()).toEqual({
      connected: false,
      secretSet: false,
      companyId: null,
      webhookUrl: `/webhooks/pushpress/${biz.businessId}`,
      windowHours: 24,
      accepted: 0,
      rejected: 0,
      lastDeliveryAt: null,
      lastRejectedAt: null,
      lastRejectionReason: null,
      rejecting: false,
    });
    // disconnecting what was never connected
    expect((await admin('DELETE').expect(404)).body.message).toMatch(/PushPress connection not found/);
  });

  it('should count accepted deliveries (not duplicates) and then refusals after a wrong secret is saved', async () => {
    await admin('PUT', biz.apiKey, { signingSecret: SECRET }).expect(200);
    const first = checkin('chk_status_1');
    await deliver(biz.businessId, first).expect(202);
    const dup = JSON.stringify({ data: first, created, event: 'checkin.created' });
    await request(app.url)
      .post(`/webhooks/pushpress/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('webhook-signature', computePushPressSignature(first, SECRET))
      .send(dup)
      .expect(202);
    await deliver(biz.businessId, checkin('chk_status_2')).expect(202);
    const ok = await status();
    expect(ok).toMatchObject({ connected: true, secretSet: true, accepted: 2, rejected: 0, rejecting: false, lastRejectedAt: null });
    expect(new Date(ok.lastDeliveryAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(ok)).not.toContain(SECRET);

    // the admin pastes a wrong secret: PushPress's deliveries (signed with the real one) are refused
    await admin('PUT', biz.apiKey, { signingSecret: 'not-the-pushpress-secret' }).expect(200);
    await deliver(biz.businessId, checkin('chk_status_3')).expect(401);
    await deliver(biz.businessId, checkin('chk_status_4')).expect(401);
    const bad = await status();
    expect(bad).toMatchObject({ connected: true, accepted: 2, rejected: 2, rejecting: true, lastRejectionReason: expect.stringMatching(/^signature: /) });
    expect(new Date(bad.lastRejectedAt).getTime()).toBeGreaterThanOrEqual(new Date(bad.lastDeliveryAt).getTime());

    // the right secret again: the next delivery is accepted and the page stops warning
    await admin('PUT', biz.apiKey, { signingSecret: SECRET }).expect(200);
    await deliver(biz.businessId, checkin('chk_status_5')).expect(202);
    expect(await status()).toMatchObject({ accepted: 3, rejected: 2, rejecting: false });
  });

  it('should disconnect: the URL answers 404, the secret is forgotten, reconnecting needs it again, all audited', async () => {
    const after = (await admin('DELETE').expect(200)).body;
    expect(after).toMatchObject({ connected: false, secretSet: false, accepted: 3 });
    await deliver(biz.businessId, checkin('chk_status_6')).expect(404);
    expect((await admin('PUT', biz.apiKey, {}).expect(400)).body.message).toBe('signingSecret: is required the first time');
    await admin('PUT', biz.apiKey, { signingSecret: SECRET }).expect(200);
    expect(await status()).toMatchObject({ connected: true, secretSet: true });
    await deliver(biz.businessId, checkin('chk_status_7')).expect(202);

    const log = await audit(biz.businessId);
    expect(log.map((e) => e.action)).toEqual(['integration.saved', 'integration.saved', 'integration.saved', 'integration.disconnected', 'integration.saved']);
    expect(log[3].details).toEqual({ provider: 'pushpress' });
    expect(log[4].details).toMatchObject({ provider: 'pushpress', secretsChanged: ['signingSecret'] });
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it('should show each business only its own deliveries, and only to admins', async () => {
    const other = await newBusiness(app.ds, { timezone: 'UTC' });
    expect(await status(other.apiKey)).toMatchObject({ connected: false, accepted: 0, rejected: 0, webhookUrl: `/webhooks/pushpress/${other.businessId}` });
    // B disconnecting touches nothing of A's
    await admin('DELETE', other.apiKey).expect(404);
    expect(await status()).toMatchObject({ connected: true, accepted: 4 });

    const { kim } = await seedStaff(app.ds, biz.businessId, [{ key: 'kim', firstName: 'Kim', lastName: 'Ek', email: 'kim@pp.test' }]);
    for (const role of ['manager', 'marketer', 'staff'] as const) {
      const cred = await signInAs(app, biz.businessId, role, role === 'staff' ? kim : null);
      expect((await callAs(app.url, 'GET', '/api/v1/integrations/pushpress', cred)).status).toBe(403);
      expect((await callAs(app.url, 'DELETE', '/api/v1/integrations/pushpress', cred)).status).toBe(403);
    }
    expect(await status()).toMatchObject({ connected: true });
  });
});
