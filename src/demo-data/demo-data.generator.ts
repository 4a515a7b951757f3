import { DataSource, QueryRunner } from 'typeorm';
import { isValidTimezone } from '../business';
import { bookingsSql, clientsSql, visitsSql, visitWeeksSql } from './demo-activity.sql';
import { buildIndexes, dropIndexesOfEmptyTables, reserveIds } from './demo-bulk';
import { CANCELLATION_REASONS, DEMO_PRODUCTS, DEMO_SOURCE, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES } from './demo-catalog';
import { DemoCatalogIds, insertCatalog } from './demo-catalog.repository';
import { BOOKING_SLOTS, DemoContext, MAX_WEEKS, SUBSCRIPTION_SLOTS } from './demo-context';
import { freezesSql, invoicesSql, quotasSql, salesSql, subscriptionsSql } from './demo-commerce.sql';
import { DEMO_LOAD_LOCK, DroppedIndex, recoverDroppedIndexesLocked } from '../database/demo-load-state';
import { planFinishSql, planSql } from './demo-plan.sql';
import { DemoRandom } from './demo-random';
import { replayStatusHistory } from '../risk';

interface DemoDataOptions {
  businessId: string;
  clients: number;
  months: number;
  seed: number;
  /** Local date (YYYY-MM-DD) the data set ends on; defaults to today in the business's time zone. */
  today?: string;
  /** Connections (one client range each) the load runs on; default DEMO_CONNECTIONS or 2. */
  connections?: number;
  /**
   * Replay the risk rules over the generated history (default true): statuses and their
   * history as a pass at local midnight would have written them, every 7 days and at each
   * month's last day up to today (src/risk/assessment/status-history-replay.ts).
   */
  statusHistory?: boolean;
}

export interface DemoDataResult {
  businessId: string;
  today: string;
  clients: number;
  visits: number;
  bookings: number;
  subscriptions: number;
  freezes: number;
  quotas: number;
  sales: number;
  invoices: number;
  visitWeeks: number;
  /** status_change rows the replayed history wrote (0 when not replayed). */
  statusChanges: number;
  locations: number;
  staff: number;
  products: number;
  connections: number;
  seconds: number;
  /** Wall seconds per phase, in run order; a per-range phase reports its slowest connection, `load` the whole parallel section. */
  phases: Record<string, number>;
}

// Tables the generator fills in bulk; their secondary indexes are rebuilt after the load
// when they start out empty (demo-bulk.ts).
const BULK_TABLES = ['client', 'subscription', 'subscription_freeze', 'quota', 'booking', 'visit', 'client_visit_week', 'sale', 'invoice'];

/** Connections the load uses unless told otherwise (DEMO_CONNECTIONS overrides). */
const DEFAULT_CONNECTIONS = 2;
const MAINTENANCE_WORK_MEM = '2GB';

type Counts = Record<'clients' | 'subscriptions' | 'freezes' | 'quotas' | 'bookings' | 'visits' | 'visitWeeks' | 'sales' | 'invoices', number>;

/**
 * Builds a deterministic synthetic business (quality.md "Reference data set") with a few large
 * set-based statements. The same seed and `today` give the same rows (ids aside, which depend
 * on what the tables already hold), whatever the number of connections.
 *
 * How it runs (crash safety in demo-load-state.ts):
 *  1. Under the per-database advisory lock DEMO_LOAD_LOCK (one load at a time per database),
 *     rebuild whatever a killed earlier load left dropped.
 *  2. Setup transaction: refuse a business with demo rows, reserve the identity ranges,
 *     write the catalog, drop the indexes of empty bulk tables and record them. Commit.
 *  3. Load: the clients are split into `connections` contiguous index ranges; each connection
 *     plans its range and writes every per-client table for it in its own transaction. All
 *     rows of a client (and everything they reference except the catalog) come from the same
 *     connection, so foreign keys hold inside each transaction. The transactions commit
 *     together once all have succeeded; if one fails the others are cancelled and rolled back.
 *  4. The dropped indexes are built on all connections at once, then ANALYZE.
 *  5. The status history: the risk rules replayed as of past days (statusHistory).
 * A run killed during step 3 can at worst leave the rows of the ranges that had committed
 * (only in the instant between the commits); the business is then refused like any business
 * with demo rows (delete the business to clear them: every table cascades from it).
 */
