import { StringDecoder } from 'string_decoder';
import { parse } from 'csv-parse/sync';
import { CsvImportError } from './csv-import.errors';

// Streams CSV records with their physical line numbers, and survives broken rows.
//
// Records are framed by physical lines first (a record ends at the first line end where its
// count of '"' is even, which is exact for RFC 4180 quoting) and then parsed by csv-parse.
// Framing ourselves is what makes line numbers exact (csv-parse counts a CRLF inside a
// quoted cell as two lines) and recovery local: csv-parse's skip_records_with_error loses
// sync after an invalid closing quote and swallows the rest of the file, and its stream
// drops already-parsed records when it errors. Here a broken record is reported by its
// first line and, if it spanned several lines, parsing resumes at its second line.

interface CsvRow {
  /** Physical line (1-based) the record starts on. */
  line: number;
  cells: string[];
}

interface BrokenRow {
  line: number;
  reason: string;
}

export type CsvItem = CsvRow | BrokenRow;

export function isBroken(item: CsvItem): item is BrokenRow {
  return (item as BrokenRow).reason !== undefined;
}

interface CsvReaderOptions {
  delimiter: string;
  /** A record still open (unclosed quote) after this many characters is declared broken. */
  maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD_CHARS = 1 << 20;

interface PendingRecord {
  line: number;
  lines: string[];
  chars: number;
}

type Slot = { line: number; text: string } | CsvItem;

/**
 * Yields the records of a CSV byte stream in order, one array per chunk read, each either
 * `{ line, cells }` or `{ line, reason }` for a row that is not valid CSV. Empty lines are
 * skipped. Memory is bounded by the chunk size plus one record.
 */
export async function* readCsvRecords(source: AsyncIterable<Buffer | string>, opts: CsvReaderOptions): AsyncGenerator<CsvItem[]> {
  const framer = new CsvFramer(opts);
  let first = true;
  for await (const chunk of source) {
    if (first && typeof chunk !== 'string') assertText(chunk);
    first = false;
    framer.write(chunk);
    const items = framer.take();
    if (items.length) yield items;
  }
  framer.end();
  const rest = framer.take();
  if (rest.length) yield rest;
}

function assertText(chunk: Buffer): void {
  // A NUL byte never appears in a UTF-8 text file; spreadsheets (.xlsx) and gzip do.
  if (chunk.subarray(0, 64 * 1024).includes(0)) {
    throw new CsvImportError('the file is not a CSV text file (it contains binary data); export it as CSV (UTF-8)');
  }
}

class CsvFramer {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxChars: number;
  private carry = '';
  private nextLine = 1;
  private pending: PendingRecord | undefined;
  private slots: Slot[] = [];

  constructor(private readonly opts: CsvReaderOptions) {
    this.maxChars = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  write(chunk: Buffer | string): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.carry = parts.pop()!;
    for (const part of parts) this.feed(part, this.nextLine++);
    if (this.carry.length > this.maxChars) {
      throw new CsvImportError(`line ${this.nextLine} is longer than ${this.maxChars} characters; this does not look like a CSV file`);
    }
  }

  end(): void {
    const text = this.carry + this.decoder.end();
    this.carry = '';
    if (text !== '') this.feed(text, this.nextLine++);
    // an unclosed quote at the end of the file: report its record, re-read what followed it
    while (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.slots.push({ line: p.line, reason: this.unclosedReason(p, 'unclosed quote') });
      this.refeed(p);
    }
  }

  /** Parsed items framed so far, in file order. */
  take(): CsvItem[] {
    const slots = this.slots;
    this.slots = [];
    return this.parseSlots(slots);
  }

  private feed(text: string, line: number): void {
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const p = this.pending;
    if (!p) {
      if (isBlank(text)) return;
      if (countQuotes(text) % 2 === 1) this.pending = { line, lines: [text], chars: text.length };
      else this.slots.push({ line, text: stripCr(text) });
      return;
    }
    p.lines.push(text);
    p.chars += text.length + 1;
    if (countQuotes(text) % 2 === 1) {
      this.pending = undefined;
      this.parseMultiline(p);
    } else if (p.chars > this.maxChars) {
      this.pending = undefined;
      this.slots.push({ line: p.line, reason: this.unclosedReason(p, `unclosed quote (record still open after ${this.maxChars} characters)`) });
      this.refeed(p);
    }
  }

  // The lines after a broken record's first are read again, in order, before anything later.
  private refeed(p: PendingRecord): void {
    p.lines.slice(1).forEach((l, i) => this.feed(l, p.line + 1 + i));
  }

  // Multi-line records are rare: parse them at once so that a failure can hand the lines
  // after the first back to the framer before anything later is framed.
  private parseMultiline(p: PendingRecord): void {
    const text = stripCr(p.lines.join('\n'));
    let rows: string[][] | undefined;
    let reason = 'not a single CSV record';
    try {
      rows = this.parse(text);
    } catch (e) {
      reason = csvErrorReason(e);
    }
    if (rows?.length === 1) {
      this.slots.push({ line: p.line, cells: rows[0] });
    } else {
      this.slots.push({ line: p.line, reason });
      this.refeed(p);
    }
  }

  // `a,x"y,b` opens no quoted cell: say so rather than "unclosed quote"
  private unclosedReason(p: PendingRecord, fallback: string): string {
    const first = this.parseOne({ line: p.line, text: stripCr(p.lines[0]) });
    return isBroken(first) && first.reason !== 'unclosed quote' ? first.reason : fallback;
  }

  private parseSlots(slots: Slot[]): CsvItem[] {
    const plain = slots.every((s) => 'text' in s) ? (slots as Array<{ line: number; text: string }>) : slots.filter((s): s is { line: number; text: string } => 'text' in s);
    if (!plain.length) return slots as CsvItem[];
    let parsed: CsvItem[] | undefined;
    try {
      const rows = this.parse(plain.map((s) => s.text).join('\n'));
      if (rows.length === plain.length) parsed = rows.map((cells, i) => ({ line: plain[i].line, cells }));
    } catch {
      // some row in the chunk is broken: parse them one by one to find it
    }
    parsed ??= plain.map((s) => this.parseOne(s));
    let k = 0;
    return slots.map((s) => ('text' in s ? parsed![k++] : s));
  }

  private parseOne(s: { line: number; text: string }): CsvItem {
    try {
      const rows = this.parse(s.text);
      return rows.length === 1 ? { line: s.line, cells: rows[0] } : { line: s.line, reason: 'not a single CSV record' };
    } catch (e) {
      return { line: s.line, reason: csvErrorReason(e) };
    }
  }

  private parse(text: string): string[][] {
    return parse(text, {
      delimiter: this.opts.delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: false,
      bom: false,
    }) as string[][];
  }
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
}

function isBlank(s: string): boolean {
  if (s === '' || s === '\r') return true;
  const c = s.charCodeAt(0);
  return (c === 32 || c === 9 || c === 13) && /^\s*$/.test(s);
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function csvErrorReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unclosed quote';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'invalid closing quote: a quoted cell must end right before the delimiter or the line end';
    case 'INVALID_OPENING_QUOTE':
      return 'quote inside an unquoted cell: quote the whole cell and double the quotes inside it';
    default:
      return `not valid CSV: ${String((e as Error).message ?? e).replace(/ at line \d+/, '')}`;
  }
}
