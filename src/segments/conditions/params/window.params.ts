import { registerDecorator, ValidationArguments } from 'class-validator';
import { isLocalDate } from '../../../common/local-date';
import { CompileContext } from '../../compiler/compile-context';
import { ParamSpec } from '../condition-definition';

/**
 * A window of local calendar days, inclusive, in exactly one form:
 *   { last: N }  the N days ending today (today included): "in the last 30 days"
 *   { next: N }  the N days starting today (today included): future bookings, expiries
 *   { from?: 'YYYY-MM-DD', to?: 'YYYY-MM-DD' }  fixed dates, either end may be open
 */
export interface WindowValue {
  last?: number;
  next?: number;
  from?: string;
  to?: string;
}

export const MAX_WINDOW_DAYS = 3660;

/** Why a window is malformed, or undefined when it is fine. */
function windowProblem(w: unknown): string | undefined {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return 'must be an object: {"last": days}, {"next": days} or {"from": date, "to": date}';
  const o = w as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['last', 'next', 'from', 'to'].includes(k));
  if (unknown.length) return `unknown key(s) ${unknown.join(', ')}: use last, next, or from/to`;
  const forms = [o.last !== undefined, o.next !== undefined, o.from !== undefined || o.to !== undefined].filter(Boolean).length;
  if (forms !== 1) return 'give exactly one of last (days), next (days) or from/to (dates)';
  for (const k of ['last', 'next'] as const) {
    if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) >= 1 && (o[k] as number) <= MAX_WINDOW_DAYS)) {
      return `${k} must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}`;
    }
  }
  for (const k of ['from', 'to'] as const) {
    if (o[k] !== undefined && !isLocalDate(o[k])) return `${k} must be a date (YYYY-MM-DD)`;
  }
  if (typeof o.from === 'string' && typeof o.to === 'string' && o.from > o.to) return 'from must not be after to';
  return undefined;
}

/** Validates a window property (message names what is wrong inside it). */
export function IsWindow(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWindow',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => windowProblem(value) === undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${windowProblem(args.value)}`,
      },
    });
}

/** The window's first and last day as SQL date expressions (null = open end). */
export function windowBounds(w: WindowValue, ctx: CompileContext): { from: string | null; to: string | null } {
  if (w.last !== undefined) return { from: `(${ctx.today} - ${ctx.params.bind(w.last - 1, 'int')})`, to: ctx.today };
  if (w.next !== undefined) return { from: ctx.today, to: `(${ctx.today} + ${ctx.params.bind(w.next - 1, 'int')})` };
  return {
    from: w.from !== undefined ? ctx.params.bind(w.from, 'date') : null,
    to: w.to !== undefined ? ctx.params.bind(w.to, 'date') : null,
  };
}

/** `column` (a local date) falls in the window. */
/**
 * `column` (a timestamptz) falls on a local day of the window. Written as a range on the column
 * itself (local midnights converted once per statement) so (client_id, column) indexes apply.
 */
export function timestampInWindowSql(column: string, w: WindowValue, ctx: CompileContext): string {
  const b = windowBounds(w, ctx);
  const parts = [b.from && `${column} >= (${b.from})::timestamp AT TIME ZONE ${ctx.timezone}`, b.to && `${column} < ((${b.to}) + 1)::timestamp AT TIME ZONE ${ctx.timezone}`].filter(Boolean);
  return parts.length ? `(${parts.join(' AND ')})` : 'true';
}

export const windowParamSpec = (required = true, label = 'Window'): ParamSpec => ({
  name: 'window',
  label,
  type: 'window',
  required,
  unit: '{"last": days} | {"next": days} | {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (inclusive, local days)',
});