export async function generateDemoData(ds: DataSource, opts: DemoDataOptions): Promise<DemoDataResult> {
  validate(opts);
  const connections = Math.min(opts.connections ?? defaultConnections(), opts.clients);
  const started = Date.now();
  const phases: Record<string, number> = {};
  const main = ds.createQueryRunner();
  await main.connect();
  const timed = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const out = await fn();
    phases[phase] = round((Date.now() - t0) / 1000);
    return out;
  };
  const workers: QueryRunner[] = [];
  let dropped: DroppedIndex[] = [];
  let locked = false;
  try {
    await main.query(`SELECT pg_advisory_lock(${DEMO_LOAD_LOCK})`);
    locked = true;
    const recovered = await recoverDroppedIndexesLocked(main);
    if (recovered.length) console.warn(`demo data: rebuilt ${recovered.length} index(es) an interrupted load had dropped: ${recovered.join(', ')}`);
    const business = await loadBusiness(main, opts.businessId);
    const dates = await windowDates(main, business.timezone, opts);

    // 2. setup
    await main.startTransaction();
    await main.query(`SET LOCAL synchronous_commit = off`);
    // Blocks other writers of these tables (readers go on) while identity ranges are reserved.
    await main.query(`LOCK TABLE client, subscription, booking IN SHARE ROW EXCLUSIVE MODE`);
    const [{ taken }] = await main.query(
      `SELECT EXISTS (SELECT 1 FROM client WHERE business_id = $1 AND source = $2)
           OR EXISTS (SELECT 1 FROM location WHERE business_id = $1 AND source = $2) AS taken`,
      [opts.businessId, DEMO_SOURCE],
    );
    if (taken) throw new Error(`business ${opts.businessId} already has demo data (possibly partial, from an interrupted run); generate into a new business`);
    const base = {
      r: new DemoRandom(opts.seed),
      clients: opts.clients,
      ...dates,
      clientBase: await reserveIds(main, 'client', opts.clients),
      subscriptionBase: await reserveIds(main, 'subscription', opts.clients * SUBSCRIPTION_SLOTS),
      bookingBase: await reserveIds(main, 'booking', opts.clients * dates.weeks * BOOKING_SLOTS),
    };
    const cat = await timed('catalog', () => insertCatalog(main, opts.businessId));
    dropped = await timed('drop_indexes', () => dropIndexesOfEmptyTables(main, BULK_TABLES, opts.businessId));
    await main.commitTransaction();

    // 3. load, one client range per connection
    for (let k = 0; k < connections; k++) {
      const w = ds.createQueryRunner();
      await w.connect();
      workers.push(w);
    }
    const pids: number[] = [];
    for (const w of workers) pids.push((await w.query(`SELECT pg_backend_pid() AS pid`))[0].pid);
    const loadStarted = Date.now();
    const runs = workers.map((w, k) => {
      const from = Math.floor((opts.clients * k) / connections);
      const to = Math.floor((opts.clients * (k + 1)) / connections);
      return loadRange(w, { ...base, from, to }, opts.businessId, business.timezone, cat);
    });
    let ranges: { counts: Counts; phases: Record<string, number> }[];
    try {
      ranges = await Promise.all(runs);
    } catch (e) {
      // stop the other connections' statements, then roll every range back
      await main.query(`SELECT pg_cancel_backend(p) FROM unnest($1::int[]) AS p`, [pids]).catch(() => undefined);
      await Promise.allSettled(runs);
      for (const w of workers) if (w.isTransactionActive) await w.rollbackTransaction().catch(() => undefined);
      throw e;
    }
    for (const r of ranges) for (const [phase, sec] of Object.entries(r.phases)) phases[phase] = Math.max(phases[phase] ?? 0, sec);
    await timed('commit', async () => {
      for (const w of workers) await w.commitTransaction();
    });
    phases.load = round((Date.now() - loadStarted) / 1000);

    // 4. indexes and statistics, on all connections
    const pool = [main, ...workers.slice(1)];
    await timed('create_indexes', () => buildIndexes(pool, dropped, MAINTENANCE_WORK_MEM));
    dropped = [];
    await timed('analyze', async () => {
      const queue = [...BULK_TABLES, 'location', 'staff', 'product'];
      await Promise.all(
        pool.map(async (r) => {
          for (let t = queue.shift(); t; t = queue.shift()) await r.query(`ANALYZE ${t}`);
        }),
      );
    });

    // 5. status history, replayed from the data now that it is indexed
    let statusChanges = 0;
    if (opts.statusHistory !== false) {
      const [{ taken }] = await main.query(`SELECT EXISTS (SELECT 1 FROM client_status WHERE business_id = $1) AS taken`, [opts.businessId]);
      if (taken) console.warn(`demo data: business ${opts.businessId} already has statuses; no status history replayed`);
      else {
        const replay = await timed('status_history', () => replayStatusHistory(ds, { businessId: opts.businessId, from: dates.start, to: dates.today, connections }));
        statusChanges = replay.changes;
        await timed('analyze_statuses', () => main.query(`ANALYZE client_status, status_change`));
      }
    }
    const sum = (k: keyof Counts) => ranges.reduce((n, r) => n + r.counts[k], 0);
    return {
      businessId: opts.businessId,
      today: dates.today,
      clients: sum('clients'),
      visits: sum('visits'),
      bookings: sum('bookings'),
      subscriptions: sum('subscriptions'),
      freezes: sum('freezes'),
      quotas: sum('quotas'),
      sales: sum('sales'),
      invoices: sum('invoices'),
      visitWeeks: sum('visitWeeks'),
      statusChanges,
      locations: cat.locations.length,
      staff: cat.staff.length,
      products: Object.keys(cat.products).length,
      connections,
      seconds: round((Date.now() - started) / 1000),
      phases,
    };
  } catch (e) {
    if (main.isTransactionActive) await main.rollbackTransaction().catch(() => undefined);
    // put back what this run dropped (committed drops only; the records say which)
    if (locked && dropped.length) await recoverDroppedIndexesLocked(main).catch(() => undefined);
    throw e;
  } finally {
    for (const w of workers) await w.release();
    if (locked) await main.query(`SELECT pg_advisory_unlock(${DEMO_LOAD_LOCK})`).catch(() => undefined);
    await main.release();
  }
}

