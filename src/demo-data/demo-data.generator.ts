import { DataSource, QueryRunner } from 'typeorm';
import { isValidTimezone } from '../business/timezone';
import { bookingsSql, clientsSql, visitsSql, visitWeeksSql } from './demo-activity.sql';
import { dropIndexesOfEmptyTables, recreateIndexes, reserveIds } from './demo-bulk';
import { CANCELLATION_REASONS, DEMO_PRODUCTS, DEMO_SOURCE, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES } from './demo-catalog';
import { insertCatalog } from './demo-catalog.repository';
import { BOOKING_SLOTS, DemoContext, MAX_WEEKS, SUBSCRIPTION_SLOTS } from './demo-context';
import { freezesSql, invoicesSql, quotasSql, salesSql, subscriptionsSql } from './demo-commerce.sql';
import { planFinishSql, planSql } from './demo-plan.sql';
import { DemoRandom } from './demo-random';

export interface DemoDataOptions {
  businessId: string;
  clients: number;
  months: number;
  seed: number;
  /** Local date (YYYY-MM-DD) the data set ends on; defaults to today in the business's time zone. */
  today?: string;
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
  locations: number;
  staff: number;
  products: number;
  seconds: number;
  /** Wall seconds per phase, in run order. */
  phases: Record<string, number>;
}

// Tables the generator fills in bulk; their secondary indexes are rebuilt after the load
// when they start out empty (demo-bulk.ts).
const BULK_TABLES = ['client', 'subscription', 'subscription_freeze', 'quota', 'booking', 'visit', 'client_visit_week', 'sale', 'invoice'];

/**
 * Builds a deterministic synthetic business (quality.md "Reference data set") in one
 * transaction of a few large set-based statements. The same seed and `today` give the same
 * rows (ids aside, which depend on what the tables already hold).
 */
export async function generateDemoData(ds: DataSource, opts: DemoDataOptions): Promise<DemoDataResult> {
  validate(opts);
  const started = Date.now();
  const phases: Record<string, number> = {};
  const runner = ds.createQueryRunner();
  await runner.connect();
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
  try {
    const business = await loadBusiness(runner, opts.businessId);
    const dates = await windowDates(runner, business.timezone, opts);
    await runner.startTransaction();
    await tuneSession(runner);
    // Blocks other writers of these tables (readers go on) while identity ranges are reserved.
    await runner.query(`LOCK TABLE client, subscription, booking IN SHARE ROW EXCLUSIVE MODE`);
    const [{ taken }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM client WHERE business_id = $1 AND source = $2) AS taken`, [
      opts.businessId,
      DEMO_SOURCE,
    ]);
    if (taken) throw new Error(`business ${opts.businessId} already has demo data; generate into a new business`);

    const ctx: DemoContext = {
      r: new DemoRandom(opts.seed),
      clients: opts.clients,
      ...dates,
      clientBase: await reserveIds(runner, 'client', opts.clients),
      subscriptionBase: await reserveIds(runner, 'subscription', opts.clients * SUBSCRIPTION_SLOTS),
      bookingBase: await reserveIds(runner, 'booking', opts.clients * dates.weeks * BOOKING_SLOTS),
    };
    const bt = [opts.businessId, business.timezone];
    const cat = await timed('catalog', () => insertCatalog(runner, opts.businessId));
    const p = cat.products;
    await timed('plan', async () => {
      await runner.query(planSql(ctx));
      await runner.query(planFinishSql(ctx));
    });
    const dropped = await timed('drop_indexes', () => dropIndexesOfEmptyTables(runner, BULK_TABLES));

    const membership = [p.allAccessMonthly, p.offPeakMonthly, p.seniorMonthly, p.corporateMonthly, p.annualPrepaid, p.annualInvoice, p.student4Week];
    const membershipKeys = ['allAccessMonthly', 'offPeakMonthly', 'seniorMonthly', 'corporateMonthly', 'annualPrepaid', 'annualInvoice', 'student4Week'] as const;
    const classes = ['clsSpin', 'clsYoga', 'clsHiit', 'clsPump', 'clsPilates'] as const;
    const services = ['svcPt', 'svcPhysio', 'svcMassage', 'svcScan'] as const;
    const cards = ['card10', 'card20', 'pt5'] as const;
    const retail = ['rtlBar', 'rtlShake', 'rtlBottle', 'rtlShirt'] as const;
    const clientManagers = [cat.staff[1], cat.staff[2]];

    const clients = await timed('clients', () =>
      exec(clientsSql(ctx), [...bt, FEMALE_NAMES, MALE_NAMES, LAST_NAMES, EMAIL_DOMAINS, cat.locations, clientManagers]),
    );
    const subscriptions = await timed('subscriptions', () =>
      exec(subscriptionsSql(ctx), [...bt, membership, membershipKeys.map((k) => DEMO_PRODUCTS[k].name), membershipKeys.map((k) => DEMO_PRODUCTS[k].price), CANCELLATION_REASONS]),
    );
    const freezes = await timed('freezes', () => exec(freezesSql(ctx), [opts.businessId]));
    const quotas = await timed('quotas', () =>
      exec(quotasSql(ctx), [opts.businessId, cards.map((k) => p[k]), cards.map((k) => DEMO_PRODUCTS[k].name), [10, 20, 5]]),
    );
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
    const visitWeeks = await timed('visit_weeks', () => exec(visitWeeksSql(ctx), [opts.businessId]));
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
    await timed('create_indexes', () => recreateIndexes(runner, dropped));
    await timed('analyze', async () => {
      for (const t of [...BULK_TABLES, 'location', 'staff', 'product']) await runner.query(`ANALYZE ${t}`);
    });
    await timed('commit', () => runner.commitTransaction());
    return {
      businessId: opts.businessId,
      today: dates.today,
      clients,
      visits,
      bookings,
      subscriptions,
      freezes,
      quotas,
      sales,
      invoices,
      visitWeeks,
      locations: cat.locations.length,
      staff: cat.staff.length,
      products: Object.keys(p).length,
      seconds: round((Date.now() - started) / 1000),
      phases,
    };
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}

function validate(opts: DemoDataOptions): void {
  if (!/^[0-9a-f-]{36}$/i.test(opts.businessId)) throw new Error(`businessId must be a uuid, got "${opts.businessId}"`);
  if (!Number.isInteger(opts.clients) || opts.clients < 1 || opts.clients > 20_000_000) throw new Error(`clients must be 1..20000000, got ${opts.clients}`);
  if (!Number.isInteger(opts.months) || opts.months < 1 || opts.months > 120) throw new Error(`months must be 1..120, got ${opts.months}`);
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`today must be YYYY-MM-DD, got "${opts.today}"`);
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
  // Transaction-local: the pooled connection goes back unchanged.
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
