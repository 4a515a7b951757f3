import request from 'supertest';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The task inbox's cards show when the member last came (web.md "Task inbox": "each card has the
// member, the reason, last visit"): the task's client carries lastVisitOn, the business-local day.
describe('staff tasks: the client last visit day on each task', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  const as = { Authorization: '' };

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    as.Authorization = `Bearer ${a.apiKey}`;
  });
  afterAll(() => app.close());

  it('should answer lastVisitOn on the list and on one task, null for a client who never came', async () => {
    const staff = await seedStaff(app.ds, a.businessId, [{ key: 'sam' }]);
    const clients = await seedClients(app.ds, a.businessId, [
      { key: 'came', firstName: 'Came', ownerStaffId: staff.sam },
      { key: 'never', firstName: 'Never', ownerStaffId: staff.sam },
    ]);
    await app.ds.query(`UPDATE client SET last_visit_on = '2026-03-21' WHERE id = $1`, [clients.came]);
    const came = await request(app.url).post('/api/v1/tasks').set(as).send({ clientId: clients.came, reason: 'At Risk' }).expect(201);
    await request(app.url).post('/api/v1/tasks').set(as).send({ clientId: clients.never, reason: 'At Risk' }).expect(201);

    expect(came.body.client.lastVisitOn).toBe('2026-03-21');
    expect((await request(app.url).get(`/api/v1/tasks/${came.body.id}`).set(as).expect(200)).body.client.lastVisitOn).toBe('2026-03-21');
    const list = await request(app.url).get(`/api/v1/tasks?assignee=${staff.sam}`).set(as).expect(200);
    const byName = Object.fromEntries(list.body.items.map((t: { client: { firstName: string; lastVisitOn: string | null } }) => [t.client.firstName, t.client.lastVisitOn]));
    expect(byName).toEqual({ Came: '2026-03-21', Never: null });
  });
});
