import { DataSource } from 'typeorm';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { RecoveryIntakeRepository } from '../src/recovery/intake/recovery-intake.repository';
import { RECORD_EXISTING_BATCH } from '../src/recovery/intake/recovery-intake.service';
import { chunk } from '../src/database/chunk';
import { arg, ensureDatabase, timed } from './support/bench-setup';

// npm run bench:recovery-intake [-- --clients 1000000 --cancelled 50000]
// Recovery intake at scale (docs/recovery.md "Intake"): a business of `clients` clients, one
// subscription each (`cancelled` of them cancelled and still running, 2 % without auto-renewal
// ending within 30 days, the rest open-ended), and a quota for every tenth client (a tenth of
// those used up recently), generated once with set-based SQL into its own database. Measures
// "record existing cancellations" from no entries (the job's batches of 5,000 clients, one
// statement each), then the daily backstop three times: right after (the non-renewing
// subscriptions and quotas enter), again (the steady state: nothing new) and from no entries at
// all (the worst case: every source enters in one pass). Goal: < 10 s each.
const DB = process.env.BENCH_RECOVERY_INTAKE_DATABASE ?? 'comeback_bench_recovery_intake';

/** The bench business (reused when one of that size exists). */
async function benchBusiness(ds: DataSource, clients: number, cancelled: number): Promise<string> {
  const [found] = await ds.query(
    `SELECT b.id FROM business b
      WHERE (SELECT count(*) FROM client c WHERE c.business_id = b.id) = $1
        AND (SELECT count(*) FROM subscription s WHERE s.business_id = b.id AND s.cancelled_at IS NOT NULL) = $2 LIMIT 1`,
    [clients, cancelled],
  );
  if (found) return found.id;
  console.log(`generating ${clients} clients, ${cancelled} cancellations into ${DB}...`);
  const [businessId, ms] = await timed(async () => {
    const { businessId } = await new BusinessRepository(ds).create({ name: 'Recovery Intake Bench Gym', timezone: 'Europe/Stockholm' });
    await ds.query(
      `INSERT INTO client (business_id, source, external_id, first_name, registered_at)
       SELECT $1, 'bench', 'c' || g, 'First' || g, now() - make_interval(days => g % 2000) FROM generate_series(1, $2) g`,
      [businessId, clients],
    );
    // every client one subscription; the clients picked by id % (clients / cancelled) are cancelled
    // (still running), every 50th other one does not renew and ends within 30 days
    await ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, auto_renew, billed, price, billing_unit, billing_interval,
                                 cancelled_at, cancellation_kind, cancellation_reason)
       SELECT $1, 'bench', 's' || c.id, c.id, current_date - 400 + (c.id % 300)::int,
              CASE WHEN c.id % $2::bigint = 0 THEN current_date + 10 + (c.id % 80)::int WHEN c.id % 50 = 1 THEN current_date + (c.id % 30)::int END,
              NOT (c.id % 50 = 1), true, 2900 + (c.id % 5) * 1000, CASE WHEN c.id % 9 = 0 THEN 'day' ELSE 'month' END, CASE WHEN c.id % 9 = 0 THEN 28 ELSE 1 END,
              CASE WHEN c.id % $2::bigint = 0 THEN now() - make_interval(days => (c.id % 60)::int) END,
              CASE WHEN c.id % $2::bigint = 0 THEN CASE WHEN c.id % 7 = 0 THEN 'extraordinary' ELSE 'ordinary' END END,
              CASE WHEN c.id % $2::bigint = 0 THEN (ARRAY['price','moved away','injury','not using it'])[1 + c.id % 4] END
         FROM client c WHERE c.business_id = $1`,
      [businessId, Math.max(1, Math.floor(clients / cancelled))],
    );
    // trim to exactly `cancelled` cancellations
    await ds.query(
      `UPDATE subscription SET cancelled_at = NULL, cancellation_kind = NULL, cancellation_reason = NULL, ends_on = NULL
        WHERE id IN (SELECT id FROM subscription WHERE business_id = $1 AND cancelled_at IS NOT NULL ORDER BY id OFFSET $2)`,
      [businessId, cancelled],
    );
    await ds.query(
      `INSERT INTO quota (business_id, source, external_id, client_id, total_units, used_units, expires_on)
       SELECT $1, 'bench', 'q' || c.id, c.id, 10, CASE WHEN c.id % 100 = 0 THEN 10 ELSE c.id % 10 END, current_date + 30
         FROM client c WHERE c.business_id = $1 AND c.id % 10 = 0`,
      [businessId],
    );
    await ds.query(`VACUUM (ANALYZE) client, subscription, quota, recovery_entry`);
    return businessId;
  });
  console.log(`generated in ${(ms / 1000).toFixed(1)} s`);
  return businessId;
}

async function main(): Promise<void> {
  const clients = arg('clients', 1_000_000);
  const cancelled = arg('cancelled', 50_000);
  const url = await ensureDatabase(DB);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const businessId = await benchBusiness(ds, clients, cancelled);
    const repo = new RecoveryIntakeRepository(ds);
    const reset = () => ds.query(`DELETE FROM recovery_entry WHERE business_id = $1`, [businessId]);

    await reset();
    // record existing: what RecoveryIntakeService.recordExisting does, without the queue
    const [recorded, recordMs] = await timed(async () => {
      const ids = await repo.cancelledClients(businessId);
      let created = 0;
      for (const batch of chunk(ids, RECORD_EXISTING_BATCH)) created += (await repo.run(businessId, { clientIds: batch, kinds: ['cancellation'], outcomes: false })).created.length;
      return { clients: ids.length, created };
    });
    const [after, afterMs] = await timed(() => repo.run(businessId, { clientIds: null, autoLost: true }));
    const [steady, steadyMs] = await timed(() => repo.run(businessId, { clientIds: null, autoLost: true }));
    await reset();
    const [cold, coldMs] = await timed(() => repo.run(businessId, { clientIds: null, autoLost: true }));
    const count = (r: { created: unknown[]; regained: number; lost: number; withdrawn: number }) => ({ created: r.created.length, regained: r.regained, lost: r.lost, withdrawn: r.withdrawn });
    console.log(
      JSON.stringify(
        {
          clients,
          cancelled,
          recordExisting: { ms: Math.round(recordMs), ...recorded, batches: Math.ceil(recorded.clients / RECORD_EXISTING_BATCH) },
          dailyBackstopAfterRecord: { ms: Math.round(afterMs), ...count(after) },
          dailyBackstopSteady: { ms: Math.round(steadyMs), ...count(steady) },
          dailyBackstopFromEmpty: { ms: Math.round(coldMs), ...count(cold) },
          goalMs: 10_000,
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
