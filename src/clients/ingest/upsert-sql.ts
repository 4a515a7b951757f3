import { EntitySpec, FieldSpec, FieldType } from '../records/record-specs';

// Builds the one-statement upsert for a batch of records that share a shape (the same
// fields present). Values travel as one array parameter per column and are expanded with
// unnest, so a batch of any size is a single statement with a fixed number of parameters.

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

/** Local-time aware timestamptz from a text value; `tz` is the business's zone. */
export function tsExpr(col: string, tz: string): string {
  return `CASE WHEN ${col} ~* '(z|[+-]\\d{2}(:?\\d{2})?)$' THEN ${col}::timestamptz ELSE ${col}::timestamp AT TIME ZONE ${tz} END`;
}

function valueExpr(f: FieldSpec, col: string): string {
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
 * fields: the present fields of the shape (externalId first). Returns rows
 * (id, client_id, inserted) for every row written; untouched rows (identical, or older than
 * what is stored) are not returned.
 */
export function buildUpsert(spec: EntitySpec, fields: FieldSpec[]): UpsertStatement {
  const table = spec.table;
  const inputCols = fields.map((f, i) => `$${i + 3}::${f.ref ? 'bigint[]' : ARRAY_TYPE[f.type]}`);
  const names = fields.map((f) => `c_${f.column}`);

  const insertCols = ['business_id', 'source', ...fields.map((f) => f.column)];
  const selectExprs = ['$1::uuid', '$2::text', ...fields.map((f) => valueExpr(f, `r.c_${f.column}`))];
  const visitedAt = fields.find((f) => f.column === 'visited_at');
  if (table === 'visit' && visitedAt) {
    insertCols.push('visited_on');
    selectExprs.push(`((${valueExpr(visitedAt, 'r.c_visited_at')}) AT TIME ZONE b.timezone)::date`);
  }

  const updateCols = insertCols.filter((c) => !['business_id', 'source', 'external_id', 'source_updated_at'].includes(c));
  const sets = updateCols.map((c) => `${c} = EXCLUDED.${c}`);
  sets.push('source_updated_at = COALESCE(EXCLUDED.source_updated_at, t.source_updated_at)');
  if (!NO_UPDATED_AT.has(table)) sets.push('updated_at = now()');
  if (table === 'client') sets.push('is_stub = false');

  // Write only when the incoming update is not older than what is stored, and only when
  // something actually differs (a redelivery writes nothing and emits nothing).
  const compared = updateCols.map((c) => `t.${c}`);
  const incoming = updateCols.map((c) => `EXCLUDED.${c}`);
  if (table === 'client') {
    compared.push('t.is_stub');
    incoming.push('false');
  }
  const distinct = compared.length
    ? `(${compared.join(', ')}) IS DISTINCT FROM (${incoming.join(', ')})`
    : 'false';

  const clientExpr = clientOf(spec);

  const sql = `
    WITH b AS (SELECT timezone FROM business WHERE id = $1),
    r AS (SELECT * FROM unnest(${inputCols.join(', ')}) AS r(${names.join(', ')}))
    INSERT INTO ${table} AS t (${insertCols.join(', ')})
    SELECT ${selectExprs.join(', ')} FROM r CROSS JOIN b
    ON CONFLICT (business_id, source, external_id) DO UPDATE SET ${sets.join(', ')}
    WHERE (EXCLUDED.source_updated_at IS NULL OR t.source_updated_at IS NULL
           OR EXCLUDED.source_updated_at >= t.source_updated_at)
      AND ${distinct}
    RETURNING t.id::text AS id, ${clientExpr}::text AS client_id, (xmax = 0) AS inserted
      ${table === 'visit' ? ', t.visited_on::text AS visited_on' : ''}`;
  return { sql, fields };
}

/**
 * The update-only counterpart of buildUpsert: changes existing rows, inserts nothing. Same
 * ordering and no-op rules; returns the same row shape.
 */
export function buildUpdate(spec: EntitySpec, fields: FieldSpec[]): UpsertStatement {
  const table = spec.table;
  const inputCols = fields.map((f, i) => `$${i + 3}::${f.ref ? 'bigint[]' : ARRAY_TYPE[f.type]}`);
  const names = fields.map((f) => `c_${f.column}`);
  const data = fields.filter((f) => f.column !== 'external_id' && f.column !== 'source_updated_at');
  const exprs = data.map((f) => ({ column: f.column, expr: valueExpr(f, `r.c_${f.column}`) }));
  const visitedAt = data.find((f) => f.column === 'visited_at');
  if (table === 'visit' && visitedAt) exprs.push({ column: 'visited_on', expr: `((${valueExpr(visitedAt, 'r.c_visited_at')}) AT TIME ZONE b.timezone)::date` });
  const hasUpdatedAt = fields.some((f) => f.column === 'source_updated_at');
  const incomingTs = hasUpdatedAt ? valueExpr(fields.find((f) => f.column === 'source_updated_at')!, 'r.c_source_updated_at') : 'NULL::timestamptz';

  const sets = exprs.map((e) => `${e.column} = ${e.expr}`);
  sets.push(`source_updated_at = COALESCE(${incomingTs}, t.source_updated_at)`);
  if (!NO_UPDATED_AT.has(table)) sets.push('updated_at = now()');
  const distinct = exprs.length
    ? `(${exprs.map((e) => `t.${e.column}`).join(', ')}) IS DISTINCT FROM (${exprs.map((e) => e.expr).join(', ')})`
    : 'false';
  const clientExpr = clientOf(spec);
  // wrapped in a CTE: the driver returns [rows, count] for a bare UPDATE but plain rows for a SELECT
  const sql = `
    WITH b AS (SELECT timezone FROM business WHERE id = $1), u AS (
    UPDATE ${table} AS t SET ${sets.join(', ')}
      FROM unnest(${inputCols.join(', ')}) AS r(${names.join(', ')}) CROSS JOIN b
     WHERE t.business_id = $1 AND t.source = $2 AND t.external_id = r.c_external_id
       AND (${incomingTs} IS NULL OR t.source_updated_at IS NULL OR ${incomingTs} >= t.source_updated_at)
       AND ${distinct}
    RETURNING t.id::text AS id, ${clientExpr}::text AS client_id, false AS inserted
      ${table === 'visit' ? ', t.visited_on::text AS visited_on' : ''})
    SELECT * FROM u`;
  return { sql, fields };
}
