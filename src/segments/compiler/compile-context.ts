// What a condition's compiler unit gets: a parameter binder and the SQL names of the things every
// condition may refer to. Units never splice values into SQL; they call bind().

export type SqlCast = 'text' | 'text[]' | 'int' | 'int[]' | 'bigint' | 'bigint[]' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'uuid';

/** Collects bound values and hands out numbered placeholders ($1, $2, ...). */
class SqlParams {
  readonly values: unknown[] = [];

  /** A placeholder for value, cast so PostgreSQL never has to guess its type. */
  bind(value: unknown, cast: SqlCast): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** Business settings conditions read (spec: direct debit "block card after N overdue days"). */
export interface SegmentBusinessSettings {
  /** Days added to a direct-debit invoice's due date before it counts as overdue. */
  directDebitBlockAfterDays: number;
}

export interface CompileContext {
  params: SqlParams;
  /** Alias of the client row (`client c`) every condition is about. */
  client: 'c';
  /** SQL for the business id (bound once); every subquery must filter on it or go through c.id. */
  businessId: string;
  /** SQL for the business's local date today (bound once). */
  today: string;
  /** SQL for the business's IANA time zone (bound once), for timestamptz columns. */
  timezone: string;
  settings: SegmentBusinessSettings;
}

export const DEFAULT_SEGMENT_SETTINGS: SegmentBusinessSettings = { directDebitBlockAfterDays: 0 };

export interface CompileScope {
  businessId: string;
  /** The business's local date, YYYY-MM-DD. */
  today: string;
  timezone: string;
  settings?: SegmentBusinessSettings;
}

/**
 * A fresh context. The business id is always $1; today and the time zone are bound the first time
 * a condition reads them (PostgreSQL rejects parameters a statement never uses).
 */
export function newCompileContext(scope: CompileScope): CompileContext {
  const params = new SqlParams();
  const businessId = params.bind(scope.businessId, 'uuid');
  let today: string | undefined;
  let timezone: string | undefined;
  return {
    params,
    client: 'c',
    businessId,
    get today() {
      return (today ??= params.bind(scope.today, 'date'));
    },
    get timezone() {
      return (timezone ??= params.bind(scope.timezone, 'text'));
    },
    settings: scope.settings ?? DEFAULT_SEGMENT_SETTINGS,
  };
}
