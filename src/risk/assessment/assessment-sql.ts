import { hasActivePackageSql } from '../../clients';
import { DEFAULT_RISK_SETTINGS, toAssessmentParams } from '../rules/risk-settings';

/**
 * The numbers of the four rules (risk.md), as the SQL pass binds them. Tables are ordered
 * ascending by their threshold; a value takes the score of the last row whose threshold it
 * reaches.
 */
export interface AssessmentParams {
  lowUser: { windowDays: number; sessions: number[]; scores: number[]; minDaysRegistered: number };
  absent: { minDays: number[]; scores: number[] };
  newMember: { maxDays: number; score: number };
  inTrouble: { minDaysAbsent: number; minDaysMember: number };
  atRiskThreshold: number;
  scoreCap: number;
}

/** risk.md's defaults as the SQL pass binds them: derived, so the two can never disagree. */
export const DEFAULT_ASSESSMENT_PARAMS: AssessmentParams = toAssessmentParams(DEFAULT_RISK_SETTINGS);

export function assessmentParamValues(p: AssessmentParams): unknown[] {
  return [
    p.lowUser.sessions,
    p.lowUser.scores,
    p.lowUser.minDaysRegistered,
    p.absent.minDays,
    p.absent.scores,
    p.newMember.maxDays,
    p.newMember.score,
    p.inTrouble.minDaysAbsent,
    p.inTrouble.minDaysMember,
    p.atRiskThreshold,
    p.scoreCap,
  ];
}

/**
 * One statement assessing a set of clients of one business (risk.md), set-based:
 *   $1 business, $2 client filter as bigint[] (null = the id range $3..$4), $5 today (local
 *   date, null = now in the business's zone), $6..$16 the rule numbers (assessmentParamValues),
 *   $17 the reason recorded with a change ('rule' for passes, 'event' after an ingest),
 *   $18 the Low User window in days (today included).
 * Days absent count from the later of the last visit and registration (a visit before joining
 * does not make a new member absent), never below 0; the reference semantics are the pure
 * functions in src/risk/rules/risk-rules.ts.
 * It reads each client's inputs (unique visit days in the 7 days ending today, last visit
 * day, registration, membership, active package), applies the rules, writes client_status
 * only where something differs, removes the status of clients who are no longer members,
 * and appends one status_change row per change. It returns one row: counts, the changes (JSON)
 * and their time.
 *
 * `asOf` (status history replay, docs/risk-engine.md "Status history"): the pass a scheduled
 * run would have made at local midnight at the start of $5 (required then), from the data as
 * it stands: visits before that day only (the maintained last_visit_on is today's, so the last
 * visit is looked up in the visit index), membership from the packages active on that day
 * (the source's member flag is a current fact and is not used), and every time it writes
 * (since, inputs_at, changed_at) is that midnight instead of now().
 */
