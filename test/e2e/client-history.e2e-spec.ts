import request from 'supertest';
import { Role } from '../../src/auth/roles.decorator';
import { generateApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// The profile page's histories (web.md "Member profile"): the 12-month visit calendar and every
// invoice, and the business's locations for the members page's filter. Business-scoped, any role.

async function keyFor(app: TestApp, businessId: string, role: Role): Promise<string> {
  const k = generateApiKey();
  await app.ds.query(`INSERT INTO api_key (business_id, name, role, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)`, [businessId, `${role} key`, role, k.prefix, k.hash]);
  return k.key;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('client histories: visit days, invoices, locations', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let other: { businessId: string; apiKey: string };
  let ann = '';
  let bo = '';
  let otherClient = '';
  const get = (path: string, key = biz.apiKey) => request(app.url).get(path).set('Authorization', `Bearer ${key}`);

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    other = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const imp = (b: { apiKey: string }, entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${b.apiKey}`).send(records).expect(200);
    await imp(biz, 'locations', [
      { externalId: 'south', name: 'South Club' },
      { externalId: 'north', name: 'north Studio' },
    ]);
    await imp(other, 'locations', [{ externalId: 'else', name: 'Elsewhere' }]);
    await imp(biz, 'clients', [
      { externalId: 'ann', firstName: 'Ann' },
      { externalId: 'bo', firstName: 'Bo' },
    ]);
    await imp(other, 'clients', [{ externalId: 'zed', firstName: 'Zed' }]);
    await imp(biz, 'visits', [
      // 23:30 UTC on 1 March is 2 March in Stockholm: the calendar shows local days
      { externalId: 'v1', clientExternalId: 'ann', visitedAt: '2026-03-01T23:30:00Z' },
      { externalId: 'v2', clientExternalId: 'ann', visitedAt: '2026-03-02T08:00:00Z', kind: 'class' },
      { externalId: 'v3', clientExternalId: 'ann', visitedAt: '2026-02-10T17:00:00Z' },
      { externalId: 'v4', clientExternalId: 'ann', visitedAt: '2025-01-10T17:00:00Z' },
      { externalId: 'v5', clientExternalId: 'bo', visitedAt: '2026-02-11T17:00:00Z' },
      { externalId: 'recent', clientExternalId: 'ann', visitedAt: daysAgo(3) },
      { externalId: 'old', clientExternalId: 'ann', visitedAt: daysAgo(400) },
    ]);
    await imp(other, 'visits', [{ externalId: 'z1', clientExternalId: 'zed', visitedAt: '2026-02-10T17:00:00Z' }]);
    await imp(biz, 'invoices', [
      { externalId: 'i1', clientExternalId: 'ann', amount: 49900, dueOn: '2026-01-01', paidAt: '2026-01-02T10:00:00Z', directDebit: true },
      { externalId: 'i2', clientExternalId: 'ann', amount: 49900, dueOn: '2026-02-01' },
      { externalId: 'i3', clientExternalId: 'ann', amount: 49900, dueOn: '2099-03-01' },
      { externalId: 'i4', clientExternalId: 'bo', amount: 100, dueOn: '2026-02-01' },
    ]);
    const ids = async (b: { businessId: string }) =>
      Object.fromEntries(
        (await app.ds.query(`SELECT external_id, id::text FROM client WHERE business_id = $1`, [b.businessId])).map((r: { external_id: string; id: string }) => [r.external_id, r.id]),
      );
    ({ ann, bo } = await ids(biz));
    ({ zed: otherClient } = await ids(other));
  });
  afterAll(() => app?.close());

  it('should answer the local days with visits in a range, with the visits per day', async () => {
    const res = await get(`/api/v1/clients/${ann}/visit-days?from=2026-02-01&to=2026-03-31`).expect(200);
    expect(res.body).toEqual({
      clientId: ann,
      from: '2026-02-01',
      to: '2026-03-31',
      days: [
        { day: '2026-02-10', visits: 1 },
        { day: '2026-03-02', visits: 2 },
      ],
      months: [
        { month: '2026-02', days: 1, visits: 1 },
        { month: '2026-03', days: 1, visits: 2 },
      ],
      totalDays: 2,
      totalVisits: 3,
    });
    // another client's visits are not in it
    expect((await get(`/api/v1/clients/${bo}/visit-days?from=2026-02-01&to=2026-03-31`).expect(200)).body.days).toEqual([{ day: '2026-02-11', visits: 1 }]);
  });

  it('should default to the 12 months up to the business local today', async () => {
    const res = await get(`/api/v1/clients/${ann}/visit-days`).expect(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
    expect(res.body.to).toBe(today);
    expect(res.body.from > res.body.to.replace(/^(\d{4})/, (y: string) => String(Number(y) - 1))).toBe(true);
    expect(res.body.months).toHaveLength(res.body.from.slice(8) === '01' ? 12 : 13);
    const days = res.body.days.map((d: { day: string }) => d.day);
    expect(days).toContain(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date(daysAgo(3))));
    expect(days).not.toContain(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date(daysAgo(400))));
  });

  it('should refuse a bad range with a message naming the field', async () => {
    for (const [qs, field] of [
      ['from=2026-02-30', 'from'],
      ['from=yesterday', 'from'],
      ['to=2026-13-01', 'to'],
      ['from=2026-03-02&to=2026-03-01', 'from'],
      ['from=2020-01-01&to=2026-01-01', 'from'],
    ]) {
      const res = await get(`/api/v1/clients/${ann}/visit-days?${qs}`).expect(400);
      expect({ qs, message: String(res.body.message) }).toEqual({ qs, message: expect.stringContaining(field) });
    }
  });

  it("should answer 404 for another business's client and for a client that does not exist", async () => {
    for (const id of [otherClient, '999999999', 'abc']) {
      await get(`/api/v1/clients/${id}/visit-days`).expect(404);
      await get(`/api/v1/clients/${id}/invoices`).expect(404);
    }
  });

  it('should list every invoice of the client, paid and open, latest due date first', async () => {
    const res = await get(`/api/v1/clients/${ann}/invoices`).expect(200);
    expect(res.body.clientId).toBe(ann);
    expect(res.body.total).toBe(3);
    expect(
      res.body.items.map((i: { externalId: string; amount: number; paidAt: string | null; overdue: boolean; directDebit: boolean }) => [i.externalId, i.amount, !!i.paidAt, i.overdue, i.directDebit]),
    ).toEqual([
      ['i3', 49900, false, false, false],
      ['i2', 49900, false, true, false],
      ['i1', 49900, true, false, true],
    ]);
    const limited = await get(`/api/v1/clients/${ann}/invoices?limit=1`).expect(200);
    expect(limited.body.items).toHaveLength(1);
    expect(limited.body.total).toBe(3);
    await get(`/api/v1/clients/${ann}/invoices?limit=0`).expect(400);
  });

  it("should list the business's locations by name, not another business's", async () => {
    const res = await get('/api/v1/locations').expect(200);
    expect(res.body.items.map((l: { name: string; externalId: string }) => [l.name, l.externalId])).toEqual([
      ['north Studio', 'north'],
      ['South Club', 'south'],
    ]);
    expect(res.body.items[0]).toEqual({ id: expect.stringMatching(/^\d+$/), source: 'import', externalId: 'north', name: 'north Studio' });
  });

  it('should let every role read them (the client view) and nobody without a credential', async () => {
    for (const role of ['staff', 'manager', 'marketer'] as Role[]) {
      const key = await keyFor(app, biz.businessId, role);
      await get(`/api/v1/clients/${ann}/visit-days`, key).expect(200);
      await get(`/api/v1/clients/${ann}/invoices`, key).expect(200);
      await get('/api/v1/locations', key).expect(200);
    }
    await request(app.url).get(`/api/v1/clients/${ann}/visit-days`).expect(401);
    await request(app.url).get('/api/v1/locations').expect(401);
  });
});
