import { CanonicalRecord, FieldSpec } from '../../../clients';
import { ColumnMap } from './csv-header';

// CSV cells are strings; the canonical record wants JSON types. A cell that does not look
// like its type stays a string so the shared validator rejects it with its usual reason.

const INTEGER_RE = /^[+-]?\d+$/;
const BOOLS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, y: true, n: false };

/** undefined = field omitted (empty cell); null = explicit NULL. */
export function coerceCell(field: FieldSpec, cell: string): unknown {
  if (cell === '') return undefined;
  if (cell.length === 4 && cell.toUpperCase() === 'NULL') return null;
  switch (field.type) {
    case 'text':
      return cell;
    case 'int':
    case 'money': {
      const t = cell.trim();
      return INTEGER_RE.test(t) ? Number(t) : cell;
    }
    case 'bool': {
      const b = BOOLS[cell.trim().toLowerCase()];
      return b === undefined ? cell : b;
    }
    case 'textArray':
      return parseTextArray(cell);
    case 'date':
    case 'timestamp':
    case 'enum':
      return cell.trim();
  }
}

// `a|b|c` (items trimmed, empty items dropped) or a JSON array when the cell starts with `[`.
function parseTextArray(cell: string): unknown {
  const t = cell.trim();
  if (t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return cell;
    }
  }
  return t
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Canonical record from one row's cells (cells.length === columns.length). */
export function rowToRecord(columns: ColumnMap, cells: readonly string[]): CanonicalRecord {
  const record: CanonicalRecord = {};
  for (let i = 0; i < columns.length; i++) {
    const v = coerceCell(columns[i], cells[i]);
    if (v !== undefined) record[columns[i].name] = v;
  }
  return record;
}
