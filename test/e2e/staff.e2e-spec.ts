import request from 'supertest';
import { callAs, keyCred, newUser, signIn } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// GET /api/v1/staff: the business's staff records, for any role (the task inbox names them).

describe('GET /api/v1/staff', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
    b = await newBusiness(app.ds);
    await request(app.url)
      .post('/api/v1/import/staff')
      .set('Authorization', `Bearer ${a.apiKey}`)
      .send([
        { externalId: 's1', firstName: 'Vera', lastName: 'Lind', email: 'vera@example.com', phone: '+46701112233' },
        { externalId: 's2', firstName: 'Ali', email: 'ali@example.com', active: false },
        { externalId: 's3', firstName: 'Bo', lastName: 'Ek' },
        { externalId: 's4' },
      ])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/staff')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send([{ externalId: 'other', firstName: 'Other' }])
      .expect(200);
  });
  afterAll(() => app?.close());

  it('should list every staff record, active first then by name', async () => {
    const res = await request(app.url).get('/api/v1/staff').set('Authorization', `Bearer ${a.apiKey}`).expect(200);
    expect(res.body.items).toEqual([
      { id: expect.stringMatching(/^\d+$/), externalId: 's4', name: null, email: null, phone: null, active: true },
      { id: expect.any(String), externalId: 's3', name: 'Bo Ek', email: null, phone: null, active: true },
      { id: expect.any(String), externalId: 's1', name: 'Vera Lind', email: 'vera@example.com', phone: '+46701112233', active: true },
      { id: expect.any(String), externalId: 's2', name: 'Ali', email: 'ali@example.com', active: false, phone: null },
    ]);
  });

  it("should answer every role, and only with the caller's business", async () => {
    const [vera] = await app.ds.query(`SELECT id::text AS id FROM staff WHERE business_id = $1 AND external_id = 's1'`, [a.businessId]);
    const staffKey = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(a.apiKey), { name: 'vera', role: 'staff', staffId: vera.id }).expect(201);
    expect((await callAs(app.url, 'GET', '/api/v1/staff', keyCred(staffKey.body.apiKey)).expect(200)).body.items).toHaveLength(4);
    const marketer = await newUser(app, { businessId: a.businessId, role: 'marketer' });
    expect((await callAs(app.url, 'GET', '/api/v1/staff', await signIn(app, marketer.email, marketer.password)).expect(200)).body.items).toHaveLength(4);
    const other = await request(app.url).get('/api/v1/staff').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(other.body.items.map((s: { externalId: string }) => s.externalId)).toEqual(['other']);
    await request(app.url).get('/api/v1/staff').expect(401);
  });
});
