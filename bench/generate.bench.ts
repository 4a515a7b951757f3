import 'reflect-metadata';
import { Client } from 'pg';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { generateDemoData } from '../src/demo-data/demo-data.generator';

// npm run bench:generate [-- --clients N --months M --seed S --today YYYY-MM-DD --connections C]
// (or CLIENTS / MONTHS / SEED / TODAY / CONNECTIONS env; connections defaults to the generator's 2). Builds the reference data set into its own
// database, comeback_bench_generate (dropped and re-created), and prints the figures.
const DB = 'comeback_bench_generate';
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env[name.toUpperCase()] ?? fallback;
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const clients = Number(arg('clients', '1000000'));
  const months = Number(arg('months', '12'));
  const seed = Number(arg('seed', '42'));
  const today = arg('today', '') || undefined;
  const connections = arg('connections', '') ? Number(arg('connections', '')) : undefined;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB}`;

  const t0 = Date.now();
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  await runMigrations(url.toString());
  const setupSeconds = (Date.now() - t0) / 1000;

  const ds = createDataSource(url.toString());
  await ds.initialize();
  try {
    const { businessId } = await new BusinessRepository(ds).create({ name: 'Demo Gym', timezone: 'Europe/Stockholm', currency: 'SEK' });
    const result = await generateDemoData(ds, { businessId, clients, months, seed, today, connections });
    const tables = ['client', 'visit', 'client_visit_week', 'booking', 'subscription', 'subscription_freeze', 'quota', 'sale', 'invoice'];
    const rows: Record<string, number> = {};
    const sizes: Record<string, string> = {};
    for (const t of tables) {
      const [r] = await ds.query(`SELECT count(*)::bigint AS n, pg_size_pretty(pg_total_relation_size($1::regclass)) AS size FROM ${t}`, [t]);
      rows[t] = Number(r.n);
      sizes[t] = r.size;
    }
    const [mix] = await ds.query(
      `SELECT round(avg(visit_days), 2)::float AS mean_visit_days_per_active_week,
              (SELECT count(*) FROM client WHERE last_visit_on >= $1::date - 6)::int AS visited_last_7_days,
              (SELECT count(*) FROM client WHERE last_visit_on < $1::date - 21)::int AS absent_over_21_days
         FROM client_visit_week`,
      [result.today],
    );
    console.log(
      JSON.stringify(
        {
          clients: result.clients,
          visits: result.visits,
          months,
          seed,
          today: result.today,
          connections: result.connections,
          setupSeconds: Math.round(setupSeconds * 100) / 100,
          generateSeconds: result.seconds,
          phases: result.phases,
          rows,
          sizes,
          mix,
        },
        null,
        2,
      ),
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
