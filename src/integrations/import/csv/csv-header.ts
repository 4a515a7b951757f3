import { EntitySpec, FieldSpec } from '../../../clients';
import { CsvImportError } from './csv-import.errors';

// Header cells name canonical fields: camelCase as in the API (clientExternalId), or
// snake_case (client_external_id), in any letter case.

/** Field of each column, in column order. */
export type ColumnMap = readonly FieldSpec[];

export function normalizeHeaderName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[_\s-]+/g, '');
}

export function mapHeader(spec: EntitySpec, header: readonly string[]): ColumnMap {
  const byKey = new Map(spec.fields.map((f) => [normalizeHeaderName(f.name), f]));
  const allowed = spec.fields.map((f) => f.name).join(', ');
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  const columns: FieldSpec[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') throw new CsvImportError(`column ${i + 1} of the header has no name; columns for ${spec.entity}: ${allowed}`);
    const field = byKey.get(normalizeHeaderName(name));
    if (!field) {
      unknown.push(name);
      return;
    }
    const prev = seen.get(field.name);
    if (prev !== undefined) throw new CsvImportError(`columns "${prev}" and "${name}" both name the field ${field.name}`);
    seen.set(field.name, name);
    columns.push(field);
  });
  if (unknown.length) {
    const hint = header.length === 1 && /[;\t|]/.test(header[0]) ? ' (is the file separated by another character? use --delimiter)' : '';
    throw new CsvImportError(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} for ${spec.entity}${hint}; allowed columns: ${allowed} (snake_case works too)`);
  }
  const missing = spec.fields.filter((f) => f.required && !seen.has(f.name) && !(f.alternative && seen.has(f.alternative))).map((f) => f.name);
  if (missing.length) throw new CsvImportError(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for ${spec.entity}`);
  return columns;
}
