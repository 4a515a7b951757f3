import { CompileContext } from '../compiler/compile-context';
import { Operator } from './params/comparison.params';

export type ConditionGroup = 'subscriptions' | 'activity' | 'person' | 'risk' | 'messaging' | 'passes';

/** How the catalogue describes one parameter, so a UI can build its editor (segments.md). */
export interface ParamSpec {
  name: string;
  label: string;
  type: 'operator' | 'number' | 'integer' | 'boolean' | 'date' | 'window' | 'enum' | 'enum[]' | 'string' | 'string[]' | 'id' | 'id[]';
  required: boolean;
  /** Allowed values for enum / enum[]. */
  values?: readonly string[];
  /** Allowed operators for type 'operator'. */
  operators?: readonly Operator[];
  min?: number;
  max?: number;
  /** What the value means, e.g. 'minor units (cents)' or 'days'. */
  unit?: string;
  /** Set when the parameter is only read together with another (e.g. 'to' with 'between'). */
  when?: string;
}

/**
 * One catalogue condition: its validated parameter DTO (class-validator) and the function that
 * turns those parameters into a boolean SQL expression about the client `c`. Adding a condition
 * is one file exporting one of these, listed in its group's index.
 */
export interface ConditionDefinition<P extends object = any> {
  type: string;
  label: string;
  group: ConditionGroup;
  /** "matches a client who ..." */
  description: string;
  params: readonly ParamSpec[];
  dto: new () => P;
  /**
   * The fragment is never NULL (an EXISTS, a NOT NULL column): a NOT over it needs no COALESCE,
   * which lets PostgreSQL plan NOT EXISTS as an anti-join. Leave unset when in doubt.
   */
  neverNull?: boolean;
  /**
   * The condition reads one of the large tables (visits, bookings, sales, invoices, status
   * history) rather than the client's own rows: it counts towards the tree's cost bound, with its
   * `window` parameter when it has one (compiler/tree-cost.ts).
   */
  heavy?: boolean;
  /** A boolean SQL expression over `c` (may be NULL, read as false); values only via ctx.params.bind. */
  compile(params: P, ctx: CompileContext): string;
  /**
   * The member's own value(s) the condition tests, for explain ("visits in the window: 3, last
   * visit 2026-10-02"): a SQL expression over `c` giving a JSON object (actualSql builds one),
   * NULL when the member has no such value. Leave unset when there is nothing to show.
   */
  actual?(params: P, ctx: CompileContext): string;
}

export const defineCondition = <P extends object>(definition: ConditionDefinition<P>): ConditionDefinition<P> => definition;

/**
 * `{"value": <expr>, ...extra}` as SQL for ConditionDefinition.actual. `value` is in the unit of
 * the condition's `value` parameter (or its list's values); extra keys name further facts
 * (lastVisitOn).
 */
export function actualSql(value: string, extra: Record<string, string> = {}): string {
  const pairs = [`'value', ${value}`, ...Object.entries(extra).map(([k, v]) => `'${k}', ${v}`)];
  return `jsonb_build_object(${pairs.join(', ')})`;
}
