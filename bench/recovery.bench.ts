import { DataSource } from 'typeorm';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { BoardRepository } from '../src/recovery/board/board.repository';
import { arg, ensureDatabase, timed } from './support/bench-setup';

// npm run bench:recovery [-- --clients 1000000 --entries 50000 --runs 30]
// The recovery board's first page (every column of the active group with its first 25 cards,
// the counts and unseen counts) for a business of `clients` clients with `entries` recovery
// entries (about a sixth of them closed), generated once with set-based SQL into its own
// database and reused by later runs. Reports the first (cold-ish) call and the median and p95 of
// `runs` more. quality goal: < 300 ms.
const DB = process.env.BENCH_RECOVERY_DATABASE ?? 'comeback_bench_recovery';

/**
 * A business with `clients` clients, one cancelled subscription for each of the first `entries`
 * and an entry for each (spread over the default group's three phases, a third unseen, half
 * assigned, a sixth closed). Reused when the database already holds one of that size.
 */
export async function recoveryBenchBusiness(ds: DataSource, clients: number, entries: number): Promise<string> {
  const [found] = await ds.query(
    `SELECT b.id FROM business b
      WHERE (SELECT count(*) FROM client c WHERE c.business_id = b.id) = $1
        AND (SELECT count(*) FROM recovery_entry e WHERE e.business_id = b.id) = $2 LIMIT 1`,
    [clients, entries],
  );
  if (found) return found.id;
  console.log(`generating ${clients} clients and ${entries} recovery entries into ${DB}...`);
  const [, ms] = await timed(async () => {
    const { businessId } = await new BusinessRepository(ds).create({ name: 'Recovery Bench Gym', timezone: 'Europe/Stockholm' });
    await ds.query(
      `INSERT INTO staff (business_id, source, external_id, first_name, last_name)
       SELECT $1, 'bench', 's' || g, 'Staff', g::text FROM generate_series(1, 20) g`,
      [businessId],
    );
    await ds.query(
      `INSERT INTO client (business_id, source, external_id, first_name, last_name, registered_at)
       SELECT $1, 'bench', 'c' || g, 'First' || g, 'Last' || g, now() - make_interval(days => g % 2000) FROM generate_series(1, $2) g`,
      [businessId, clients],
    );
    await ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, price, cancelled_at, cancellation_kind, cancellation_reason)
       SELECT $1, 'bench', 'sub' || c.id, c.id, DATE '2030-01-01', DATE '2031-12-31' + (c.id % 90)::int, 4900, now() - make_interval(days => (c.id % 120)::int),
              CASE WHEN c.id % 7 = 0 THEN 'extraordinary' ELSE 'ordinary' END, (ARRAY['price','moved away','injury','not using it'])[1 + c.id % 4]
         FROM (SELECT id FROM client WHERE business_id = $1 ORDER BY id LIMIT $2) c`,
      [businessId, entries],
    );
    await ds.query(
      `WITH phases AS (SELECT array_agg(p.id ORDER BY p.position) AS ids FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id WHERE g.business_id = $1 AND g.active),
            staff_ids AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff WHERE business_id = $1)
       INSERT INTO recovery_entry (business_id, client_id, source_kind, subscription_id, source_key, cancelled_on, reason, contract_ends_on, monthly_value,
                                   phase_id, assignee_staff_id, seen_at, outcome, outcome_at, outcome_by, created_at)
       SELECT s.business_id, s.client_id, 'cancellation', s.id, 'subscription:' || s.id, s.cancelled_at::date, s.cancellation_reason, s.ends_on, s.price,
              phases.ids[1 + s.id % 3], CASE WHEN s.id % 2 = 0 THEN staff_ids.ids[1 + s.id % 20] END,
              CASE WHEN s.id % 3 = 0 THEN NULL ELSE s.cancelled_at + interval '1 day' END,
              CASE WHEN s.id % 6 = 1 THEN 'lost' END, CASE WHEN s.id % 6 = 1 THEN s.cancelled_at + interval '60 days' END,
              CASE WHEN s.id % 6 = 1 THEN 'auto' END, s.cancelled_at
         FROM subscription s, phases, staff_ids WHERE s.business_id = $1`,
      [businessId],
    );
    await ds.query(`VACUUM (ANALYZE) client, subscription, staff, recovery_entry, recovery_phase, recovery_phase_group`);
    return businessId;
  });
  console.log(`generated in ${(ms / 1000).toFixed(1)} s`);
  return recoveryBenchBusiness(ds, clients, entries);
}

async function main(): Promise<void> {
  const clients = arg('clients', 1_000_000);
  const entries = arg('entries', 50_000);
  const runs = arg('runs', 30);
  const url = await ensureDatabase(DB);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const businessId = await recoveryBenchBusiness(ds, clients, entries);
    const board = new BoardRepository(ds);
    const [first, firstMs] = await timed(() => board.board(businessId, 25));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timed(() => board.board(businessId, 25)))[1]);
    times.sort((x, y) => x - y);
    const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    console.log(
      JSON.stringify(
        {
          clients,
          entries,
          openOnBoard: first?.total,
          unseenOnBoard: first?.unseen,
          cardsOnFirstPage: first?.columns.reduce((n, c) => n + c.entries.length, 0),
          boardFirstPageMs: { first: Math.round(firstMs), median: Math.round(pct(0.5)), p95: Math.round(pct(0.95)), runs },
          goalMs: 300,
        },
        null,
        2,
      ),
    );
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
