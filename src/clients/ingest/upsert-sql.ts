import { EntitySpec, FieldSpec, FieldType } from '../records/record-specs';

// Builds the one statement that writes a batch of records sharing a shape (the same fields
// present). Values travel as one array parameter per column and are expanded with unnest,
// so a batch of any size is a single statement with a fixed number of parameters.

const ARRAY_TYPE: Record<FieldType, string> = {
  text: 'text[]',
  enum: 'text[]',
  int: 'int[]',
  money: 'bigint[]',
  bool: 'boolean[]',
  date: 'date[]',
  // converted in SQL: offset-less values are local time of the business
  timestamp: 'text[]',
  // unnest flattens 2-D arrays, so arrays travel as JSON text
  textArray: 'text[]',
};

// Tables whose rows never change after the fact, so they carry no updated_at
const NO_UPDATED_AT = new Set(['visit', 'sale']);

/**
 * Booking states by precedence, for two updates stamped with the same source time (Mindbody
 * stamps to the second: a roster entry made and signed in within one second arrives as two
 * events with equal times). Whatever order they commit in, the later state in a booking's life
 * wins: attended over a no-show over a cancellation over booked.
 */
export const BOOKING_STATE_RANK: Readonly<Record<string, number>> = { booked: 0, cancelled: 1, late_cancelled: 2, no_show: 3, attended: 4 };

const stateRank = (col: string) =>
  `CASE ${col} ${Object.entries(BOOKING_STATE_RANK)
    .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
    .join(' ')} ELSE 0 END`;

/**
 * New value of each column, given the stored row `t` and the incoming one `inc`: the incoming
 * value, except that a booking's state (and the no-show flag that goes with it) is kept when
 * both carry the same source time and the stored state ranks higher (BOOKING_STATE_RANK).
 * Compared in the statement, so it holds however two concurrent writers interleave.
 */
function newValues(table: string, cols: string[], inc: string, hasTs: boolean): Map<string, string> {
  const out = new Map(cols.map((c) => [c, `${inc}.${c}`]));
  if (table === 'booking' && hasTs && cols.includes('state')) {
    const keep = `(${inc}.source_updated_at = t.source_updated_at AND ${stateRank('t.state')} > ${stateRank(`${inc}.state`)})`;
    for (const c of ['state', 'no_show_active']) if (cols.includes(c)) out.set(c, `CASE WHEN ${keep} THEN t.${c} ELSE ${inc}.${c} END`);
  }
  return out;
}

/** Local-time aware timestamptz from a text value; `tz` is the business's zone. */
export function tsExpr(col: string, tz: string): string {
  return `CASE WHEN ${col} ~* '(z|[+-]\\d{2}(:?\\d{2})?)$' THEN ${col}::timestamptz ELSE ${col}::timestamp AT TIME ZONE ${tz} END`;
}

function converted(f: FieldSpec, col: string): string {
  if (f.ref) return col;
  if (f.type === 'timestamp') return tsExpr(col, 'b.timezone');
  if (f.type === 'textArray') return `ARRAY(SELECT jsonb_array_elements_text(${col}::jsonb))`;
  return col;
}

/** The client a written row belongs to, for change events (a freeze: its subscription's). */
function clientOf(spec: EntitySpec): string {
  if (spec.clientColumn === 'id') return 't.id';
  if (spec.clientColumn === 'client_id') return 't.client_id';
  if (spec.table === 'subscription_freeze') return '(SELECT s.client_id FROM subscription s WHERE s.id = t.subscription_id)';
  return 'NULL::bigint';
}

export interface UpsertStatement {
  sql: string;
  /** Parameter order after $1 business_id and $2 source: one array per listed field. */
  fields: FieldSpec[];
}

/**
 * `x`: the batch as rows with every value already converted to its column type (each
 * timestamp converted once), plus `visited_on` for visits.
 */
function inputCtes(table: string, fields: FieldSpec[]): { ctes: string; columns: string[] } {
  const arrays = fields.map((f, i) => `$${i + 3}::${f.ref ? 'bigint[]' : ARRAY_TYPE[f.type]}`);
  const raw = fields.map((f) => `c_${f.column}`);
  const columns = fields.map((f) => f.column);
  const exprs = fields.map((f) => `${converted(f, `r.c_${f.column}`)} AS ${f.column}`);
  const ctes = `b AS (SELECT timezone FROM business WHERE id = $1),
    r AS (SELECT * FROM unnest(${arrays.join(', ')}) AS r(${raw.join(', ')})),
    x AS (SELECT ${exprs.join(', ')}, b.timezone AS tz_ FROM r CROSS JOIN b)`;
  if (table === 'visit' && columns.includes('visited_at')) {
    return {
      ctes: `${ctes},
    xv AS (SELECT x.*, (x.visited_at AT TIME ZONE x.tz_)::date AS visited_on FROM x)`,
      columns: [...columns, 'visited_on'],
    };
  }
  return { ctes, columns };
}

