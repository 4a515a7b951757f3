import { Inject, Injectable } from '@nestjs/common';
import { InteractiveDb, Queryable } from '../../database/interactive-db';
import { CompileScope, newCompileContext } from '../compiler/compile-context';
import { compileLeaves, LeafOutcome } from '../compiler/compile-tree';
import { ValidNode } from '../compiler/validate-tree';
import { segmentWhere } from './segment-sql';

interface SegmentSampleClient {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  status: string | null;
}

/**
 * Ad hoc evaluation: counts, samples and "why" for one client, each one statement, on the
 * interactive pool (short statement timeout, cancelled when the caller goes away).
 */
@Injectable()
export class SegmentQueryRepository {
  constructor(@Inject(InteractiveDb) private readonly db: Queryable) {}

  async count(tree: ValidNode, scope: CompileScope): Promise<number> {
    const { where, ctx } = segmentWhere(tree, scope);
    const [row] = await this.db.query(`SELECT count(*)::bigint AS n FROM client c WHERE ${where}`, ctx.params.values);
    return Number(row.n);
  }

  /** The count and the first `sampleSize` matching clients (by id), in one statement. */
  async preview(tree: ValidNode, scope: CompileScope, sampleSize = 20): Promise<{ count: number; sample: SegmentSampleClient[] }> {
    const { where, ctx } = segmentWhere(tree, scope);
    const limit = ctx.params.bind(sampleSize, 'int');
    const rows: Array<SegmentSampleClient & { total: string | null }> = await this.db.query(
      `WITH matched AS (SELECT c.id FROM client c WHERE ${where}),
            total AS (SELECT count(*)::bigint AS n FROM matched),
            sample AS (SELECT id FROM matched ORDER BY id LIMIT ${limit})
       SELECT t.n::text AS total, c.id::text AS id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, cs.status
         FROM total t
         LEFT JOIN sample s ON true
         LEFT JOIN client c ON c.id = s.id
         LEFT JOIN client_status cs ON cs.client_id = c.id
        ORDER BY c.id`,
      ctx.params.values,
    );
    const count = Number(rows[0]?.total ?? 0);
    return { count, sample: rows.filter((r) => r.id !== null).map(({ total: _t, ...client }) => client) };
  }

  /**
   * Each leaf's result for one client of the business, and the client's own value(s) the leaf
   * tests when its condition says how to read them (ConditionDefinition.actual); undefined when the
   * client is not theirs.
   */
  async leafResults(tree: ValidNode, scope: CompileScope, clientId: string): Promise<Map<string, LeafOutcome> | undefined> {
    const ctx = newCompileContext(scope);
    const leaves = compileLeaves(tree, ctx);
    const id = ctx.params.bind(clientId, 'bigint');
    const columns = leaves.flatMap((l, i) => [`${l.sql} AS l${i}`, ...(l.actual ? [`${l.actual} AS a${i}`] : [])]);
    const [row] = await this.db.query(
      `SELECT ${columns.join(', ')}
         FROM client c WHERE c.business_id = ${ctx.businessId} AND c.id = ${id} AND c.deleted_at IS NULL`,
      ctx.params.values,
    );
    if (!row) return undefined;
    return new Map(leaves.map((l, i) => [l.path, { result: row[`l${i}`] === true, actual: l.actual ? ((row[`a${i}`] as Record<string, unknown> | null) ?? null) : undefined }]));
  }
}
