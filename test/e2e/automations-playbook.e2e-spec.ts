import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// POST /api/v1/automations/playbook ("Install the default playbook" on the Automations page):
// the ready-made automations a business does not have now come back, disabled; those in use stay
// as they are; two requests at once add each one once; another business is not touched.
describe('installing the default playbook on request', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const api = (key: string) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send({}),
  });
  const keys = (items: Array<{ playbookKey: string | null }>) => items.map((x) => x.playbookKey).sort();
  const ALL = ['at_risk_email_then_call', 'in_trouble_call_today', 'new_member_no_visit_sms'];

  it('should install it for a business that never listed its automations, then add nothing more', async () => {
    const b = await newBusiness(app.ds, { name: 'Fresh' });
    const first = (await api(b.apiKey).post('/api/v1/automations/playbook').expect(200)).body;
    // the first call installs the playbook as the first listing would: all three, disabled
    expect((await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items.map((x: { state: string }) => x.state)).toEqual(['paused', 'paused', 'paused']);
    expect(first.installed).toEqual([]);
    expect(keys((await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items)).toEqual(ALL);
    expect((await api(b.apiKey).post('/api/v1/automations/playbook').expect(200)).body.installed).toEqual([]);
  });

  it('should bring back an archived ready-made automation, disabled, and leave edited ones alone', async () => {
    const b = await newBusiness(app.ds, { name: 'Archived one' });
    const other = await newBusiness(app.ds, { name: 'Other' });
    const items = (await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items;
    const call = items.find((x: { playbookKey: string }) => x.playbookKey === 'in_trouble_call_today');
    const atRisk = items.find((x: { playbookKey: string }) => x.playbookKey === 'at_risk_email_then_call');
    await request(app.url).patch(`/api/v1/automations/${atRisk.id}`).set('Authorization', `Bearer ${b.apiKey}`).send({ name: 'Our own At Risk flow' }).expect(200);
    await api(b.apiKey).post(`/api/v1/automations/${atRisk.id}/enable`).expect(200);
    await api(b.apiKey).post(`/api/v1/automations/${call.id}/archive`).expect(200);
    expect(keys((await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items)).toEqual(['at_risk_email_then_call', 'new_member_no_visit_sms']);

    // two clicks at once: one adds it, the other finds it there
    const [r1, r2] = await Promise.all([api(b.apiKey).post('/api/v1/automations/playbook'), api(b.apiKey).post('/api/v1/automations/playbook')]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const added = [...r1.body.installed, ...r2.body.installed];
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ playbookKey: 'in_trouble_call_today', state: 'paused', enabled: false, name: call.name, steps: call.steps });
    expect(added[0].id).not.toBe(call.id);

    const now = (await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items;
    expect(keys(now)).toEqual(ALL);
    expect(now.find((x: { id: string }) => x.id === atRisk.id)).toMatchObject({ name: 'Our own At Risk flow', state: 'enabled' });
    // the archived one stays archived; the other business got nothing from this
    expect((await api(b.apiKey).get('/api/v1/automations?archived=true').expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([call.id]);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM automation WHERE business_id = $1`, [other.businessId]))[0].n).toBe(0);
  });
});
