import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// issue #11 item 5: a malformed email is rejected at the door with the field named, instead of
// being stored and failing at delivery weeks later.
describe('import: email addresses are checked when records come in', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds);
  });
  afterAll(() => app.close());

  it('should reject a client or staff record whose email is malformed, naming the field, and store the rest', async () => {
    const res = await request(app.url)
      .post('/api/v1/import/clients')
      .set('Authorization', `Bearer ${a.apiKey}`)
      .send([
        { externalId: 'ok1', email: 'ann@example.com' },
        { externalId: 'bad1', email: 'ann.example.com' },
        { externalId: 'bad2', email: 'ann@example' },
        { externalId: 'bad3', email: 'ann @example.com' },
        { externalId: 'empty', email: '' },
        { externalId: 'none', email: null },
      ])
      .expect(200);
    expect(res.body).toMatchObject({ received: 6, accepted: 3 });
    const reason = 'must be an email address such as ann@example.com';
    expect(res.body.rejected).toEqual([
      { index: 1, field: 'email', reason },
      { index: 2, field: 'email', reason },
      { index: 3, field: 'email', reason },
    ]);
    const stored = await app.ds.query(`SELECT external_id FROM client WHERE business_id = $1 ORDER BY external_id`, [a.businessId]);
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual(['empty', 'none', 'ok1']);

    const staff = await request(app.url)
      .post('/api/v1/import/staff')
      .set('Authorization', `Bearer ${a.apiKey}`)
      .send([{ externalId: 's1', email: 'desk@' }])
      .expect(200);
    expect(staff.body.rejected).toEqual([{ index: 0, field: 'email', reason }]);
  });
});
