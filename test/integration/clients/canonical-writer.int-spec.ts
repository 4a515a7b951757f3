import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch, WriteOptions, WriteResult } from '../../../src/clients/ingest/ingest.types';
import { createTestDb, TestDb } from '../../support/test-db';
import { newBusiness } from '../../support/factories';

describe('CanonicalWriter (real PostgreSQL)', () => {
  let db: TestDb;
  let businessId: string;

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'America/New_York' }));
  });
  afterAll(() => db.drop());

  const write = (batch: IngestBatch, opts: WriteOptions = { mode: 'strict' }, source = 'import'): Promise<WriteResult> =>
    db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, source, batch, opts));
  const one = async (sql: string, params: unknown[] = []) => (await db.ds.query(sql, params))[0];

  it('should insert, then write nothing when the same records arrive again', async () => {
    const batch: IngestBatch = {
      entity: 'clients',
      records: [
        { externalId: 'c1', firstName: 'Ada', email: 'ada@example.com', gender: 'female', pushTokens: ['t1', 't2'] },
        { externalId: 'c2', firstName: 'Bo' },
      ],
    };
    const first = await write(batch);
    expect(first).toMatchObject({ accepted: 2, inserted: 2, updated: 0, unchanged: 0, rejected: [] });
    expect(first.changes).toHaveLength(2);
    const again = await write(batch);
    expect(again).toMatchObject({ accepted: 2, inserted: 0, updated: 0, unchanged: 2, changes: [] });
    const c1 = await one(`SELECT first_name, gender, push_tokens FROM client WHERE business_id = $1 AND external_id = 'c1'`, [businessId]);
    expect(c1).toEqual({ first_name: 'Ada', gender: 'female', push_tokens: ['t1', 't2'] });
  });

  it('should leave fields a record omits unchanged and update the ones it carries', async () => {
    const r = await write({ entity: 'clients', records: [{ externalId: 'c1', lastName: 'Lovelace' }] });
    expect(r.updated).toBe(1);
    const c1 = await one(`SELECT first_name, last_name, email FROM client WHERE business_id = $1 AND external_id = 'c1'`, [businessId]);
    expect(c1).toEqual({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' });
  });

  it('should never let an older update overwrite a newer one', async () => {
    await write({ entity: 'clients', records: [{ externalId: 'c3', firstName: 'New', updatedAt: '2026-03-02T10:00:00Z' }] });
    const stale = await write({ entity: 'clients', records: [{ externalId: 'c3', firstName: 'Old', updatedAt: '2026-03-01T10:00:00Z' }] });
    expect(stale).toMatchObject({ accepted: 1, updated: 0, unchanged: 1 });
    expect((await one(`SELECT first_name FROM client WHERE external_id = 'c3'`)).first_name).toBe('New');
  });

  it('should reject bad records by index and field while the valid ones land', async () => {
    const r = await write({
      entity: 'clients',
      records: [
        { externalId: 'ok1' },
        { externalId: 'bad1', gender: 'robot' },
        { externalId: 'bad2', birthDate: '2026-02-30' },
        'not an object' as unknown as Record<string, unknown>,
        { firstName: 'no id' },
        { externalId: 'bad3', suspended: 'yes' },
        { externalId: 'bad4', favouriteColour: 'red' },
        { externalId: 'ok2', isMember: null },
      ],
    });
    expect(r.accepted).toBe(2);
    expect(r.rejected).toEqual([
      { index: 1, field: 'gender', reason: 'must be one of female, male, other, unknown' },
      { index: 2, field: 'birthDate', reason: 'must be a calendar date YYYY-MM-DD' },
      { index: 3, field: '(record)', reason: 'must be an object, got string' },
      { index: 4, field: 'externalId', reason: 'is required' },
      { index: 5, field: 'suspended', reason: 'must be true or false, got string' },
      { index: 6, field: 'favouriteColour', reason: 'unknown field for clients' },
    ]);
    expect(Number((await one(`SELECT count(*) FROM client WHERE external_id IN ('ok1','ok2')`)).count)).toBe(2);
  });

  it('should reject records whose client is unknown in strict mode and stub the client in lenient mode', async () => {
    const strict = await write({ entity: 'visits', records: [{ externalId: 'v-x', clientExternalId: 'ghost', visitedAt: '2026-03-01T10:00:00Z' }] });
    expect(strict.rejected).toEqual([{ index: 0, field: 'clientExternalId', reason: 'no client with externalId "ghost" from source "import"' }]);
    const lenient = await write({ entity: 'visits', records: [{ externalId: 'v-x', clientExternalId: 'ghost', visitedAt: '2026-03-01T10:00:00Z' }] }, { mode: 'lenient' });
    expect(lenient).toMatchObject({ accepted: 1, inserted: 1 });
    expect(await one(`SELECT is_stub FROM client WHERE external_id = 'ghost'`)).toEqual({ is_stub: true });
    await write({ entity: 'clients', records: [{ externalId: 'ghost', firstName: 'Casper' }] });
    expect(await one(`SELECT is_stub, first_name FROM client WHERE external_id = 'ghost'`)).toEqual({ is_stub: false, first_name: 'Casper' });
  });

  it('should store visited_on as the local day and keep last_visit_on and weekly rollups current', async () => {
    // 2026-03-03 03:30Z is still 2 March in New York
    const r = await write({
      entity: 'visits',
      records: [
        { externalId: 'v1', clientExternalId: 'c2', visitedAt: '2026-03-03T03:30:00Z', kind: 'gym' },
        { externalId: 'v2', clientExternalId: 'c2', visitedAt: '2026-03-02T18:00:00', kind: 'class' },
        { externalId: 'v3', clientExternalId: 'c2', visitedAt: '2026-03-04T07:00:00-05:00' },
      ],
    });
    expect(r).toMatchObject({ inserted: 3, rejected: [] });
    const days = await db.ds.query(`SELECT external_id, visited_on::text FROM visit WHERE external_id IN ('v1','v2','v3') ORDER BY 1`);
    expect(days).toEqual([
      { external_id: 'v1', visited_on: '2026-03-02' },
      { external_id: 'v2', visited_on: '2026-03-02' },
      { external_id: 'v3', visited_on: '2026-03-04' },
    ]);
    const c = await one(`SELECT id, first_visit_on::text, last_visit_on::text FROM client WHERE external_id = 'c2'`);
    expect(c).toMatchObject({ first_visit_on: '2026-03-02', last_visit_on: '2026-03-04' });
    expect(await db.ds.query(`SELECT week_start::text, visit_days FROM client_visit_week WHERE client_id = $1`, [c.id])).toEqual([{ week_start: '2026-03-02', visit_days: 2 }]);
    // moving v3 to the next week refreshes both weeks
    await write({ entity: 'visits', records: [{ externalId: 'v3', clientExternalId: 'c2', visitedAt: '2026-03-10T12:00:00Z' }] });
    expect(await db.ds.query(`SELECT week_start::text, visit_days FROM client_visit_week WHERE client_id = $1 ORDER BY 1`, [c.id])).toEqual([
      { week_start: '2026-03-02', visit_days: 1 },
      { week_start: '2026-03-09', visit_days: 1 },
    ]);
    expect((await one(`SELECT last_visit_on::text FROM client WHERE id = $1`, [c.id])).last_visit_on).toBe('2026-03-10');
  });

  it('should set registered_at to local midnight of the first subscription', async () => {
    await write({ entity: 'products', records: [{ externalId: 'p1', name: 'Monthly', kind: 'membership', labels: ['gold'] }] });
    const r = await write({
      entity: 'subscriptions',
      records: [
        { externalId: 's2', clientExternalId: 'c1', productExternalId: 'p1', startsOn: '2025-06-01', price: 4900, paymentMethod: 'direct_debit' },
        { externalId: 's1', clientExternalId: 'c1', startsOn: '2025-01-15', endsOn: '2025-05-31' },
        { externalId: 's3', clientExternalId: 'c1', startsOn: '2025-02-01', endsOn: '2025-01-01' },
      ],
    });
    expect(r.rejected).toEqual([{ index: 2, field: 'endsOn', reason: 'must be on or after startsOn' }]);
    const c = await one(`SELECT registered_at FROM client WHERE external_id = 'c1'`);
    expect((c.registered_at as Date).toISOString()).toBe('2025-01-15T05:00:00.000Z');
  });

  it('should keep the newest of duplicate external ids within one batch', async () => {
    const r = await write({
      entity: 'clients',
      records: [
        { externalId: 'dup', firstName: 'Second', updatedAt: '2026-01-02T00:00:00Z' },
        { externalId: 'dup', firstName: 'First', updatedAt: '2026-01-01T00:00:00Z' },
      ],
    });
    expect(r).toMatchObject({ accepted: 2, inserted: 1, unchanged: 1 });
    expect((await one(`SELECT first_name FROM client WHERE external_id = 'dup'`)).first_name).toBe('Second');
  });

  it('should keep each business and source apart', async () => {
    const other = await newBusiness(db.ds);
    await db.ds.transaction((m) => new CanonicalWriter(m).write(other.businessId, 'import', { entity: 'clients', records: [{ externalId: 'c1', firstName: 'Other' }] }, { mode: 'strict' }));
    await write({ entity: 'clients', records: [{ externalId: 'c1', firstName: 'FromMindbody' }] }, { mode: 'strict' }, 'mindbody');
    const rows = await db.ds.query(`SELECT business_id = $1 AS mine, source, first_name FROM client WHERE external_id = 'c1' ORDER BY 1, 2`, [businessId]);
    expect(rows).toEqual([
      { mine: false, source: 'import', first_name: 'Other' },
      { mine: true, source: 'import', first_name: 'Ada' },
      { mine: true, source: 'mindbody', first_name: 'FromMindbody' },
    ]);
  });
});

