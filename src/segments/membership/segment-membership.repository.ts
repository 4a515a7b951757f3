import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CompileScope } from '../compiler/compile-context';
import { ValidNode } from '../compiler/validate-tree';
import { segmentWhere } from '../evaluation/segment-sql';

export type EvaluationTrigger = 'created' | 'updated' | 'schedule' | 'data' | 'manual';

/** segments.md: an evaluation slower than this is flagged. */
const SLOW_EVALUATION_MS = 5000;

export interface EvaluationResult {
  evaluationId: string;
  segmentId: string;
  memberCount: number;
  entered: number;
  exited: number;
  baseline: boolean;
  durationMs: number;
  slow: boolean;
}

interface SegmentMemberRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  status: string | null;
  enteredAt: Date;
}

/**
 * Stored membership. A recompute is one transaction: the tree is evaluated once, the difference to
 * the stored members is applied with anti-joins in the same statement (never NOT IN), and every
 * entered/exited client is written to segment_transition for the publisher.
 */
@Injectable()
export class SegmentMembershipRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * `treeVersion` is the segment version `tree` was read at: when the conditions changed since,
   * nothing is evaluated and 'stale' comes back, for the caller to read them again.
   */
  async recompute(segmentId: string, tree: ValidNode, treeVersion: number, scope: CompileScope, trigger: EvaluationTrigger): Promise<EvaluationResult | 'stale' | undefined> {
    const started = Date.now();
    return this.ds.transaction(async (m) => {
      // concurrent recomputes of one segment queue up here instead of racing on the diff
      const [seg] = await m.query(`SELECT s.version FROM segment s WHERE s.id = $1 AND s.business_id = $2 AND s.archived_at IS NULL FOR UPDATE`, [segmentId, scope.businessId]);
      if (!seg) return undefined;
      if (Number(seg.version) !== treeVersion) return 'stale';
      // Read after the lock, in a statement of its own: a recompute that waited for the lock must
      // see the evaluation the one before it committed (a subquery of the locking statement
      // would still read from that statement's older snapshot, and both would call themselves
      // the baseline).
      const [last] = await m.query(`SELECT segment_version FROM segment_evaluation WHERE segment_id = $1 ORDER BY id DESC LIMIT 1`, [segmentId]);
      // the first evaluation of these conditions only establishes who is in: no events
      const baseline = !last || Number(last.segment_version) !== Number(seg.version);
      const [evaluation] = await m.query(
        `INSERT INTO segment_evaluation (business_id, segment_id, segment_version, trigger, started_at, duration_ms, member_count, entered, exited, baseline, slow, published_at)
         VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), 0, 0, 0, 0, $6, false, CASE WHEN $6 THEN now() END) RETURNING id::text`,
        [scope.businessId, segmentId, seg.version, trigger, started, baseline],
      );

      const { where, ctx } = segmentWhere(tree, scope);
      const seg$ = ctx.params.bind(segmentId, 'bigint');
      const eval$ = ctx.params.bind(evaluation.id, 'bigint');
      const baseline$ = ctx.params.bind(baseline, 'boolean');
      const [counts] = await m.query(
        `WITH cur AS MATERIALIZED (SELECT c.id FROM client c WHERE ${where}),
         entered AS (
           INSERT INTO segment_member (segment_id, client_id, business_id, entered_at)
           SELECT ${seg$}, cur.id, ${ctx.businessId}, now() FROM cur
            WHERE NOT EXISTS (SELECT 1 FROM segment_member sm WHERE sm.segment_id = ${seg$} AND sm.client_id = cur.id)
           RETURNING client_id),
         exited AS (
           DELETE FROM segment_member sm
            WHERE sm.segment_id = ${seg$} AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.id = sm.client_id)
           RETURNING sm.client_id),
         transitions AS (
           INSERT INTO segment_transition (business_id, segment_id, evaluation_id, client_id, kind, at)
           SELECT ${ctx.businessId}, ${seg$}, ${eval$}, t.client_id, t.kind, now()
             FROM (SELECT client_id, 'entered' AS kind FROM entered UNION ALL SELECT client_id, 'exited' FROM exited) t
            WHERE NOT ${baseline$}
            ORDER BY t.kind, t.client_id)
         SELECT (SELECT count(*) FROM cur)::int AS members, (SELECT count(*) FROM entered)::int AS entered, (SELECT count(*) FROM exited)::int AS exited`,
        ctx.params.values,
      );
      const durationMs = Date.now() - started;
      const slow = durationMs > SLOW_EVALUATION_MS;
      const changed = counts.entered + counts.exited > 0;
      await m.query(
        `UPDATE segment_evaluation SET duration_ms = $2, member_count = $3, entered = $4, exited = $5, slow = $6,
                published_at = CASE WHEN baseline OR NOT $7 THEN now() END
          WHERE id = $1`,
        [evaluation.id, durationMs, counts.members, counts.entered, counts.exited, slow, changed],
      );
      await m.query(
        `UPDATE segment SET member_count = $3, evaluated_at = to_timestamp($4 / 1000.0), evaluation_ms = $5, slow = $6, last_error = NULL
          WHERE id = $1 AND business_id = $2`,
        [segmentId, scope.businessId, counts.members, started, durationMs, slow],
      );
      return { evaluationId: evaluation.id, segmentId, memberCount: counts.members, entered: counts.entered, exited: counts.exited, baseline, durationMs, slow };
    });
  }

  async recordError(businessId: string, segmentId: string, message: string): Promise<void> {
    await this.ds.query(`UPDATE segment SET last_error = $3 WHERE id = $1 AND business_id = $2`, [segmentId, businessId, message.slice(0, 1000)]);
  }

  /** One page of members by client id (keyset: after = the last id of the previous page). */
  async members(businessId: string, segmentId: string, page: { after?: string; limit: number }): Promise<SegmentMemberRow[]> {
    return this.ds.query(
      `SELECT c.id::text AS id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, cs.status, sm.entered_at AS "enteredAt"
         FROM segment_member sm
         JOIN client c ON c.id = sm.client_id AND c.business_id = $1
         LEFT JOIN client_status cs ON cs.client_id = c.id
        WHERE sm.segment_id = $2 AND sm.business_id = $1 AND ($3::bigint IS NULL OR sm.client_id > $3::bigint)
        ORDER BY sm.client_id
        LIMIT $4`,
      [businessId, segmentId, page.after ?? null, page.limit],
    );
  }

  async evaluations(businessId: string, segmentId: string, limit = 10) {
    return this.ds.query(
      `SELECT id::text, trigger, started_at AS "startedAt", duration_ms AS "durationMs", member_count AS "memberCount", entered, exited, baseline, slow,
              published_at AS "publishedAt"
         FROM segment_evaluation WHERE business_id = $1 AND segment_id = $2 ORDER BY id DESC LIMIT $3`,
      [businessId, segmentId, limit],
    );
  }
}