/** Plans clients [ctx.from, ctx.to) and writes all their rows in one transaction it leaves open. */
async function loadRange(runner: QueryRunner, ctx: DemoContext, businessId: string, timezone: string, cat: DemoCatalogIds): Promise<{ counts: Counts; phases: Record<string, number> }> {
  const phases: Record<string, number> = {};
  const timed = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const out = await fn();
    phases[phase] = round((Date.now() - t0) / 1000);
    return out;
  };
  const exec = async (sql: string, params: unknown[]): Promise<number> => {
    const res = await runner.query(sql, params, true);
    return res.affected ?? 0;
  };
  const p = cat.products;
  const bt = [businessId, timezone];
  const membership = [p.allAccessMonthly, p.offPeakMonthly, p.seniorMonthly, p.corporateMonthly, p.annualPrepaid, p.annualInvoice, p.student4Week];
  const membershipKeys = ['allAccessMonthly', 'offPeakMonthly', 'seniorMonthly', 'corporateMonthly', 'annualPrepaid', 'annualInvoice', 'student4Week'] as const;
  const classes = ['clsSpin', 'clsYoga', 'clsHiit', 'clsPump', 'clsPilates'] as const;
  const services = ['svcPt', 'svcPhysio', 'svcMassage', 'svcScan'] as const;
  const cards = ['card10', 'card20', 'pt5'] as const;
  const retail = ['rtlBar', 'rtlShake', 'rtlBottle', 'rtlShirt'] as const;
  const clientManagers = [cat.staff[1], cat.staff[2]];

  await runner.startTransaction();
  try {
    await tuneSession(runner);
    await timed('plan', async () => {
      await runner.query(planSql(ctx));
      await runner.query(planFinishSql(ctx));
    });
    const clients = await timed('clients', () => exec(clientsSql(ctx), [...bt, FEMALE_NAMES, MALE_NAMES, LAST_NAMES, EMAIL_DOMAINS, cat.locations, clientManagers]));
    const subscriptions = await timed('subscriptions', () =>
      exec(subscriptionsSql(ctx), [...bt, membership, membershipKeys.map((k) => DEMO_PRODUCTS[k].name), membershipKeys.map((k) => DEMO_PRODUCTS[k].price), CANCELLATION_REASONS]),
    );
    const freezes = await timed('freezes', () => exec(freezesSql(ctx), [businessId]));
    const quotas = await timed('quotas', () => exec(quotasSql(ctx), [businessId, cards.map((k) => p[k]), cards.map((k) => DEMO_PRODUCTS[k].name), [10, 20, 5]]));
    const bookings = await timed('bookings', () =>
      exec(bookingsSql(ctx), [
        ...bt,
        cat.locations,
        classes.map((k) => p[k]),
        classes.map((k) => DEMO_PRODUCTS[k].name),
        services.map((k) => p[k]),
        services.map((k) => DEMO_PRODUCTS[k].name),
        services.map((k) => DEMO_PRODUCTS[k].category),
      ]),
    );
    const visits = await timed('visits', () => exec(visitsSql(ctx), [...bt, cat.locations]));
    const visitWeeks = await timed('visit_weeks', () => exec(visitWeeksSql(ctx), [businessId]));
    const sales = await timed('sales', () =>
      exec(salesSql(ctx), [
        ...bt,
        cat.locations,
        cards.map((k) => p[k]),
        cards.map((k) => DEMO_PRODUCTS[k].price),
        p.joinFee,
        DEMO_PRODUCTS.joinFee.price,
        retail.map((k) => p[k]),
        retail.map((k) => DEMO_PRODUCTS[k].price),
      ]),
    );
    const invoices = await timed('invoices', () => exec(invoicesSql(ctx), bt));
    return { counts: { clients, subscriptions, freezes, quotas, bookings, visits, visitWeeks, sales, invoices }, phases };
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw e;
  }
}

