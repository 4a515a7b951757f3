import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { runMigrations } from '../../../src/database/migrate';
import { dropIndexesOfEmptyTables } from '../../../src/demo-data/demo-bulk';
import { generateDemoData } from '../../../src/demo-data/demo-data.generator';
import { recoverDroppedIndexes } from '../../../src/demo-data/demo-load-state';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

const TODAY = '2026-03-31';
const TZ = 'Europe/Stockholm';
const BULK_TABLES = ['client', 'subscription', 'subscription_freeze', 'quota', 'booking', 'visit', 'client_visit_week', 'sale', 'invoice'];

// Row fingerprints without surrogate ids (references followed to external ids), as in
// demo-data.int-spec.ts, so loads on different numbers of connections can be compared.
const CHECKSUMS: Record<string, string> = {
  client: `SELECT md5(string_agg(concat_ws('|', c.external_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date, c.gender,
             c.customer_type, l.external_id, s.external_id, c.suspended, c.email_consent, c.sms_consent, c.push_tokens::text,
             c.registered_at, c.first_visit_on, c.last_visit_on), ',' ORDER BY c.external_id))
           FROM client c LEFT JOIN location l ON l.id = c.home_location_id LEFT JOIN staff s ON s.id = c.owner_staff_id WHERE c.business_id = $1`,
  visit: `SELECT md5(string_agg(concat_ws('|', v.external_id, c.external_id, l.external_id, b.external_id, v.visited_at, v.visited_on, v.kind),
            ',' ORDER BY v.external_id))
          FROM visit v JOIN client c ON c.id = v.client_id LEFT JOIN location l ON l.id = v.location_id LEFT JOIN booking b ON b.id = v.booking_id
          WHERE v.business_id = $1`,
  booking: `SELECT md5(string_agg(concat_ws('|', b.external_id, c.external_id, p.external_id, b.kind, b.name, b.service_category, b.starts_at,
              b.booked_at, b.state, b.no_show_active, b.booked_via), ',' ORDER BY b.external_id))
            FROM booking b JOIN client c ON c.id = b.client_id LEFT JOIN product p ON p.id = b.product_id WHERE b.business_id = $1`,
  subscription: `SELECT md5(string_agg(concat_ws('|', s.external_id, c.external_id, p.external_id, s.starts_on, s.ends_on, s.binding_ends_on,
                   s.auto_renew, s.payment_method, s.price, s.billing_unit, s.billing_interval, s.billed, s.trailing_billing,
                   s.cancelled_at, s.cancellation_kind, s.cancellation_reason), ',' ORDER BY s.external_id))
                 FROM subscription s JOIN client c ON c.id = s.client_id LEFT JOIN product p ON p.id = s.product_id WHERE s.business_id = $1`,
  freeze: `SELECT md5(string_agg(concat_ws('|', f.external_id, s.external_id, f.starts_on, f.ends_on), ',' ORDER BY f.external_id))
           FROM subscription_freeze f JOIN subscription s ON s.id = f.subscription_id WHERE f.business_id = $1`,
  quota: `SELECT md5(string_agg(concat_ws('|', q.external_id, c.external_id, q.name, q.total_units, q.used_units, q.expires_on), ',' ORDER BY q.external_id))
          FROM quota q JOIN client c ON c.id = q.client_id WHERE q.business_id = $1`,
  sale: `SELECT md5(string_agg(concat_ws('|', s.external_id, c.external_id, s.sold_at, s.quantity, s.amount), ',' ORDER BY s.external_id))
         FROM sale s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1`,
  invoice: `SELECT md5(string_agg(concat_ws('|', i.external_id, c.external_id, i.amount, i.due_on, i.paid_at, i.direct_debit), ',' ORDER BY i.external_id))
            FROM invoice i JOIN client c ON c.id = i.client_id WHERE i.business_id = $1`,
  visitWeek: `SELECT md5(string_agg(concat_ws('|', c.external_id, w.week_start, w.visit_days), ',' ORDER BY c.external_id, w.week_start))
              FROM client_visit_week w JOIN client c ON c.id = w.client_id WHERE w.business_id = $1`,
};

async function checksums(ds: DataSource, businessId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, sql] of Object.entries(CHECKSUMS)) out[name] = (await ds.query(sql, [businessId]))[0].md5;
  return out;
}

/** Every index and unique / primary-key constraint of the bulk tables. */
async function schemaIndexes(ds: DataSource): Promise<string[]> {
  const rows: { d: string }[] = await ds.query(
    `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
     UNION ALL
     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
      WHERE contype IN ('u', 'p') AND conrelid::regclass::text = ANY($1)
     ORDER BY 1`,
    [BULK_TABLES],
  );
  return rows.map((r) => r.d);
}

/** Simulates a load killed right after its setup commit: indexes dropped and recorded. */
async function dropAndRecord(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await dropIndexesOfEmptyTables(runner, BULK_TABLES, null);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}

