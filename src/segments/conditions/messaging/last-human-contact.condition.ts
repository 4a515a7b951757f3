import { CompileContext } from '../../compiler/compile-context';
import { defineCondition } from '../condition-definition';
import { comparisonParamSpecs, DaysComparisonParams, wholeBounds } from '../params/comparison.params';
import { daysAgoSql } from '../params/days-ago.params';

/**
 * One kind of moment a person at the business reached the client: a staff task completed with
 * outcome "reached" (tasks), an SMS the client replied to (actions). The module that owns the
 * rows adds its source with registerHumanContactSource; segments only takes the latest moment.
 */
export interface HumanContactSource {
  /** Shown in explain as `source`; lower-case letters and underscores. */
  name: string;
  /**
   * `SELECT <client id> AS client_id, <timestamptz> AS at FROM ... WHERE ...`: the business's
   * contact moments, scoped by `ctx.businessId`, never referring to the client row `c`.
   */
  rowsSql(ctx: CompileContext): string;
}

const SOURCES = new Map<string, HumanContactSource>();

/** Adds a source of "last human contact" (docs/segments.md "Conditions from other modules"). */
export function registerHumanContactSource(source: HumanContactSource): void {
  if (!/^[a-z_]{1,50}$/.test(source.name)) throw new Error(`human contact source name '${source.name}' must be lower-case letters and underscores`);
  if (SOURCES.has(source.name)) throw new Error(`human contact source '${source.name}' is registered twice`);
  SOURCES.set(source.name, source);
}

/** Every contact moment of the business as rows (client_id, at, source); none when no source is registered. */
function contactsSql(ctx: CompileContext): string {
  const parts = [...SOURCES.values()].map((s) => `SELECT hc_.client_id, hc_.at, '${s.name}'::text AS source FROM (${s.rowsSql(ctx)}) hc_`);
  return parts.length ? parts.join(' UNION ALL ') : `SELECT NULL::bigint AS client_id, NULL::timestamptz AS at, NULL::text AS source WHERE false`;
}

class LastHumanContactParams extends DaysComparisonParams {}

/**
 * Today minus the local day of the client's latest human contact, compared. A client never
 * reached has no value and never matches (NOT matches them). The set is the business's contact
 * moments grouped by client, computed once per statement (both sources are small and indexed).
 */
export const lastHumanContactCondition = defineCondition({
  type: 'last_human_contact',
  label: 'Last human contact',
  group: 'messaging',
  description: 'was last reached by a person (a staff task completed as reached, or a reply to an SMS) that many days ago',
  params: comparisonParamSpecs('integer', 'days', wholeBounds('days')),
  dto: LastHumanContactParams,
  neverNull: true,
  compile: (p, ctx) =>
    `EXISTS (SELECT 1 FROM (SELECT s_.client_id FROM (${contactsSql(ctx)}) s_ GROUP BY s_.client_id HAVING ${daysAgoSql('max(s_.at)', p, ctx)}) lhc_
      WHERE lhc_.client_id = ${ctx.client}.id)`,
  actual: (_p, ctx) =>
    `(SELECT jsonb_build_object('value', ${ctx.today} - (s_.at AT TIME ZONE ${ctx.timezone})::date, 'lastContactAt', s_.at, 'source', s_.source)
        FROM (${contactsSql(ctx)}) s_ WHERE s_.client_id = c.id ORDER BY s_.at DESC LIMIT 1)`,
});