function defaultConnections(): number {
  const env = Number(process.env.DEMO_CONNECTIONS);
  return Number.isInteger(env) && env >= 1 ? env : DEFAULT_CONNECTIONS;
}

function validate(opts: DemoDataOptions): void {
  if (!/^[0-9a-f-]{36}$/i.test(opts.businessId)) throw new Error(`businessId must be a uuid, got "${opts.businessId}"`);
  if (!Number.isInteger(opts.clients) || opts.clients < 1 || opts.clients > 20_000_000) throw new Error(`clients must be 1..20000000, got ${opts.clients}`);
  if (!Number.isInteger(opts.months) || opts.months < 1 || opts.months > 120) throw new Error(`months must be 1..120, got ${opts.months}`);
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`today must be YYYY-MM-DD, got "${opts.today}"`);
  if (opts.connections !== undefined && (!Number.isInteger(opts.connections) || opts.connections < 1 || opts.connections > 16)) throw new Error(`connections must be 1..16, got ${opts.connections}`);
}

async function loadBusiness(runner: QueryRunner, id: string): Promise<{ timezone: string }> {
  const rows = await runner.query(`SELECT timezone FROM business WHERE id = $1`, [id]);
  if (!rows.length) throw new Error(`business ${id} not found`);
  if (!isValidTimezone(rows[0].timezone)) throw new Error(`business ${id} has an invalid time zone "${rows[0].timezone}"`);
  return rows[0];
}

async function windowDates(runner: QueryRunner, timezone: string, opts: DemoDataOptions) {
  const [row] = await runner.query(
    `WITH t AS (SELECT coalesce($2::date, (now() AT TIME ZONE $1)::date) AS today)
     SELECT to_char(today, 'YYYY-MM-DD') AS today,
            to_char((today - make_interval(months => $3))::date, 'YYYY-MM-DD') AS start,
            to_char(date_trunc('week', (today - make_interval(months => $3))::date), 'YYYY-MM-DD') AS week0,
            to_char(today + 14, 'YYYY-MM-DD') AS horizon,
            ((date_trunc('week', today + 14)::date - date_trunc('week', (today - make_interval(months => $3))::date)::date) / 7 + 1)::int AS weeks
       FROM t`,
    [timezone, opts.today ?? null, opts.months],
  );
  if (row.weeks > MAX_WEEKS) throw new Error(`history window too long (${row.weeks} weeks)`);
  return row as { today: string; start: string; week0: string; horizon: string; weeks: number };
}

async function tuneSession(runner: QueryRunner): Promise<void> {
  // Transaction-local: the pooled connection goes back unchanged. Per connection, so with
  // the default two connections the load can use up to ~2 x work_mem per sort / hash.
  await runner.query(`SET LOCAL work_mem = '256MB'`);
  // The statements look enormous to the planner (nested set-returning functions), which would
  // make it JIT-compile them for a second or more each; they are simple row pipelines.
  await runner.query(`SET LOCAL jit = off`);
  await runner.query(`SET LOCAL maintenance_work_mem = '1GB'`);
  await runner.query(`SET LOCAL synchronous_commit = off`);
  // Rows reference each other by construction (reserved id ranges), so the per-row foreign-key
  // triggers would only re-prove it at ~4 index probes per visit. Skipping them needs superuser;
  // without it the load still works, just slower. The integration test checks the references.
  const [{ su }] = await runner.query(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
  if (su) await runner.query(`SET LOCAL session_replication_role = replica`);
}

const round = (s: number): number => Math.round(s * 100) / 100;
