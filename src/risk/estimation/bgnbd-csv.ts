import { readFileSync } from 'fs';
import { validateBgnbdData } from './bgnbd-data';
import { BgnbdData, BgnbdDataError } from './bgnbd.types';

const COLUMNS = ['frequency', 'recency', 'T'] as const;

/** A CSV problem; line is 1-based (the header is line 1). */
export class BgnbdCsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `line ${line}: ${message}` : message);
  }
}

/** Reads `frequency,recency,T` (header required, other columns ignored, any time unit). */
export function readBgnbdCsv(path: string): BgnbdData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BgnbdCsvError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
  }
  return parseBgnbdCsv(text);
}

export function parseBgnbdCsv(text: string): BgnbdData {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!lines[0]?.trim()) throw new BgnbdCsvError('empty file: a header with frequency,recency,T is required', 1);
  const header = splitCsvLine(lines[0], 1).map((h) => h.trim());
  const col = COLUMNS.map((name) => header.indexOf(name));
  const missing = COLUMNS.filter((_, k) => col[k] < 0);
  if (missing.length) {
    throw new BgnbdCsvError(`missing column(s) ${missing.join(', ')} in header "${lines[0]}" (need frequency,recency,T)`, 1);
  }
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    if (!lines[i].trim()) continue;
    const cells = splitCsvLine(lines[i], lineNo);
    if (cells.length !== header.length) {
      throw new BgnbdCsvError(`expected ${header.length} cells like the header, found ${cells.length}`, lineNo);
    }
    const [f, rec, t] = col.map((c, k) => numberCell(cells[c], COLUMNS[k], lineNo));
    try {
      validateBgnbdData({ x: [f], tx: [rec], T: [t] });
    } catch (e) {
      if (e instanceof BgnbdDataError) throw new BgnbdCsvError(e.message.replace(/^row 0: /, ''), lineNo);
      throw e;
    }
    x.push(f);
    tx.push(rec);
    T.push(t);
  }
  if (!x.length) throw new BgnbdCsvError('no data rows after the header');
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T) };
}

function numberCell(raw: string, name: string, lineNo: number): number {
  const s = raw.trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new BgnbdCsvError(`${name} is not a number: "${raw}"`, lineNo);
  return v;
}

// RFC 4180 cells of one line ("" escapes a quote); quoted line breaks are not supported.
function splitCsvLine(line: string, lineNo: number): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new BgnbdCsvError('unterminated quoted cell', lineNo);
  cells.push(cell);
  return cells;
}
