import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { runMigrations } from '../../../src/database/migrate';
import { dropIndexesOfEmptyTables } from '../../../src/demo-data/demo-bulk';
import { generateDemoData } from '../../../src/demo-data/demo-data.generator';
import { recoverDroppedIndexes } from '../../../src/database/demo-load-state';
import { newBusiness } from '../../support/factories';
import { checksums } from '../../support/demo-checksums';
import { createTestDb, TestDb } from '../../support/test-db';

const TODAY = '2026-03-31';
const TZ = 'Europe/Stockholm';
const BULK_TABLES = ['client', 'subscription', 'subscription_freeze', 'quota', 'booking', 'visit', 'client_visit_week', 'sale', 'invoice'];

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
        const [{ loading }] = (
          await admin.query(
            `SELECT count(*)::int AS loading FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%INSERT INTO booking%' AND state = 'active'`,
          )
        ).rows;
        if (loading > 0) {
          killed = (
            await admin.query(
              `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'comeback') t`,
            )
          ).rows[0].n;
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
