import request from 'supertest';
import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { DomainEvents } from '../../../src/queue/domain-events';
import { JobName } from '../../../src/queue/queue-names';
import { HealthEventsPublisher } from '../../../src/risk/health/health-events.publisher';
import { HealthRepository } from '../../../src/risk/health/health.repository';
import { HealthService } from '../../../src/risk/health/health.service';
import { addDays } from '../../../src/common/local-date';
import { DEFAULT_RISK_SETTINGS } from '../../../src/risk/rules/risk-settings';
import { RiskSettingsService } from '../../../src/risk/settings/risk-settings.service';
import { newBusiness } from '../../support/factories';
import { startTestApp, TestApp } from '../../support/test-app';
import { createTestDb, TestDb } from '../../support/test-db';

const T0 = '2026-03-31';

describe('health events', () => {
  let db: TestDb;
  let businessId: string;
  let clientId: string;
  const sent: Array<{ name: JobName; data: unknown }> = [];
  let sut: HealthService;
  const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    const events = { publish: async (name: JobName, items: Array<{ data: unknown }>) => void items.forEach((i) => sent.push({ name, data: i.data })) } as unknown as DomainEvents;
    const settings = { get: async () => DEFAULT_RISK_SETTINGS } as unknown as RiskSettingsService;
    sut = new HealthService(new HealthRepository(db.ds), new HealthEventsPublisher(events), settings);
    await write({ entity: 'clients', records: [{ externalId: 'regular' }] });
    await write({ entity: 'subscriptions', records: [{ externalId: 's1', clientExternalId: 'regular', startsOn: addDays(T0, -300), billed: true }] });
    // a visit every day from 60 to 20 days before T0, then none
    await write({ entity: 'visits', records: Array.from({ length: 41 }, (_, k) => ({ externalId: `v${k}`, clientExternalId: 'regular', visitedAt: `${addDays(T0, -20 - k)}T10:00:00` })) });
    [{ id: clientId }] = await db.ds.query(`SELECT id::text FROM client WHERE business_id = $1`, [businessId]);
  });
  afterAll(() => db?.drop());

  const pass = async (today: string) => {
    sent.length = 0;
    await sut.compute(businessId, { ids: [clientId] }, undefined, { today });
    return [...sent];
  };
  const band = async () => (await db.ds.query(`SELECT band, usage_dropped FROM client_health WHERE client_id = $1`, [clientId]))[0];

  it('should emit nothing on the first computation of a steady client', async () => {
    await expect(pass(addDays(T0, -21))).resolves.toEqual([]);
    await expect(band()).resolves.toEqual({ band: 'green', usage_dropped: false });
  });

  it('should fire usage_dropped once, when the drop begins, not at every pass while it lasts', async () => {
    // 8 sessions in the last 14 days against 14 before: 100 x 8 <= 70 x 14
    const first = await pass(addDays(T0, -14));
    expect(first).toEqual([{ name: JobName.ClientUsageDropped, data: { businessId, drops: [{ clientId, recentSessions: 8, earlierSessions: 14, dropPercent: 43, droppedAt: expect.any(String) }] } }]);
    await expect(pass(addDays(T0, -13))).resolves.toEqual([]);
    await expect(pass(addDays(T0, -12))).resolves.toEqual([]);
    await expect(band()).resolves.toEqual({ band: 'green', usage_dropped: true });
  });

  it('should emit a band change once, from the stored band, and nothing on a repeat pass', async () => {
    const events = await pass(T0);
    const { band: now } = await band();
    expect(now).not.toBe('green');
    expect(events).toEqual([
      { name: JobName.ClientHealthBandChanged, data: { businessId, changes: [{ clientId, from: 'green', to: now, score: expect.any(Number), changedAt: expect.any(String) }] } },
    ]);
    await expect(pass(T0)).resolves.toEqual([]);
  });

  it('should fire usage_dropped again after usage recovered and dropped anew', async () => {
    // a month later, back to daily visits for 4 weeks, then a thin fortnight
    await write({ entity: 'visits', records: Array.from({ length: 28 }, (_, k) => ({ externalId: `w${k}`, clientExternalId: 'regular', visitedAt: `${addDays(T0, 30 + k)}T10:00:00` })) });
    await pass(addDays(T0, 57));
    await expect(band()).resolves.toMatchObject({ usage_dropped: false });
    const again = await pass(addDays(T0, 67));
    expect(again.filter((e) => e.name === JobName.ClientUsageDropped)).toHaveLength(1);
  });

  it('should drop the health row of a member who is no longer scored (suspended)', async () => {
    await write({ entity: 'subscriptions', records: [{ externalId: 's1', clientExternalId: 'regular', startsOn: addDays(T0, -300), endsOn: addDays(T0, 60), billed: true }] });
    const result = await sut.compute(businessId, { ids: [clientId] }, undefined, { today: addDays(T0, 70) });
    expect(result).toMatchObject({ computed: 0, rowsRemoved: 1, bandChanges: [], usageDrops: [] });
    await expect(band()).resolves.toBeUndefined();
  });
});

describe('GET /api/v1/clients/:id/health', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  const as = (k: { apiKey: string }) => ({ Authorization: `Bearer ${k.apiKey}` });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'UTC' });
    b = await newBusiness(app.ds, { timezone: 'UTC' });
    await request(app.url)
      .post('/api/v1/import/clients')
      .set(as(a))
      .send([{ externalId: 'm' }, { externalId: 'lead', isMember: false }])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/subscriptions')
      .set(as(a))
      .send([{ externalId: 's', clientExternalId: 'm', startsOn: day(-100), billed: true }])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(as(a))
      .send([{ externalId: 'v', clientExternalId: 'm', visitedAt: `${day(-1)}T10:00:00Z` }])
      .expect(200);
    await request(app.url).post('/api/v1/risk/assess').set(as(a)).expect(200);
    await app.http!.get(HealthService).compute(a.businessId, { fromId: '0', toId: '9223372036854775807' });
  });
  afterAll(() => app.close());

  const idOf = async (ext: string) => (await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = $2`, [a.businessId, ext]))[0].id as string;

  it('should show the score, band, signals and contributions computed by the health pass', async () => {
    const id = await idOf('m');
    const res = await request(app.url).get(`/api/v1/clients/${id}/health`).set(as(a)).expect(200);
    expect(res.body).toMatchObject({ clientId: id, score: expect.any(Number), band: expect.stringMatching(/^(green|yellow|red)$/), usageDropped: false, computedOn: day(0) });
    expect(Object.keys(res.body.signals).sort()).toEqual(['bookingsAhead', 'frequency', 'payments', 'recency', 'reliability', 'trend']);
    // no bookings or invoices in this business: those signals are left out and weigh nothing
    expect(res.body.signals).toMatchObject({ bookingsAhead: null, payments: null, recency: (100 * 29) / 30 });
    const sum = Object.values(res.body.contributions as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(Math.round(sum)).toBe(res.body.score);
  });

  it('should answer a known client without a score (not a member) with nulls', async () => {
    const id = await idOf('lead');
    await expect(request(app.url).get(`/api/v1/clients/${id}/health`).set(as(a)).expect(200)).resolves.toMatchObject({ body: { clientId: id, score: null, band: null } });
  });

  it("should 404 an unknown client, a malformed id and another business's client", async () => {
    const id = await idOf('m');
    await request(app.url).get(`/api/v1/clients/${id}/health`).set(as(b)).expect(404);
    await request(app.url).get('/api/v1/clients/999999999/health').set(as(a)).expect(404);
    await request(app.url).get('/api/v1/clients/abc/health').set(as(a)).expect(404);
  });
});