export function assessmentSql(selection: 'ids' | 'range', mode: 'live' | 'asOf' = 'live'): string {
  // the selection is chosen here, not with a CASE in SQL, so both forms use the primary keys
  const selected = (col: string) => (selection === 'ids' ? `${col} = ANY($2::bigint[])` : `${col} >= $3 AND ${col} < $4`);
  const asOf = mode === 'asOf';
  // the last session day the pass sees (as of a past day: looked up once per client, below)
  const lastVisit = asOf ? 'lv.day' : 'c.last_visit_on';
  // the time it records: the replayed pass's midnight, or now
  const at = asOf ? '(SELECT at FROM b)' : 'now()';
  return `
  WITH b AS (
    -- every parameter is typed here, also those the chosen selection does not read
    SELECT id, timezone, COALESCE($5::date, (now() AT TIME ZONE timezone)::date) AS today,
           $2::bigint[] AS sel_ids, $3::bigint AS sel_from, $4::bigint AS sel_to${
             asOf
               ? `,
           ($5::date)::timestamp AT TIME ZONE timezone AS at`
               : ''
           }
      FROM business WHERE id = $1
  ),
  c AS (
    SELECT c.*, b.today, b.timezone AS tz, cs.status AS prev_status, cs.reason AS prev_reason, cs.tags AS prev_tags, cs.score AS prev_score
      FROM client c CROSS JOIN b
      -- the same selection on client_status keeps this join on its primary key
      LEFT JOIN client_status cs ON cs.client_id = c.id AND ${selected('cs.client_id')}
     WHERE c.business_id = $1 AND ${selected('c.id')}
  ),
  -- materialized: each input is computed once per client, however often the rules read it
  i AS MATERIALIZED (
    SELECT c.id AS client_id, c.today, c.prev_status, c.prev_reason, c.prev_tags, c.prev_score,
           -- isMemberSql, with the active package looked up once (it also decides Suspended)
           c.deleted_at IS NULL AND ${asOf ? 'p.active' : 'COALESCE(c.is_member, p.active)'} AS member,
           p.active AS active_package,
           c.today - (c.registered_at AT TIME ZONE c.tz)::date AS days_registered,
           GREATEST(0, LEAST(c.today - ${lastVisit}, c.today - (c.registered_at AT TIME ZONE c.tz)::date)) AS days_absent,
           -- the visit index is read only where it can count something: last_visit_on (maintained on
           -- ingest, and what days_absent reads) before the window means no session in it, and a
           -- client without an active package is not scored (about half the reads at 1M clients)
           CASE WHEN p.active AND ${lastVisit} >= c.today - ($18::int - 1)
                THEN (SELECT count(DISTINCT v.visited_on) FROM visit v
                       WHERE v.client_id = c.id AND v.visited_on BETWEEN c.today - ($18::int - 1) AND c.today${asOf ? ' - 1' : ''})::int
                ELSE 0 END AS sessions7
      FROM c
      -- OFFSET 0 keeps the subquery from being flattened, which would copy the lookup into both uses
      CROSS JOIN LATERAL (SELECT ${hasActivePackageSql('c', 'c.today')} AS active OFFSET 0) p
${
  asOf
    ? `      CROSS JOIN LATERAL (SELECT max(v.visited_on) AS day FROM visit v WHERE v.client_id = c.id AND v.visited_on < c.today OFFSET 0) lv
`
    : ''
}  ),
  -- width_bucket finds the last table row whose threshold the value reaches (0: none)
  s AS (
    SELECT i.*,
           CASE WHEN i.days_registered IS NOT NULL AND i.days_registered < $8 THEN 0
                ELSE COALESCE(($7::int[])[width_bucket(i.sessions7, $6::int[])], 0)
           END AS low_user,
           COALESCE(($10::int[])[width_bucket(i.days_absent, $9::int[])], 0) AS absent,
           CASE WHEN i.days_registered BETWEEN 0 AND $11 THEN $12 ELSE 0 END AS new_member,
           COALESCE(i.days_absent >= $13 AND i.days_registered >= $14, false) AS in_trouble
      FROM i
  ),
  r AS (
    SELECT s.client_id, s.prev_status, s.prev_reason, s.prev_tags, s.prev_score, s.member, s.active_package, s.in_trouble,
           LEAST($16, COALESCE(s.low_user, 0) + s.absent + s.new_member)::smallint AS score,
           array_remove(ARRAY[
             CASE WHEN s.in_trouble THEN 'in_trouble' END,
             CASE WHEN s.low_user > 0 THEN 'low_user' END,
             CASE WHEN s.absent > 0 THEN 'absent' END,
             CASE WHEN s.new_member > 0 THEN 'new_member' END], NULL) AS tags
      FROM s
  ),
  f AS (
    SELECT r.client_id, r.prev_status, r.prev_reason, r.prev_tags, r.prev_score,
           CASE
             WHEN NOT r.member THEN NULL
             WHEN NOT r.active_package THEN 'suspended'
             WHEN r.in_trouble THEN 'in_trouble'
             WHEN r.score >= $15 THEN 'at_risk'
             -- Raving Fan, and any status set by hand, hold until the rules say In Trouble or At Risk
             WHEN r.prev_status = 'raving_fan' OR (r.prev_reason = 'manual' AND r.prev_status <> 'suspended') THEN r.prev_status
             ELSE 'loving_it'
           END AS status,
           CASE WHEN r.member AND r.active_package THEN r.tags ELSE '{}'::text[] END AS tags,
           CASE WHEN r.member AND r.active_package THEN r.score ELSE 0::smallint END AS score
      FROM r
  ),
  up AS (
    -- inputs_at: when this statement read its inputs (its start, when its snapshot was taken); a
    -- row written meanwhile from later inputs (a check-in re-assessed in real time while this
    -- pass ran) is newer and stays, whichever of the two commits first
    INSERT INTO client_status AS cs (client_id, business_id, status, tags, score, since, reason, inputs_at)
    SELECT f.client_id, $1, f.status, f.tags, f.score, ${at}, $17, ${asOf ? at : 'statement_timestamp()'} FROM f
     -- only rows that differ from what was read: ON CONFLICT locks (and WAL-logs) every row it
     -- reaches, also those its WHERE then leaves alone
     WHERE f.status IS NOT NULL AND (f.prev_status, f.prev_tags, f.prev_score) IS DISTINCT FROM (f.status, f.tags, f.score)
    ORDER BY f.client_id
    ON CONFLICT (client_id) DO UPDATE
       SET status = EXCLUDED.status, tags = EXCLUDED.tags, score = EXCLUDED.score,
           since = CASE WHEN cs.status = EXCLUDED.status THEN cs.since ELSE ${at} END,
           reason = CASE WHEN cs.status = EXCLUDED.status THEN cs.reason ELSE EXCLUDED.reason END,
           note = CASE WHEN cs.status = EXCLUDED.status THEN cs.note END,
           inputs_at = EXCLUDED.inputs_at
     WHERE (cs.status, cs.tags, cs.score) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.tags, EXCLUDED.score)
       AND cs.inputs_at <= EXCLUDED.inputs_at
    RETURNING cs.client_id
  ),
  -- driven by the (few) ids to remove: a join against the CTE lets the planner walk the table;
  -- only clients that had a row when read (probing every non-member's id cost 5 ms a batch)
  gone AS (
    DELETE FROM client_status cs WHERE cs.client_id = ANY(ARRAY(SELECT f.client_id FROM f WHERE f.status IS NULL AND f.prev_status IS NOT NULL))
    RETURNING cs.client_id
  ),
  hist AS (
    INSERT INTO status_change (business_id, client_id, from_status, to_status, tags, score, reason${asOf ? ', changed_at' : ''})
    SELECT $1, f.client_id, f.prev_status, f.status, f.tags, f.score, $17${asOf ? `, ${at}` : ''}
      FROM f WHERE f.prev_status IS DISTINCT FROM f.status
       -- only changes this statement made, not those a newer write kept it from making
       AND (f.client_id IN (SELECT client_id FROM up) OR f.client_id IN (SELECT client_id FROM gone))
    RETURNING client_id, from_status, to_status, tags, score
  )
  -- one row: the changes as one JSON array (parsing ~4,000 rows of arrays and timestamps per batch
  -- cost the worker 4 s of CPU over a 1M-client first pass, on the cores the database needs), and
  -- their time once: changed_at defaults to now(), the transaction's start, for every row
  SELECT (SELECT count(*) FROM f)::int AS assessed, (SELECT count(*) FROM up)::int AS "rowsWritten",
         (SELECT count(*) FROM gone)::int AS "rowsRemoved", ${at} AS "changedAt",
         (SELECT COALESCE(json_agg(json_build_object('clientId', h.client_id::text, 'from', h.from_status, 'to', h.to_status, 'tags', h.tags, 'score', h.score)), '[]')
            FROM hist h) AS changes`;
}