describe('demo data load: connections and crash safety', () => {
  const dbs: TestDb[] = [];
  const newDb = async () => {
    const db = await createTestDb();
    dbs.push(db);
    return db;
  };

  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('should write the same rows on 1, 2 and 3 connections', async () => {
    const opts = { clients: 301, months: 6, today: TODAY, seed: 11 };
    const sums = await Promise.all(
      [1, 2, 3].map(async (connections) => {
        const db = await newDb();
        const { businessId } = await newBusiness(db.ds, { timezone: TZ });
        const r = await generateDemoData(db.ds, { ...opts, businessId, connections });
        expect(r.connections).toBe(connections);
        expect(r.clients).toBe(301);
        const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM demo_load_state`);
        expect(n).toBe(0);
        return { sums: await checksums(db.ds, businessId), counts: [r.visits, r.bookings, r.invoices, r.sales, r.visitWeeks] };
      }),
    );
    expect(Object.values(sums[0].sums).every((v) => typeof v === 'string')).toBe(true);
    expect(sums[1]).toEqual(sums[0]);
    expect(sums[2]).toEqual(sums[0]);
  }, 180_000);

  it('should leave every index in place after a load, as the migrations define them', async () => {
    const fresh = await newDb();
    const before = await schemaIndexes(fresh.ds);
    const db = await newDb();
    const { businessId } = await newBusiness(db.ds, { timezone: TZ });
    await generateDemoData(db.ds, { clients: 50, months: 3, today: TODAY, seed: 3, businessId });
    expect(await schemaIndexes(db.ds)).toEqual(before);
  }, 120_000);

  it('should rebuild recorded indexes in npm run migrate after a simulated crash', async () => {
    const db = await newDb();
    const before = await schemaIndexes(db.ds);
    await dropAndRecord(db.ds);
    const dropped = await schemaIndexes(db.ds);
    expect(dropped.length).toBeLessThan(before.length - 10);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM demo_load_state`);
    // one record per dropped index (a constraint's index included)
    expect(n).toBe(indexCount(before) - indexCount(dropped));
    // one unique index already rebuilt but its constraint not yet attached (killed in between)
    const [half] = await db.ds.query(`SELECT index_name, index_def FROM demo_load_state WHERE table_name = 'visit' AND constraint_def LIKE 'UNIQUE%'`);
    await db.ds.query(half.index_def);

    await runMigrations(db.url);
    expect(await schemaIndexes(db.ds)).toEqual(before);
    const [{ left }] = await db.ds.query(`SELECT count(*)::int AS left FROM demo_load_state`);
    expect(left).toBe(0);
  }, 60_000);

  it('should rebuild recorded indexes when the generator starts', async () => {
    const db = await newDb();
    const before = await schemaIndexes(db.ds);
    await dropAndRecord(db.ds);
    const { businessId } = await newBusiness(db.ds, { timezone: TZ });
    // tables are empty again, so this load drops and rebuilds them itself as well
    await generateDemoData(db.ds, { clients: 40, months: 2, today: TODAY, seed: 5, businessId });
    expect(await schemaIndexes(db.ds)).toEqual(before);
    expect(await recoverDroppedIndexes(db.ds)).toEqual([]);
  }, 60_000);

  it('should leave no demo rows and recoverable indexes when the load is killed, and refuse the business after', async () => {
    const db = await newDb();
    const before = await schemaIndexes(db.ds);
    const { businessId } = await newBusiness(db.ds, { timezone: TZ });
    const gen = createDataSource(db.url);
    await gen.initialize();
    const run = generateDemoData(gen, { clients: 20_000, months: 12, today: TODAY, seed: 9, businessId }).then(
      () => 'finished',
      (e: Error) => e.message,
    );
    // kill every connection of the run once its range inserts are under way
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    let killed = 0;
    try {
      for (let i = 0; i < 600 && !killed; i++) {
        const [{ loading }] = (await admin.query(
          `SELECT count(*)::int AS loading FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%INSERT INTO booking%' AND state = 'active'`,
        )).rows;
        if (loading > 0) {
          killed = (await admin.query(
            `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'comeback') t`,
          )).rows[0].n;
        } else await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await admin.end();
    }
    expect(killed).toBeGreaterThan(0);
    expect(await run).toMatch(/terminat|Connection|ECONNRESET/i);
    await gen.destroy().catch(() => undefined);

    // the killed run left its drops recorded and no client rows
    await db.ds.destroy();
    await db.ds.initialize();
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM demo_load_state`);
    expect(n).toBeGreaterThan(0);
    const [{ clients }] = await db.ds.query(`SELECT count(*)::int AS clients FROM client WHERE business_id = $1`, [businessId]);
    expect(clients).toBe(0);

    await runMigrations(db.url);
    expect(await schemaIndexes(db.ds)).toEqual(before);
    await expect(generateDemoData(db.ds, { clients: 10, months: 2, today: TODAY, seed: 9, businessId })).rejects.toThrow(/already has demo data/);
  }, 120_000);
});

function indexCount(defs: string[]): number {
  return defs.filter((d) => d.startsWith('CREATE ')).length;
}
