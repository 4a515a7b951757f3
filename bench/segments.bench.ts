import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { localDate } from '../src/common/local-date';
import { activeSubscriptionSql } from '../src/clients/membership.sql';
import { CompileScope } from '../src/segments/compiler/compile-context';
import { validateTree } from '../src/segments/compiler/validate-tree';
import { SegmentQueryRepository } from '../src/segments/evaluation/segment-query.repository';
import { EvaluationResult, SegmentMembershipRepository } from '../src/segments/membership/segment-membership.repository';
import { ADMIN, arg, median, timed } from './support/bench-setup';

// npm run bench:segments [-- --runs 5]
// On the generated 1M-client business (npm run bench:generate, statuses from npm run bench:risk):
// 1. the count of a five-condition segment (status, visits in the last 30 days, payment method,
//    overdue invoice, age), warm, next to one hand-written statement answering the same question;
// 2. a membership recompute of that segment from empty (baseline), and with a diff: 10,000 stored
//    members removed and 10,000 non-members added behind its back, so the recompute must find
//    10,000 entered and 10,000 exited and write their transitions.
const DB = process.env.BENCH_SEGMENTS_DATABASE ?? 'comeback_bench_generate';

export const FIVE_CONDITIONS = {
  and: [
    { condition: 'status', statuses: ['at_risk', 'in_trouble', 'loving_it'] },
    { condition: 'visits', operator: '<=', value: 4, window: { last: 30 } },
    { condition: 'subscription_payment_method', methods: ['direct_debit'] },
    { condition: 'days_since_overdue_invoice', operator: '>=', value: 1 },
    { condition: 'age', operator: '>=', value: 25 },
  ],
};

// The same question written by hand: what a careful engineer would type into psql.
const HAND_WRITTEN = `
  SELECT count(*) FROM client c
    JOIN client_status cs ON cs.client_id = c.id AND cs.status IN ('at_risk', 'in_trouble', 'loving_it')
   WHERE c.business_id = $1 AND c.deleted_at IS NULL
     AND c.birth_date <= ($2::date - interval '25 years')
     AND EXISTS (SELECT 1 FROM subscription s WHERE s.client_id = c.id AND ${activeSubscriptionSql('s', '$2::date')} AND s.payment_method = 'direct_debit')
     AND EXISTS (SELECT 1 FROM invoice i WHERE i.client_id = c.id AND i.paid_at IS NULL
                  AND i.due_on + CASE WHEN i.direct_debit THEN $3::int ELSE 0 END <= $2::date - 1)
     AND (SELECT count(DISTINCT v.visited_on) FROM visit v WHERE v.client_id = c.id AND v.visited_on BETWEEN $2::date - 29 AND $2::date) <= 4`;

async function main(): Promise<void> {
  const runs = arg('runs', 5);
  const admin = new Client({ connectionString: ADMIN });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]);
  await admin.end();
  if (!rowCount) throw new Error(`database ${DB} not found: run npm run bench:generate (and npm run bench:risk for statuses) first`);
  const u = new URL(ADMIN);
  u.pathname = `/${DB}`;
  await runMigrations(u.toString());
  const ds = createDataSource(u.toString());
  await ds.initialize();
  try {
    const [biz] = await ds.query(`SELECT b.id, b.timezone, (SELECT count(*) FROM client c WHERE c.business_id = b.id)::int AS clients FROM business b ORDER BY 3 DESC LIMIT 1`);
    const [{ statuses }] = await ds.query(`SELECT count(*)::int AS statuses FROM client_status WHERE business_id = $1`, [biz.id]);
    if (!statuses) console.warn('no client_status rows: run npm run bench:risk first, or the status condition matches nobody');
    const scope: CompileScope = { businessId: biz.id, timezone: biz.timezone, today: localDate(new Date(), biz.timezone) };
    const { tree, problems } = validateTree(FIVE_CONDITIONS);
    if (!tree) throw new Error(`bench tree invalid: ${JSON.stringify(problems)}`);
    const queries = new SegmentQueryRepository(ds);
    const hand = async () => Number((await ds.query(HAND_WRITTEN, [biz.id, scope.today, 0]))[0].count);

    // warm both, check they agree, then alternate so drift hits both equally
    const [compiledCount, handCount] = [await queries.count(tree, scope), await hand()];
    if (compiledCount !== handCount) throw new Error(`compiled count ${compiledCount} != hand-written ${handCount}`);
    const compiledMs: number[] = [];
    const handMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      compiledMs.push((await timed(() => queries.count(tree, scope)))[1]);
      handMs.push((await timed(hand))[1]);
    }
    const [preview, previewMs] = await timed(() => queries.preview(tree, scope));

    // membership recompute: a throwaway saved segment
    await ds.query(`DELETE FROM segment WHERE business_id = $1 AND name = 'bench: five conditions'`, [biz.id]);
    const [seg] = await ds.query(`INSERT INTO segment (business_id, name, conditions) VALUES ($1, 'bench: five conditions', $2::jsonb) RETURNING id::text`, [biz.id, JSON.stringify(FIVE_CONDITIONS)]);
    const membership = new SegmentMembershipRepository(ds);
    // a new segment is at version 1; nothing changes it while the bench runs, so no answer is 'stale'
    const recompute = async () => (await membership.recompute(seg.id, tree, 1, scope, 'manual')) as EvaluationResult;
    const [baseline, baselineMs] = await timed(recompute);
    const diffSize = Math.min(10_000, Math.floor(baseline!.memberCount / 2));
    await ds.query(
      `INSERT INTO segment_member (segment_id, client_id, business_id)
       SELECT $1, c.id, $3 FROM client c
        WHERE c.business_id = $3 AND NOT EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = $1 AND m.client_id = c.id)
        ORDER BY c.id DESC LIMIT $2`,
      [seg.id, diffSize, biz.id],
    );
    await ds.query(
      `DELETE FROM segment_member WHERE segment_id = $1 AND client_id IN (
         SELECT client_id FROM segment_member WHERE segment_id = $1 ORDER BY client_id LIMIT $2)`,
      [seg.id, diffSize],
    );
    const [diff, diffMs] = await timed(recompute);
    const [unchanged, unchangedMs] = await timed(recompute);
    await ds.query(`DELETE FROM segment WHERE id = $1`, [seg.id]);

    const c = median(compiledMs);
    const h = median(handMs);
    console.log(
      JSON.stringify(
        {
          clients: biz.clients,
          conditions: FIVE_CONDITIONS,
          matching: compiledCount,
          count: { compiledMs: Math.round(c), handWrittenMs: Math.round(h), ratio: Number((c / h).toFixed(2)), runs, target: '< 1000 ms and <= 1.5x' },
          preview: { ms: Math.round(previewMs), count: preview.count, sample: preview.sample.length },
          recompute: {
            baseline: { ms: Math.round(baselineMs), members: baseline!.memberCount },
            diff: { ms: Math.round(diffMs), entered: diff!.entered, exited: diff!.exited },
            unchanged: { ms: Math.round(unchangedMs), entered: unchanged!.entered, exited: unchanged!.exited },
            target: '< 10000 ms',
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await ds.destroy();
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
