import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { addDays, localDate } from '../../src/common/local-date';
import { RhythmService } from '../../src/rhythm';
import { newBusiness } from '../support/factories';
import { attendedDaysAgo, seedAppointments } from '../support/rhythm-fixtures';
import { seedClients } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// The overdue side of the Reconnect page over HTTP, the rhythm settings, and the segment
// condition "overdue for reconnect". Days are counted back from today in the business's zone.
describe('rhythm: the API, the settings and the segment condition', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let ids: Record<string, string>;
  let today: string;
  const api = (key: string) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
    post: (path: string, body: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
  });

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    b = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    today = localDate(new Date(), 'Europe/Stockholm');
    ids = await seedClients(app.ds, a.businessId, [
      { key: 'ann', firstName: 'Ann', lastName: 'Zed' },
      { key: 'bob', firstName: 'Bob', lastName: 'Young' },
      { key: 'cy', firstName: 'Cy', lastName: 'Xu' },
      { key: 'dee', firstName: 'Dee', lastName: 'West' },
    ]);
    const other = await seedClients(app.ds, b.businessId, [{ key: 'eve', firstName: 'Eve' }]);
    await seedAppointments(app.ds, a.businessId, [
      // interval 40, 51 days since: 11 days overdue
      ...attendedDaysAgo(ids.ann, 'Hair colour', today, [131, 91, 51]),
      // interval 20, 40 days since: 20 days overdue
      ...attendedDaysAgo(ids.bob, 'Hair colour', today, [80, 60, 40]),
      ...attendedDaysAgo(ids.cy, 'Nails', today, [80, 60, 40]),
      // interval 30, 10 days since: on rhythm
      ...attendedDaysAgo(ids.dee, 'Hair colour', today, [70, 40, 10]),
    ]);
    await seedAppointments(app.ds, b.businessId, attendedDaysAgo(other.eve, 'Hair colour', today, [80, 60, 40]));
    const rhythm = (app.http as INestApplication).get(RhythmService, { strict: false });
    await rhythm.recompute(a.businessId);
    await rhythm.recompute(b.businessId);
  });
  afterAll(() => app.close());

  it('should list every category with its overdue and known counts, for the caller business only', async () => {
    expect((await api(a.apiKey).get('/api/v1/reconnect/categories').expect(200)).body).toEqual({
      items: [
        { serviceCategory: 'Hair colour', overdue: 2, known: 3 },
        { serviceCategory: 'Nails', overdue: 1, known: 1 },
      ],
    });
    expect((await api(b.apiKey).get('/api/v1/reconnect/categories').expect(200)).body).toEqual({ items: [{ serviceCategory: 'Hair colour', overdue: 1, known: 1 }] });
  });

  it('should list a category overdue clients, most overdue first, sortable and paged', async () => {
    const path = `/api/v1/reconnect/categories/${encodeURIComponent('Hair colour')}/clients`;
    const first = await api(a.apiKey).get(path).expect(200);
    expect(first.body).toEqual({
      total: 2,
      limit: 50,
      offset: 0,
      items: [
        { clientId: ids.bob, name: 'Bob Young', serviceCategory: 'Hair colour', lastAppointmentOn: addDays(today, -40), usualIntervalDays: 20, daysOverdue: 20 },
        { clientId: ids.ann, name: 'Ann Zed', serviceCategory: 'Hair colour', lastAppointmentOn: addDays(today, -51), usualIntervalDays: 40, daysOverdue: 11 },
      ],
    });
    const names = async (q: string) => ((await api(a.apiKey).get(`${path}?${q}`).expect(200)).body.items as Array<{ name: string }>).map((i) => i.name);
    expect(await names('sort=days_overdue&order=asc')).toEqual(['Ann Zed', 'Bob Young']);
    // by last name
    expect(await names('sort=name&order=asc')).toEqual(['Bob Young', 'Ann Zed']);
    expect(await names('sort=usual_interval')).toEqual(['Ann Zed', 'Bob Young']);
    expect(await names('sort=last_appointment')).toEqual(['Bob Young', 'Ann Zed']);
    const page = await api(a.apiKey).get(`${path}?limit=1&offset=1`).expect(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ name: 'Ann Zed' }] });
    // another business's category of the same name shows its own clients only
    expect((await api(b.apiKey).get(path).expect(200)).body.items.map((i: { name: string }) => i.name)).toEqual(['Eve']);
    // a category the business has no rhythm in is a 404, whether nobody uses the name or only
    // another business does (A's Nails is nothing of B's)
    expect((await api(a.apiKey).get('/api/v1/reconnect/categories/Massage/clients').expect(404)).body.message).toBe('service category not found');
    expect((await api(b.apiKey).get('/api/v1/reconnect/categories/Nails/clients').expect(404)).body.message).toBe('service category not found');
  });

  it('should answer bad list queries with a 400 naming each field', async () => {
    const res = await api(a.apiKey).get('/api/v1/reconnect/categories/Nails/clients?sort=age&order=up&limit=0&offset=-1').expect(400);
    expect(res.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['limit', 'offset', 'order', 'sort']);
    const long = await api(a.apiKey)
      .get(`/api/v1/reconnect/categories/${'x'.repeat(201)}/clients`)
      .expect(400);
    expect(long.body.problems).toEqual([{ path: 'category', reason: expect.stringContaining('1-200') }]);
  });

  it('should read and change the rhythm settings, validated with paths, and recompute with them', async () => {
    expect((await api(b.apiKey).get('/api/v1/rhythm/settings').expect(200)).body).toEqual({ minAppointments: 3, maxIntervals: 6, tolerance: 1.25, minSlackDays: 7, goneFactor: 4 });
    const bad = await api(b.apiKey).put('/api/v1/rhythm/settings', { minAppointments: 1, tolerance: 0.5, goneFactor: 'x', minSlackDays: 3.5 }).expect(400);
    expect([...new Set(bad.body.problems.map((p: { path: string }) => p.path))].sort()).toEqual(['goneFactor', 'minAppointments', 'minSlackDays', 'tolerance']);
    const put = await api(b.apiKey).put('/api/v1/rhythm/settings', { minSlackDays: 30 }).expect(200);
    expect(put.body).toEqual({ minAppointments: 3, maxIntervals: 6, tolerance: 1.25, minSlackDays: 30, goneFactor: 4 });
    expect((await api(b.apiKey).get('/api/v1/rhythm/settings').expect(200)).body.minSlackDays).toBe(30);
    // interval 20 + 30 days of slack: 40 days since is no longer overdue
    await (app.http as INestApplication).get(RhythmService, { strict: false }).recompute(b.businessId);
    expect((await api(b.apiKey).get('/api/v1/reconnect/categories').expect(200)).body.items).toEqual([{ serviceCategory: 'Hair colour', overdue: 0, known: 1 }]);
    // the other business keeps the defaults
    expect((await api(a.apiKey).get('/api/v1/rhythm/settings').expect(200)).body.minSlackDays).toBe(7);
  });

  it('should match "overdue for reconnect" by category and days overdue, and explain with the client value', async () => {
    const preview = async (conditions: object) => (await api(a.apiKey).post('/api/v1/segments/preview', { conditions }).expect(200)).body;
    expect((await preview({ condition: 'overdue_for_reconnect' })).count).toBe(3);
    expect((await preview({ condition: 'overdue_for_reconnect', serviceCategory: 'Hair colour' })).count).toBe(2);
    const late = await preview({ condition: 'overdue_for_reconnect', serviceCategory: 'Hair colour', minDaysOverdue: 12 });
    expect(late.sample.map((c: { firstName: string }) => c.firstName)).toEqual(['Bob']);
    expect((await preview({ condition: 'overdue_for_reconnect', minDaysOverdue: 20 })).count).toBe(2);
    expect((await preview({ condition: 'overdue_for_reconnect', minDaysOverdue: 21 })).count).toBe(0);
    const explain = await api(a.apiKey)
      .post('/api/v1/segments/explain', { conditions: { condition: 'overdue_for_reconnect', serviceCategory: 'Hair colour' }, clientId: ids.ann })
      .expect(200);
    expect(explain.body.conditions).toMatchObject({ result: true, actual: { value: 11, serviceCategory: 'Hair colour', lastAppointmentOn: addDays(today, -51), usualIntervalDays: 40 } });
    const dee = await api(a.apiKey)
      .post('/api/v1/segments/explain', { conditions: { condition: 'overdue_for_reconnect' }, clientId: ids.dee })
      .expect(200);
    expect(dee.body.conditions).toMatchObject({ result: false, actual: null });
    const bad = await api(a.apiKey)
      .post('/api/v1/segments/preview', { conditions: { condition: 'overdue_for_reconnect', serviceCategory: '', minDaysOverdue: -1 } })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('serviceCategory');
    expect(JSON.stringify(bad.body)).toContain('minDaysOverdue');
  });
});
