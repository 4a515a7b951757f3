import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('import API, client reads and tenancy (HTTP)', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let clientId: string;

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { name: 'A' });
    b = await newBusiness(app.ds, { name: 'B' });
    const auth = { Authorization: `Bearer ${a.apiKey}` };
    await request(app.url)
      .post('/api/v1/import/clients')
      .set(auth)
      .send([{ externalId: 'a1', firstName: 'Alma', lastName: 'Berg', email: 'alma@example.com' }])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(auth)
      .send([{ externalId: 'v1', clientExternalId: 'a1', visitedAt: '2026-03-01T10:00:00Z' }])
      .expect(200);
    const list = await request(app.url).get('/api/v1/clients?externalId=a1&source=import').set(auth).expect(200);
    clientId = list.body.items[0].id;
  });
  afterAll(() => app.close());

  it('should refuse requests without a valid key', async () => {
    await request(app.url).get('/api/v1/clients').expect(401);
    await request(app.url).get('/api/v1/clients').set('Authorization', 'Bearer cbk_nope').expect(401);
  });

  it('should report accepted records and each rejected one by index, field and reason', async () => {
    const res = await request(app.url)
      .post('/api/v1/import/clients')
      .set('Authorization', `Bearer ${a.apiKey}`)
      .send([{ externalId: 'a2' }, { externalId: 'a3', gender: 'x' }, { externalId: 'a4', email: 42 }])
      .expect(200);
    expect(res.body).toMatchObject({ entity: 'clients', received: 3, accepted: 1, inserted: 1 });
    expect(res.body.rejected).toEqual([
      { index: 1, field: 'gender', reason: 'must be one of female, male, other, unknown' },
      { index: 2, field: 'email', reason: 'must be a string, got number' },
    ]);
  });

  it('should answer malformed JSON, a non-array body and an unknown entity with clear 4xx', async () => {
    const auth = `Bearer ${a.apiKey}`;
    const bad = await request(app.url).post('/api/v1/import/clients').set('Authorization', auth).set('Content-Type', 'application/json').send('[{"externalId": ').expect(400);
    expect(bad.body.error).toBe('malformed_json');
    const notArray = await request(app.url).post('/api/v1/import/clients').set('Authorization', auth).send({ externalId: 'x' }).expect(400);
    expect(notArray.body.message).toMatch(/JSON array/);
    await request(app.url).post('/api/v1/import/spaceships').set('Authorization', auth).send([]).expect(404);
  });

  it('should show the client with subscriptions and freezes, quotas, recent visits and bookings, and open invoices', async () => {
    const auth = { Authorization: `Bearer ${a.apiKey}` };
    const imp = async (entity: string, records: object[]) => {
      const r = await request(app.url).post(`/api/v1/import/${entity}`).set(auth).send(records).expect(200);
      expect(r.body.rejected).toEqual([]);
    };
    await imp('products', [{ externalId: 'p1', name: 'Gold', kind: 'membership', labels: ['gold'] }]);
    await imp('subscriptions', [{ externalId: 's1', clientExternalId: 'a1', productExternalId: 'p1', startsOn: '2026-01-01', price: 49900, billed: true, paymentMethod: 'direct_debit' }]);
    await imp('freezes', [{ externalId: 'f1', subscriptionExternalId: 's1', startsOn: '2026-02-01', endsOn: '2026-02-14' }]);
    await imp('quotas', [{ externalId: 'q1', clientExternalId: 'a1', name: '10-card', totalUnits: 10, usedUnits: 3, expiresOn: '2026-12-31' }]);
    await imp('bookings', [{ externalId: 'b1', clientExternalId: 'a1', kind: 'class', name: 'Spin', startsAt: '2026-03-05T18:00:00Z', state: 'no_show', noShowActive: true }]);
    await imp('invoices', [
      { externalId: 'i1', clientExternalId: 'a1', amount: 49900, dueOn: '2026-02-28', directDebit: true },
      { externalId: 'i2', clientExternalId: 'a1', amount: 49900, dueOn: '2026-01-31', paidAt: '2026-01-30T10:00:00Z' },
    ]);
    const res = await request(app.url).get(`/api/v1/clients/${clientId}`).set(auth).expect(200);
    expect(res.body).toMatchObject({ externalId: 'a1', firstName: 'Alma', lastVisitOn: '2026-03-01', registeredAt: expect.any(String) });
    expect(res.body.subscriptions).toEqual([
      expect.objectContaining({
        externalId: 's1',
        productName: 'Gold',
        productLabels: ['gold'],
        startsOn: '2026-01-01',
        price: 49900,
        billed: true,
        paymentMethod: 'direct_debit',
        freezes: [expect.objectContaining({ startsOn: '2026-02-01', endsOn: '2026-02-14' })],
      }),
    ]);
    expect(res.body.quotas).toEqual([expect.objectContaining({ name: '10-card', totalUnits: 10, usedUnits: 3, expiresOn: '2026-12-31' })]);
    expect(res.body.visits).toEqual([expect.objectContaining({ externalId: 'v1', visitedOn: '2026-03-01', kind: 'gym' })]);
    expect(res.body.bookings).toEqual([expect.objectContaining({ externalId: 'b1', state: 'no_show', noShowActive: true })]);
    expect(res.body.openInvoices).toEqual([expect.objectContaining({ externalId: 'i1', amount: 49900, dueOn: '2026-02-28', directDebit: true })]);
  });

  it('should answer 404 for a client id that is not a number', async () => {
    await request(app.url).get('/api/v1/clients/abc').set('Authorization', `Bearer ${a.apiKey}`).expect(404);
    await request(app.url).get('/api/v1/clients/99999999999999999999999').set('Authorization', `Bearer ${a.apiKey}`).expect(404);
  });

  it("should give business B 404 for business A's client on every read route", async () => {
    const auth = { Authorization: `Bearer ${b.apiKey}` };
    await request(app.url).get(`/api/v1/clients/${clientId}`).set(auth).expect(404);
    const list = await request(app.url).get('/api/v1/clients').set(auth).expect(200);
    expect(list.body.items).toEqual([]);
    const byExt = await request(app.url).get('/api/v1/clients?externalId=a1').set(auth).expect(200);
    expect(byExt.body.items).toEqual([]);
    const search = await request(app.url).get('/api/v1/clients?q=alma').set(auth).expect(200);
    expect(search.body.items).toEqual([]);
  });

  it('should validate list query parameters', async () => {
    const res = await request(app.url).get('/api/v1/clients?limit=0').set('Authorization', `Bearer ${a.apiKey}`).expect(400);
    expect(res.body.message).toMatch(/^limit: /);
  });
});
