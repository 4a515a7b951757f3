import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CompileScope, newCompileContext, compileNode, ValidNode } from '../../segments';
import { ENROLLMENT_ALIAS } from '../definition/branch-condition';

/** Evaluates a branch condition for a batch of runs. */
@Injectable()
export class BranchRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The runs (of the batch) whose client matches the tree now: one statement over the batch, the
   * tree compiled by the segment compiler (the business id is $1, values bound), engine leaves
   * reading the run's own row `e`.
   */
  async matching(scope: CompileScope, enrollmentIds: string[], tree: ValidNode): Promise<Set<string>> {
    if (!enrollmentIds.length) return new Set();
    const ctx = newCompileContext(scope);
    const where = compileNode(tree, ctx);
    const ids = ctx.params.bind(enrollmentIds, 'bigint[]');
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT ${ENROLLMENT_ALIAS}.id::text AS id
         FROM automation_enrollment ${ENROLLMENT_ALIAS}
         JOIN client c ON c.id = ${ENROLLMENT_ALIAS}.client_id AND c.business_id = ${ctx.businessId} AND c.deleted_at IS NULL
        WHERE ${ENROLLMENT_ALIAS}.business_id = ${ctx.businessId} AND ${ENROLLMENT_ALIAS}.id = ANY(${ids}) AND ${where}`,
      ctx.params.values,
    );
    return new Set(rows.map((r) => r.id));
  }
}