describe('CanonicalWriter: update-only batches and alternate client ids', () => {
  let db: TestDb;
  let businessId: string;

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    await write({ entity: 'clients', records: [{ externalId: 'u1', altExternalId: 'BARCODE-1', firstName: 'Una' }] });
    await write({
      entity: 'bookings',
      records: [{ externalId: 'class:1', clientExternalId: 'u1', kind: 'class', startsAt: '2026-04-01T09:00:00', state: 'booked', updatedAt: '2026-03-01T10:00:00Z' }],
    });
  });
  afterAll(() => db.drop());

  const write = (batch: IngestBatch, opts: WriteOptions = { mode: 'lenient' }): Promise<WriteResult> => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'mindbody', batch, opts));

  it('should change only the fields an update-only record carries, and reject one whose row does not exist', async () => {
    const r = await write({
      entity: 'bookings',
      updateOnly: true,
      records: [
        { externalId: 'class:1', state: 'late_cancelled', updatedAt: '2026-03-02T10:00:00Z' },
        { externalId: 'class:999', state: 'cancelled' },
      ],
    });
    expect(r).toMatchObject({ accepted: 1, updated: 1, inserted: 0 });
    expect(r.rejected).toEqual([{ index: 1, field: 'externalId', reason: 'no bookings record "class:999" to update' }]);
    const [row] = await db.ds.query(`SELECT state, kind, starts_at FROM booking WHERE external_id = 'class:1'`);
    expect(row.state).toBe('late_cancelled');
    expect(row.kind).toBe('class');
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM booking WHERE external_id = 'class:999'`)).toEqual([{ n: 0 }]);
  });

  it('should not let an older update-only record overwrite a newer state', async () => {
    const r = await write({ entity: 'bookings', updateOnly: true, records: [{ externalId: 'class:1', state: 'booked', updatedAt: '2026-03-01T12:00:00Z' }] });
    expect(r).toMatchObject({ accepted: 1, updated: 0, unchanged: 1 });
    expect((await db.ds.query(`SELECT state FROM booking WHERE external_id = 'class:1'`))[0].state).toBe('late_cancelled');
  });

  it("should resolve a client named by the source's alternate id; an unknown one is rejected in strict mode and held on a placeholder in lenient mode", async () => {
    const r = await write(
      {
        entity: 'sales',
        records: [
          { externalId: 's1:0', clientAltExternalId: 'BARCODE-1', soldAt: '2026-03-03T12:00:00', amount: 12900 },
          { externalId: 's2:0', clientAltExternalId: 'NOBODY', soldAt: '2026-03-03T12:00:00', amount: 100 },
        ],
      },
      { mode: 'strict' },
    );
    expect(r).toMatchObject({ accepted: 1, inserted: 1 });
    expect(r.rejected).toEqual([{ index: 1, field: 'clientAltExternalId', reason: 'no client with altExternalId "NOBODY" from source "mindbody"' }]);
    const [sale] = await db.ds.query(`SELECT c.external_id FROM sale s JOIN client c ON c.id = s.client_id WHERE s.external_id = 's1:0'`);
    expect(sale.external_id).toBe('u1');
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [businessId])).toEqual([{ n: 1 }]);

    // lenient (webhooks, sync): a placeholder stub holds the id until the real client arrives
    const lenient = await write({ entity: 'sales', records: [{ externalId: 's2:0', clientAltExternalId: 'NOBODY', soldAt: '2026-03-03T12:00:00', amount: 100 }] });
    expect(lenient).toMatchObject({ accepted: 1, inserted: 1, rejected: [] });
    expect(await db.ds.query(`SELECT external_id, alt_external_id, is_stub FROM client WHERE business_id = $1 AND alt_external_id = 'NOBODY'`, [businessId])).toEqual([
      { external_id: 'alt:NOBODY', alt_external_id: 'NOBODY', is_stub: true },
    ]);
  });

  it('should require a client reference one way or the other', async () => {
    const r = await write({ entity: 'sales', records: [{ externalId: 's3:0', soldAt: '2026-03-03T12:00:00' }] });
    expect(r.rejected).toEqual([{ index: 0, field: 'clientExternalId', reason: 'is required (or clientAltExternalId)' }]);
  });
});
