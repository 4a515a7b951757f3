import { DataSource } from 'typeorm';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { DomainEvents } from '../src/queue/domain-events';
import { RhythmReadRepository } from '../src/rhythm/rhythm-read.repository';
import { RHYTHM_ROWS_SQL } from '../src/rhythm/rhythm-sql';
import { RHYTHM_WORK_MEM, RhythmRepository } from '../src/rhythm/rhythm.repository';
import { RhythmService } from '../src/rhythm/rhythm.service';
import { RhythmSettingsRepository } from '../src/rhythm/rhythm-settings.repository';
import { RHYTHM_DEFAULTS } from '../src/rhythm/rhythm.types';
import { arg, ensureDatabase, median, timed } from './support/bench-setup';

// npm run bench:rhythm [-- --clients 1000000 --per-client 20 --runs 10]
// A business of `clients` appointment clients with `per-client` appointments each (one of four
// service categories per client, a habit of 2-10 weeks with jitter, 5 % no-shows, some with a
// booking ahead, last visits spread over the past year), generated once with set-based SQL into
// its own database and reused. Prints: one read-only statement computing every median; the full
// rhythm pass (first: every row inserted; then a daily pass where little changed); the overdue
// list's first page (per category and over all). Goals (issue 13): pass < 15 s and <= 3x the
// read-only statement at 1M clients / 20M appointments; first page < 300 ms.
const DB = process.env.BENCH_RHYTHM_DATABASE ?? 'comeback_bench_rhythm';
const CATEGORIES = ['Hair', 'Colour', 'Massage', 'Nails'];

async function benchBusiness(ds: DataSource, clients: number, perClient: number): Promise<string> {
  const name = `Rhythm Bench ${clients}x${perClient}`;
  const [found] = await ds.query(`SELECT id FROM business WHERE name = $1`, [name]);
  if (found) return found.id;
  console.log(`generating ${clients} clients and ${clients * perClient} appointments into ${DB}...`);
  const [id, ms] = await timed(async () => {
    const { businessId } = await new BusinessRepository(ds).create({ name, timezone: 'Europe/Stockholm' });
    await ds.query(
      `INSERT INTO client (business_id, source, external_id, first_name, last_name)
       SELECT $1, 'bench', 'c' || g, 'First' || g, 'Last' || (g * 7919 % 100000) FROM generate_series(1, $2) g`,
      [businessId, clients],
    );
    // appointment k of a client: its last is (id % 360) days ago, each earlier one a cycle of
    // 14-70 days back with up to +-4 days of jitter
    await ds.query(
      `INSERT INTO booking (business_id, source, external_id, client_id, kind, service_category, starts_at, state)
       SELECT $1, 'bench', c.id || '-' || k, c.id, 'appointment', ($3::text[])[1 + c.id % 4],
              now() - make_interval(days => (c.id % 360)::int + (k * (14 + (c.id * 31 % 57)))::int + ((c.id + k * 13) % 9)::int - 4, hours => 2),
              CASE WHEN (c.id + k) % 20 = 0 THEN 'no_show' ELSE 'attended' END
         FROM client c CROSS JOIN generate_series(0, $2 - 1) k
        WHERE c.business_id = $1`,
      [businessId, perClient, CATEGORIES],
    );
    // one client in twelve has a booking ahead in their category
    await ds.query(
      `INSERT INTO booking (business_id, source, external_id, client_id, kind, service_category, starts_at, state)
       SELECT $1, 'bench', c.id || '-next', c.id, 'appointment', ($2::text[])[1 + c.id % 4], now() + make_interval(days => 1 + (c.id % 30)::int), 'booked'
         FROM client c WHERE c.business_id = $1 AND c.id % 12 = 0`,
      [businessId, CATEGORIES],
    );
    await ds.query(`ANALYZE client; ANALYZE booking`);
    return businessId;
  });
  console.log(`generated in ${(ms / 1000).toFixed(1)} s`);
  return id;
}

async function main(): Promise<void> {
  const clients = arg('clients', 1_000_000);
  const perClient = arg('per-client', 20);
  const runs = arg('runs', 10);
  const url = await ensureDatabase(DB);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const businessId = await benchBusiness(ds, clients, perClient);
    const s = RHYTHM_DEFAULTS;
    const at = new Date();
    // no queue here: the pass's events go nowhere
    const events = { publish: async () => undefined } as unknown as DomainEvents;
    const service = new RhythmService(new RhythmRepository(ds), new RhythmSettingsRepository(ds), events);
    const read = new RhythmReadRepository(ds);

    // the same work_mem as the pass's transaction, so the two sorts compare
    const runner = ds.createQueryRunner();
    await runner.query(`SET work_mem = '${RHYTHM_WORK_MEM}'`);
    const [[ro], readOnlyMs] = await timed(
      () =>
        runner.query(`SELECT count(*)::int AS n, avg(usual_interval_days)::float8 AS avg FROM (${RHYTHM_ROWS_SQL}) x`, [
          businessId,
          at.toISOString(),
          null,
          s.minAppointments,
          s.maxIntervals,
          s.tolerance,
          s.minSlackDays,
          s.goneFactor,
        ]) as Promise<Array<{ n: number; avg: number }>>,
    );
    await runner.release();
    console.log(`read-only medians: ${ro.n} rhythms (mean interval ${ro.avg.toFixed(1)} d) in ${(readOnlyMs / 1000).toFixed(2)} s`);

    await ds.query(`DELETE FROM client_rhythm WHERE business_id = $1`, [businessId]);
    await ds.query(`DELETE FROM rhythm_pass WHERE business_id = $1`, [businessId]);
    await ds.query(`VACUUM ANALYZE client_rhythm`);
    const [first, firstMs] = await timed(() => service.pass(businessId, at));
    console.log(`full pass, first (every row inserted): ${JSON.stringify(first)} in ${(firstMs / 1000).toFixed(2)} s = ${(firstMs / readOnlyMs).toFixed(2)}x the read-only statement`);
    await ds.query(`VACUUM ANALYZE client_rhythm`);
    const next = new Date(at.getTime() + 86_400_000);
    const [daily, dailyMs] = await timed(() => service.pass(businessId, next));
    console.log(`full pass, the next day (rows rewritten only where changed): ${JSON.stringify(daily)} in ${(dailyMs / 1000).toFixed(2)} s = ${(dailyMs / readOnlyMs).toFixed(2)}x`);

    for (const category of [CATEGORIES[0], undefined]) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i <= runs; i++) {
        const [page, ms] = await timed(() => read.overdueClients(businessId, { serviceCategory: category, limit: 50, offset: 0 }, next));
        total = page.total;
        if (i > 0) times.push(ms);
      }
      console.log(`overdue list first page (${category ?? 'all categories'}, ${total} overdue): median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${runs} runs`);
    }
    const [cats, catMs] = await timed(() => read.categories(businessId, next));
    console.log(`categories with counts: ${cats.map((c) => `${c.serviceCategory} ${c.overdue}/${c.known}`).join(', ')} in ${catMs.toFixed(1)} ms`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
