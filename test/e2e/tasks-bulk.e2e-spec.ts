import request from 'supertest';
import { Role } from '../../src/auth/roles.decorator';
import { generateApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { seedClients, seedManyClients, seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// POST /api/v1/tasks/bulk: the members page's "Create tasks" for the selected rows, one request
// for up to 500 clients, with the de-duplication of POST /api/v1/tasks and business scoping.

async function keyFor(app: TestApp, businessId: string, role: Role, staffId: string | null = null): Promise<string> {
  const k = generateApiKey();
  await app.ds.query(`INSERT INTO api_key (business_id, name, role, prefix, key_hash, staff_id) VALUES ($1, $2, $3, $4, $5, $6)`, [businessId, `${role} key`, role, k.prefix, k.hash, staffId]);
  return k.key;
}

describe('POST /api/v1/tasks/bulk', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let staff: Record<string, string>;
  let clients: Record<string, string>;
  let bClient = '';
  const post = (body: object, key = a.apiKey) => request(app.url).post('/api/v1/tasks/bulk').set('Authorization', `Bearer ${key}`).send(body);
  const tasksOf = async (reason: string) =>
    app.ds.query(
      `SELECT client_id::text AS "clientId", assignee_staff_id::text AS assignee, due_on::text AS "dueOn", raised_count AS raised FROM staff_task WHERE business_id = $1 AND reason = $2 ORDER BY client_id`,
      [a.businessId, reason],
    );

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    b = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    staff = await seedStaff(app.ds, a.businessId, [
      { key: 'sam', firstName: 'Sam' },
      { key: 'kim', firstName: 'Kim' },
    ]);
    clients = await seedClients(app.ds, a.businessId, [{ key: 'ada', ownerStaffId: staff.sam }, { key: 'bo', ownerStaffId: staff.kim }, { key: 'cy' }]);
    ({ 'b-client': bClient } = await seedClients(app.ds, b.businessId, [{ key: 'b-client' }]));
  });
  afterAll(() => app?.close());

  it("should raise one task per client, assigned to each client's owner, and update (not double) an open one", async () => {
    const res = await post({ clientIds: [clients.ada, clients.bo, clients.cy], reason: 'Call: At Risk', dueOn: '2099-01-15' }).expect(201);
    expect(res.body).toMatchObject({ created: 3, updated: 0, skipped: 0, unassigned: 1 });
    expect(res.body.tasks).toHaveLength(3);
    expect(await tasksOf('Call: At Risk')).toEqual([
      { clientId: clients.ada, assignee: staff.sam, dueOn: '2099-01-15', raised: 1 },
      { clientId: clients.bo, assignee: staff.kim, dueOn: '2099-01-15', raised: 1 },
      { clientId: clients.cy, assignee: null, dueOn: '2099-01-15', raised: 1 },
    ]);
    const again = await post({ clientIds: [clients.ada, clients.ada], reason: 'Call: At Risk' }).expect(201);
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    expect((await tasksOf('Call: At Risk')).map((t: { raised: number }) => t.raised)).toEqual([2, 1, 1]);
  });

  it('should assign every task to one staff member when asked', async () => {
    const res = await post({ clientIds: [clients.ada, clients.cy], reason: 'Welcome call', assigneeStaffId: staff.kim }).expect(201);
    expect(res.body.created).toBe(2);
    expect((await tasksOf('Welcome call')).map((t: { assignee: string }) => t.assignee)).toEqual([staff.kim, staff.kim]);
  });

  it("should skip another business's clients and create nothing for them", async () => {
    const res = await post({ clientIds: [clients.ada, bClient], reason: 'Mixed' }).expect(201);
    expect(res.body).toMatchObject({ created: 1, skipped: 1, skippedReasons: { clientNotFound: 1, snoozed: 0 } });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM staff_task WHERE business_id = $1`, [b.businessId])).toEqual([{ n: 0 }]);
  });

  it('should take 500 clients in one request', async () => {
    const many = await seedManyClients(app.ds, a.businessId, 'bulk', 500);
    const started = Date.now();
    const res = await post({ clientIds: many, reason: 'Big batch' }).expect(201);
    expect(res.body.created).toBe(500);
    expect(Date.now() - started).toBeLessThan(5000);
    await post({ clientIds: [...many, clients.ada], reason: 'Too many' }).expect(400);
  });

  it('should refuse bad input with a message naming the field', async () => {
    for (const [body, field] of [
      [{ clientIds: [], reason: 'x' }, 'clientIds'],
      [{ clientIds: ['abc'], reason: 'x' }, 'clientIds'],
      [{ clientIds: [clients.ada] }, 'reason'],
      [{ clientIds: [clients.ada], reason: 'x', dueOn: '2026-02-30' }, 'dueOn'],
      [{ clientIds: [clients.ada], reason: 'x', dueOn: '2020-01-01' }, 'dueOn'],
      [{ clientIds: [clients.ada], reason: 'x', assigneeStaffId: '999999' }, 'assignee'],
    ] as Array<[object, string]>) {
      const res = await post(body);
      expect({ body, status: res.status, message: String(res.body.message) }).toEqual({ body, status: 400, message: expect.stringContaining(field) });
    }
  });

  // quality.md "Roles": managers manage staff tasks, so they raise them in bulk too
  it('should let every role raise tasks, a manager included', async () => {
    for (const role of ['marketer', 'staff', 'manager'] as Role[]) {
      const key = await keyFor(app, a.businessId, role, role === 'staff' ? staff.sam : null);
      expect((await post({ clientIds: [clients.cy], reason: `By ${role}` }, key)).status).toBe(201);
    }
    expect(await tasksOf('By manager')).toHaveLength(1);
  });
});
