import { MindbodyRateLimitError } from '../../../src/integrations/mindbody/mindbody-api.client';
import { MindbodySyncError, MindbodySyncService, syncLockName } from '../../../src/integrations/sync/mindbody-sync.service';
import { RunOptions } from '../../../src/integrations/sync/mindbody-sync.types';
import { SessionLock } from '../../../src/integrations/sync/session-lock';
import { MindbodyApiFake, startMindbodyApiFake } from '../../fakes/mindbody-api.fake';
import { startTestApp, TestApp } from '../../support/test-app';
import { connectedBusiness, count, externalIds, syncRow } from './sync-test-helpers';

// The fake's data set is dated early March 2025; the sync's window clock is pinned to it.
const NOW = new Date('2025-03-10T00:00:00Z');
const FAST: RunOptions = { now: NOW, client: { sleep: async () => undefined, backoffBaseMs: 1 } };

describe('MindbodySyncService (real PostgreSQL, Mindbody fake)', () => {
  let fake: MindbodyApiFake;
  let app: TestApp;
  let sync: MindbodySyncService;

  beforeAll(async () => {
    fake = await startMindbodyApiFake();
    app = await startTestApp({ http: false, worker: true, env: { MINDBODY_API_URL: fake.url } });
    sync = app.worker!.get(MindbodySyncService, { strict: false });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });
  beforeEach(() => {
    fake.state.requests.length = 0;
  });

  const walkOffsets = (path: string) => fake.state.requests.filter((r) => r.path === path && r.status === 200 && !r.query.clientids).map((r) => Number(r.query.offset?.[0] ?? 0));

  it('should land locations, clients, subscriptions, bookings, visits and sales with their ids', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);

    const result = await sync.run(businessId, FAST);

    expect(result).toMatchObject({ status: 'ok' });
    expect(await externalIds(app.ds, 'location', businessId)).toEqual(['1', '2']);
    expect(await externalIds(app.ds, 'client', businessId)).toEqual(['100001', '100002', '100003']);
    expect(await externalIds(app.ds, 'subscription', businessId)).toEqual(['5001']);
    expect(await externalIds(app.ds, 'booking', businessId)).toEqual(['appt:3001', 'class:70001', 'class:70002']);
    expect(await externalIds(app.ds, 'visit', businessId)).toEqual(['70001', 'appt:3001']);
    expect(await externalIds(app.ds, 'sale', businessId)).toEqual(['8001:0', '8001:1']);

    const clients = await app.ds.query(
      `SELECT external_id, alt_external_id, is_member, deleted_at IS NOT NULL AS deleted, home_location_id IS NOT NULL AS has_home
         FROM client WHERE business_id = $1 ORDER BY external_id`,
      [businessId],
    );
    expect(clients).toEqual([
      { external_id: '100001', alt_external_id: 'A100', is_member: true, deleted: false, has_home: true },
      { external_id: '100002', alt_external_id: 'B200', is_member: false, deleted: false, has_home: true },
      { external_id: '100003', alt_external_id: 'C300', is_member: false, deleted: true, has_home: false },
    ]);
    // appointments and sales reference clients by RSSID only; they resolved through alt_external_id
    const [appt] = await app.ds.query(`SELECT c.external_id, b.state FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1 AND b.external_id = 'appt:3001'`, [businessId]);
    expect(appt).toEqual({ external_id: '100002', state: 'attended' });
    expect(fake.state.requests.some((r) => !!r.query.clientids)).toBe(false);
    // contracts: a full first pass, one call per client
    expect(fake.state.countRequests('/client/clientcontracts')).toBe(3);

    for (const kind of ['run', 'locations', 'clients', 'contracts', 'classes', 'appointments', 'sales']) {
      const row = await syncRow(app.ds, businessId, kind);
      expect(row).toMatchObject({ last_error: null });
      expect(row.last_success_at).toBeInstanceOf(Date);
    }
    expect((await syncRow(app.ds, businessId, 'clients')).cursor).toEqual({ modifiedSince: '2025-03-09T00:00:00.000Z', offset: 0, walkStartedAt: null });
    expect((await syncRow(app.ds, businessId, 'clients')).records).toBe(3);
    expect((await syncRow(app.ds, businessId, 'sales')).cursor).toEqual({
      windowStart: null,
      windowEnd: null,
      offset: 0,
      nextWindowStart: '2025-03-09T00:00:00.000Z',
    });
  });

  it('should change nothing when run again, or when everything is re-read from scratch', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    await sync.run(businessId, FAST);
    const fingerprint = async () =>
      app.ds.query(
        `SELECT 'client' AS t, count(*)::int AS n, max(updated_at) AS at FROM client WHERE business_id = $1
         UNION ALL SELECT 'subscription', count(*)::int, max(updated_at) FROM subscription WHERE business_id = $1
         UNION ALL SELECT 'booking', count(*)::int, max(updated_at) FROM booking WHERE business_id = $1
         UNION ALL SELECT 'visit', count(*)::int, max(created_at) FROM visit WHERE business_id = $1
         UNION ALL SELECT 'sale', count(*)::int, max(created_at) FROM sale WHERE business_id = $1
         UNION ALL SELECT 'location', count(*)::int, max(updated_at) FROM location WHERE business_id = $1`,
        [businessId],
      );
    const before = await fingerprint();

    const again = await sync.run(businessId, { ...FAST, now: new Date('2025-03-10T02:00:00Z') });
    expect(again).toMatchObject({ status: 'ok', records: { locations: 0, clients: 0, contracts: 0, classes: 0, appointments: 0, sales: 0 } });

    await app.ds.query(`DELETE FROM sync_state WHERE business_id = $1`, [businessId]);
    const reread = await sync.run(businessId, FAST);
    expect(reread).toMatchObject({ status: 'ok', records: { locations: 0, clients: 0, contracts: 0, classes: 0, appointments: 0, sales: 0 } });
    expect(await fingerprint()).toEqual(before);
  });

  it('should store the cursor and error when a page fails, then resume at that page without re-reading earlier ones', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    const opts: RunOptions = { ...FAST, tuning: { pageSize: 1 } };
    fake.state.failOn({ path: '/client/clients', offset: 1, status: 500 });

    const first = await sync.run(businessId, opts).catch((e) => e);

    expect(first).toBeInstanceOf(MindbodySyncError);
    expect((first as MindbodySyncError).failures.map((f) => f.kind)).toEqual(['clients']);
    expect(walkOffsets('/client/clients')).toEqual([0]);
    const failed = await syncRow(app.ds, businessId, 'clients');
    expect(failed.cursor).toMatchObject({ modifiedSince: null, offset: 1 });
    expect(failed.cursor.walkStartedAt).toBe(NOW.toISOString());
    expect(failed.last_error).toMatch(/500.*Injected failure/);
    expect(failed.last_success_at).toBeNull();
    expect((await syncRow(app.ds, businessId, 'run')).last_error).toMatch(/clients:/);
    // later kinds still ran; the references to clients not yet synced were fetched by id
    expect((await syncRow(app.ds, businessId, 'sales')).last_success_at).toBeInstanceOf(Date);

    fake.state.requests.length = 0;
    const second = await sync.run(businessId, { ...opts, now: new Date('2025-03-10T01:00:00Z') });

    expect(second).toMatchObject({ status: 'ok' });
    expect(walkOffsets('/client/clients')).toEqual([1, 2]);
    const done = await syncRow(app.ds, businessId, 'clients');
    // the next modifiedSince derives from the interrupted walk's start, not the resuming run's
    expect(done.cursor).toEqual({ modifiedSince: '2025-03-09T00:00:00.000Z', offset: 0, walkStartedAt: null });
    expect(done.last_success_at.getTime()).toBeGreaterThan(done.last_error_at.getTime());
    expect(await count(app.ds, 'client', businessId)).toBe(3);
    expect(await count(app.ds, 'sale', businessId)).toBe(2);
  });

  it('should back off on 429 and finish', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    fake.state.rateLimitNext(3, 0);

    await expect(sync.run(businessId, FAST)).resolves.toMatchObject({ status: 'ok' });

    expect(fake.state.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(await count(app.ds, 'client', businessId)).toBe(3);
  });

  it('should fail the run on a 429 storm, stop calling, and resume later', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    fake.state.rateLimitNext(1000);

    const err = await sync.run(businessId, { ...FAST, client: { ...FAST.client, maxRetries: 2 } }).catch((e) => e);

    expect(err).toBeInstanceOf(MindbodySyncError);
    expect((err as MindbodySyncError).failures).toHaveLength(1);
    expect((err as MindbodySyncError).failures[0].error).toBeInstanceOf(MindbodyRateLimitError);
    expect(fake.state.requests).toHaveLength(3); // one call, two retries, then the run stopped
    expect((await syncRow(app.ds, businessId, 'locations')).last_error).toMatch(/rate limited/);
    expect(await syncRow(app.ds, businessId, 'clients')).toBeUndefined();

    fake.state.rateLimitNext(0);
    await expect(sync.run(businessId, FAST)).resolves.toMatchObject({ status: 'ok' });
    expect(await count(app.ds, 'client', businessId)).toBe(3);
  });

  it('should skip a run while another holds the business lock', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    const held = await SessionLock.tryAcquire(app.ds, syncLockName(businessId));
    expect(held).toBeDefined();
    await expect(sync.run(businessId, FAST)).resolves.toEqual({ status: 'skipped', reason: 'locked' });
    expect(fake.state.requests).toHaveLength(0);
    await held!.release();

    const results = await Promise.all([sync.run(businessId, FAST), sync.run(businessId, FAST)]);

    expect(results.map((r) => r.status).sort()).toEqual(['ok', 'skipped']);
    expect(fake.state.countRequests('/usertoken/issue')).toBe(1);
  });

  it('should skip a business without a Mindbody connection', async () => {
    const other = await connectedBusiness(app.ds, app.config);
    await app.ds.query(`UPDATE integration_connection SET enabled = false WHERE business_id = $1`, [other.businessId]);
    await expect(sync.run(other.businessId, FAST)).resolves.toEqual({ status: 'skipped', reason: 'not_connected' });
  });

  it('should fetch clients that rows reference by an RSSID we do not know, and re-read only changed windows', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    await sync.run(businessId, FAST);
    // a client the change feed won't return (modified before modifiedSince) with a new sale
    fake.state.data.clients.push({ Id: 'D400', UniqueId: 100004, FirstName: 'Di', Status: 'Active', Active: true, LastModifiedDateTime: '2024-01-01T00:00:00' });
    fake.state.data.sales.push({ Id: 8002, SaleDateTime: '2025-03-10T03:00:00', ClientId: 'D400', LocationId: 2, PurchasedItems: [{ Quantity: 1, TotalAmount: 10 }] });
    try {
      fake.state.requests.length = 0;
      const r = await sync.run(businessId, { ...FAST, now: new Date('2025-03-10T06:00:00Z') });

      expect(r).toMatchObject({ status: 'ok', records: { sales: 2 } }); // the fetched client + the sale line
      const [sale] = await app.ds.query(`SELECT c.external_id, c.alt_external_id, c.is_stub FROM sale s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1 AND s.external_id = '8002:0'`, [
        businessId,
      ]);
      expect(sale).toEqual({ external_id: '100004', alt_external_id: 'D400', is_stub: false });
      expect(fake.state.requests.filter((q) => q.query.clientids)).toHaveLength(1);
      // the classes window moved on: March 3rd's class is not re-read
      expect(fake.state.countRequests('/class/classvisits')).toBe(0);
      const classes = fake.state.requests.find((q) => q.path === '/class/classes')!;
      expect(classes.query.startdatetime).toEqual(['2025-03-08T01:00:00']); // NOW - 2 days, Stockholm wall clock
    } finally {
      fake.state.data.clients.pop();
      fake.state.data.sales.pop();
    }
  });
});