/**
 * Runs the write as a CTE and selects what it wrote (the driver returns [rows, count] for a
 * bare UPDATE but plain rows for a SELECT). For visits it also reads, in the same snapshot,
 * the (client, day) each written row had before, so a day a visit left can be refreshed.
 */
function wrapWrite(table: string, ctes: string, write: string): string {
  if (table !== 'visit') {
    return `WITH ${ctes}, up AS (${write})
    SELECT id::text AS id, client_id::text AS client_id, inserted FROM up`;
  }
  return `WITH ${ctes},
    old AS (SELECT t.id, t.client_id, t.visited_on FROM visit t JOIN x ON t.external_id = x.external_id
             WHERE t.business_id = $1 AND t.source = $2),
    up AS (${write})
    SELECT up.id::text AS id, up.client_id::text AS client_id, up.inserted, up.visited_on::text AS visited_on,
           old.client_id::text AS old_client_id, old.visited_on::text AS old_visited_on
      FROM up LEFT JOIN old ON old.id = up.id`;
}

const returning = (spec: EntitySpec, inserted: string) => `RETURNING t.id AS id, ${clientOf(spec)} AS client_id, ${inserted} AS inserted${spec.table === 'visit' ? ', t.visited_on' : ''}`;

/**
 * Rows come back as (id, client_id, inserted[, visited_on, old_client_id, old_visited_on])
 * for every row written; untouched rows (identical, or older than what is stored) are not
 * returned. For visits the old values let the caller refresh a day a visit moved away from.
 */
export function buildUpsert(spec: EntitySpec, fields: FieldSpec[]): UpsertStatement {
  const table = spec.table;
  const { ctes, columns } = inputCtes(table, fields);
  const source = columns.includes('visited_on') ? 'xv' : 'x';
  const insertCols = ['business_id', 'source', ...columns];
  const updateCols = columns.filter((c) => c !== 'external_id' && c !== 'source_updated_at');
  const hasTs = columns.includes('source_updated_at');
  const value = newValues(table, updateCols, 'EXCLUDED', hasTs);

  const sets = updateCols.map((c) => `${c} = ${value.get(c)}`);
  sets.push('source_updated_at = COALESCE(EXCLUDED.source_updated_at, t.source_updated_at)');
  if (!NO_UPDATED_AT.has(table)) sets.push('updated_at = now()');
  if (table === 'client') sets.push('is_stub = false');

  // Write only when the incoming update is not older than what is stored, and only when
  // something actually differs (a redelivery writes nothing and emits nothing).
  const compared = updateCols.map((c) => `t.${c}`);
  const incoming = updateCols.map((c) => value.get(c)!);
  if (table === 'client') {
    compared.push('t.is_stub');
    incoming.push('false');
  }
  const distinct = compared.length ? `(${compared.join(', ')}) IS DISTINCT FROM (${incoming.join(', ')})` : 'false';

  const insert = `INSERT INTO ${table} AS t (${insertCols.join(', ')})
    SELECT $1::uuid, $2::text, ${columns.map((c) => `${source}.${c}`).join(', ')} FROM ${source}
    ON CONFLICT (business_id, source, external_id) DO UPDATE SET ${sets.join(', ')}
    WHERE ${hasTs ? '(EXCLUDED.source_updated_at IS NULL OR t.source_updated_at IS NULL OR EXCLUDED.source_updated_at >= t.source_updated_at) AND ' : ''}${distinct}
    ${returning(spec, '(xmax = 0)')}`;

  return { sql: wrapWrite(table, ctes, insert), fields };
}

/**
 * The update-only counterpart of buildUpsert: changes existing rows, inserts nothing. Same
 * ordering and no-op rules; returns the same row shape.
 */
export function buildUpdate(spec: EntitySpec, fields: FieldSpec[]): UpsertStatement {
  const table = spec.table;
  const { ctes, columns } = inputCtes(table, fields);
  const source = columns.includes('visited_on') ? 'xv' : 'x';
  const data = columns.filter((c) => c !== 'external_id' && c !== 'source_updated_at');
  const hasTs = columns.includes('source_updated_at');
  const value = newValues(table, data, source, hasTs);

  const sets = data.map((c) => `${c} = ${value.get(c)}`);
  if (hasTs) sets.push(`source_updated_at = COALESCE(${source}.source_updated_at, t.source_updated_at)`);
  if (!NO_UPDATED_AT.has(table)) sets.push('updated_at = now()');
  const distinct = data.length ? `(${data.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${data.map((c) => value.get(c)).join(', ')})` : 'false';
  const newer = hasTs ? `(${source}.source_updated_at IS NULL OR t.source_updated_at IS NULL OR ${source}.source_updated_at >= t.source_updated_at) AND ` : '';

  const update = `UPDATE ${table} AS t SET ${sets.join(', ')} FROM ${source}
            WHERE t.business_id = $1 AND t.source = $2 AND t.external_id = ${source}.external_id AND ${newer}${distinct}
            ${returning(spec, 'false')}`;
  return { sql: wrapWrite(table, ctes, update), fields };
}
