import request from 'supertest';
import { isMemberSql } from '../../src/clients/membership.sql';
import { validateEnv } from '../../src/config/validate-env';
import { runFirstDay } from '../../src/demo-data/demo-first-day';
import { DEMO, DEMO_USERS, DemoReady, finishDemoSetup, prepareDemoData } from '../../src/demo-data/demo-setup';
import { startSmtpSink, SmtpSink } from '../fakes/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDb, TestDb } from '../support/test-db';
import { waitFor } from '../support/wait-for';

// What `npm run demo` does before it prints anything (src/demo-data/demo-setup.ts), on a test
// database with a small demo business: data with a replayed status history, a risk pass,
// health, estimation, and four users who can sign in.

describe('demo setup', () => {
  let db: TestDb;
  let app: TestApp;
  let ready: DemoReady;
  let smtp: SmtpSink;
  const OPTS = { ...DEMO, clients: 300 };

  beforeAll(async () => {
    db = await createTestDb();
    const data = await prepareDemoData(validateEnv({ ...process.env, DATABASE_URL: db.url }), OPTS);
    expect(data.generated).toBe(true);
    smtp = await startSmtpSink();
    app = await startTestApp({ db, worker: true, env: { SMTP_URL: smtp.url } });
    ready = await finishDemoSetup(app.http!, data);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('should leave no member without a status, and score their health', async () => {
    const [r] = await db.ds.query(
      `SELECT count(*)::int AS members, count(cs.client_id)::int AS assessed, count(h.client_id)::int AS scored
         FROM client c JOIN business b ON b.id = c.business_id
         LEFT JOIN client_status cs ON cs.client_id = c.id LEFT JOIN client_health h ON h.client_id = c.id
        WHERE c.business_id = $1 AND c.deleted_at IS NULL AND ${isMemberSql('c', '(now() AT TIME ZONE b.timezone)::date')}`,
      [ready.businessId],
    );
    expect(r.members).toBeGreaterThan(150);
    expect(r.assessed).toBe(r.members);
    // health: members with an active package (a member by the source's flag alone has none)
    expect(r.scored).toBeGreaterThan(r.members * 0.8);
    expect(Object.values(ready.statuses).reduce((a, b) => a + b, 0)).toBe(r.members);
    const [fit] = await db.ds.query(`SELECT clients FROM bgnbd_fit WHERE business_id = $1`, [ready.businessId]);
    expect(fit.clients).toBeGreaterThan(100);
  });

  it('should give the retention report a status mix in each of the last 12 months', async () => {
    const res = await request(app.url).get('/api/v1/reports/retention').set('Authorization', `Bearer ${ready.apiKey}`).expect(200);
    expect(res.body.months).toHaveLength(13);
    for (const m of res.body.months) {
      const mix = m.statusMix as Record<string, number>;
      const total = Object.values(mix).reduce((a, b) => a + b, 0);
      expect([m.month, total > 50, mix.loving_it > 0, mix.at_risk + mix.in_trouble > 0]).toEqual([m.month, true, true, true]);
    }
  });

  it('should let the four demo users sign in with their roles, the staff user as a staff member', async () => {
    for (const u of DEMO_USERS) {
      const res = await request(app.url).post('/api/v1/auth/sign-in').send({ email: u.email, password: u.password }).expect(200);
      expect(res.body).toMatchObject({ role: u.role, business: { id: ready.businessId, name: 'Demo Gym', timezone: 'Europe/Stockholm', currency: 'SEK' } });
      if (u.role === 'staff') {
        const [staff] = await db.ds.query(`SELECT id::text AS id FROM staff WHERE business_id = $1 AND external_id = 'staff-2'`, [ready.businessId]);
        expect(res.body.staffId).toBe(staff.id);
      } else expect(res.body.staffId).toBeNull();
    }
  });

  it('should keep the data and the users when run again', async () => {
    const again = await prepareDemoData(validateEnv({ ...process.env, DATABASE_URL: db.url }), OPTS);
    expect(again).toEqual({ businessId: ready.businessId, generated: false });
    const second = await finishDemoSetup(app.http!, again);
    expect(second.apiKey).not.toBe(ready.apiKey);
    const [{ users }] = await db.ds.query(`SELECT count(*)::int AS users FROM app_user WHERE business_id = $1`, [ready.businessId]);
    expect(users).toBe(4);
    const [{ businesses }] = await db.ds.query(`SELECT count(*)::int AS businesses FROM business`);
    expect(businesses).toBe(1);
    await request(app.url).post('/api/v1/auth/sign-in').send({ email: DEMO_USERS[0].email, password: DEMO_USERS[0].password }).expect(200);
  });

  it('should give a new demo a first day: win-back emails to At Risk members and check-in calls with their notification emails', async () => {
    // quiet hours would defer the emails to the morning when this runs at night: pin them off
    await request(app.url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${ready.apiKey}`).send({ quietHours: null }).expect(200);
    const entries = async () => (await db.ds.query(`SELECT count(*)::int AS n FROM recovery_entry WHERE business_id = $1`, [ready.businessId]))[0].n as number;
    const before = await entries();
    const day = await runFirstDay(app.url, ready.apiKey);
    expect(day).toMatchObject({ emails: 5, tasks: 3, staffName: 'Oskar Berg' });
    // the Recovery board starts with the demo's cancelled members (record existing cancellations)
    expect(day.recoveryEntries).toBeGreaterThan(0);
    expect((await entries()) - before).toBe(day.recoveryEntries);
    const sent = await waitFor(async () => {
      const m = smtp.messages.filter((x) => x.subject.startsWith('We miss you at Demo Gym'));
      return m.length === 5 && m;
    }, 20_000);
    for (const m of sent) expect(m.header('x-comeback-business')).toBe(ready.businessId);
    // the sink has a message a moment before the worker records the touch as sent: wait for the record
    const statuses = async () =>
      (await db.ds.query(`SELECT status FROM touch WHERE business_id = $1 AND origin = 'demo:first-day-win-back' ORDER BY status`, [ready.businessId])).map((t: { status: string }) => t.status);
    await waitFor(async () => (await statuses()).every((s: string) => s === 'sent'), 20_000);
    expect(await statuses()).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    const [staff] = await db.ds.query(`SELECT id::text AS id, email FROM staff WHERE business_id = $1 AND external_id = 'staff-2'`, [ready.businessId]);
    const tasks = await db.ds.query(`SELECT client_id FROM staff_task WHERE business_id = $1 AND assignee_staff_id = $2 AND state = 'open'`, [ready.businessId, staff.id]);
    expect(tasks).toHaveLength(3);
    await waitFor(async () => smtp.to(staff.email).length === 3, 20_000);
  });
});
