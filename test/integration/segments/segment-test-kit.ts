import { DataSource } from 'typeorm';
import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { CompileScope, SegmentBusinessSettings } from '../../../src/segments/compiler/compile-context';
import { validateTree } from '../../../src/segments/compiler/validate-tree';
import { segmentWhere } from '../../../src/segments/evaluation/segment-sql';
import { SegmentQueryRepository } from '../../../src/segments/evaluation/segment-query.repository';

/** Writes canonical records the way every ingest path does (strict: a bad record throws). */
export function writer(ds: DataSource, businessId: string) {
  return (batch: IngestBatch) => ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
}

export interface EvalOptions {
  today: string;
  timezone?: string;
  settings?: SegmentBusinessSettings;
}

/**
 * The external ids of the business's clients a tree matches, sorted, evaluated as one statement
 * through the production compiler. Throws with the problems when the tree is invalid.
 */
export async function matching(ds: DataSource, businessId: string, conditions: unknown, opts: EvalOptions): Promise<string[]> {
  const { tree, problems } = validateTree(conditions);
  if (!tree) throw new Error(`invalid tree: ${JSON.stringify(problems)}`);
  const scope: CompileScope = { businessId, today: opts.today, timezone: opts.timezone ?? 'Europe/Stockholm', settings: opts.settings };
  const { where, ctx } = segmentWhere(tree, scope);
  const rows: Array<{ external_id: string }> = await ds.query(`SELECT c.external_id FROM client c WHERE ${where} ORDER BY c.external_id`, ctx.params.values);
  // the count path must agree with the list
  const count = await new SegmentQueryRepository(ds).count(tree, scope);
  if (count !== rows.length) throw new Error(`count ${count} != listed ${rows.length}`);
  return rows.map((r) => r.external_id);
}

/** The problems validation reports for a tree (empty when valid). */
export function problemsOf(conditions: unknown): Array<{ path: string; reason: string }> {
  return validateTree(conditions).problems;
}
