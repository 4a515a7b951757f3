import { createReadStream, promises as fs } from 'fs';
import { IngestService, CanonicalRecord, EntityName, entitySpec } from '../../../clients';
import { rowToRecord } from './csv-coercion';
import { ColumnMap, mapHeader } from './csv-header';
import { CsvImportError } from './csv-import.errors';
import { CsvItem, isBroken, readCsvRecords } from './csv-reader';

// CSV import: stream, map the header, coerce cells, and write batches through the one
// ingest path (strict mode, like the import API).
//
// Each batch is its own transaction. A crash mid-file leaves the earlier batches committed;
// running the same file again is safe and cheap because every row is upserted by
// (business, source, externalId) and identical rows are not written again.

type IngestPort = Pick<IngestService, 'ingest'>;

export interface RowRejection {
  /** Physical line the row starts on (the header is line 1). */
  line: number;
  /** The field at fault, or "(row)" for a row that is not valid CSV. */
  field: string;
  reason: string;
}

export interface CsvImportOptions {
  businessId: string;
  entity: EntityName;
  source: string;
  batchSize: number;
  delimiter: string;
  /** Called in line order for every row not imported. */
  onRejected?: (r: RowRejection) => void;
  onProgress?: (p: { rows: number; bytes: number }) => void;
}

interface CsvImportSummary {
  entity: EntityName;
  source: string;
  /** Data rows in the file (empty lines not counted), broken ones included. */
  rows: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows not imported: rejected by validation or reference checks, plus broken rows. */
  rejected: number;
  /** Of the rejected: rows that were not valid CSV. */
  broken: number;
  batches: number;
  seconds: number;
  rowsPerSecond: number;
}

const BROKEN_ROW_FIELD = '(row)';
// A file whose first rows are all broken is not the CSV we expect; stop before writing.
const GIVE_UP_AFTER_BROKEN = 100;
const READ_CHUNK_BYTES = 1 << 20;

interface Batch {
  records: CanonicalRecord[];
  lines: number[];
  broken: RowRejection[];
}

const newBatch = (): Batch => ({ records: [], lines: [], broken: [] });

/** Imports one CSV file; throws CsvImportError when the file cannot be imported at all. */
export async function importCsvFile(ingest: IngestPort, path: string, opts: CsvImportOptions): Promise<CsvImportSummary> {
  let size: number;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) throw new CsvImportError(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CsvImportError) throw e;
    throw new CsvImportError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (size === 0) throw new CsvImportError(`${path} is empty; the first line must be a header naming the columns`);
  return importCsvStream(ingest, createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), opts);
}

async function importCsvStream(ingest: IngestPort, input: AsyncIterable<Buffer | string>, opts: CsvImportOptions): Promise<CsvImportSummary> {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new CsvImportError('batch size must be a positive integer');
  const spec = entitySpec(opts.entity);
  const started = Date.now();
  const sum = { rows: 0, accepted: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, broken: 0, batches: 0 };
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of input) {
      bytes += chunk.length;
      yield chunk;
    }
  })();

  let columns: ColumnMap | undefined;
  let batch = newBatch();
  let inflight: Promise<void> | undefined;

  const write = async (b: Batch): Promise<void> => {
    const rejections: RowRejection[] = [...b.broken];
    if (b.records.length) {
      let result;
      try {
        ({
          results: [result],
        } = await ingest.ingest(opts.businessId, opts.source, [{ entity: opts.entity, records: b.records }], { mode: 'strict' }));
      } catch (e) {
        throw new CsvImportError(
          `writing the batch of lines ${b.lines[0]}-${b.lines[b.lines.length - 1]} failed: ${(e as Error).message}. ` +
            `Earlier batches are committed; running the same import again is safe (rows are upserted by externalId).`,
        );
      }
      sum.batches++;
      sum.accepted += result.accepted;
      sum.inserted += result.inserted;
      sum.updated += result.updated;
      sum.unchanged += result.unchanged;
      sum.rejected += result.rejected.length;
      for (const r of result.rejected) rejections.push({ line: b.lines[r.index], field: r.field, reason: r.reason });
    }
    if (opts.onRejected && rejections.length) {
      rejections.sort((a, c) => a.line - c.line);
      rejections.forEach(opts.onRejected);
    }
  };

  // One batch in flight while the next is parsed; a batch starts only after the previous
  // one committed, so a later row for the same externalId always wins.
  const flush = async (): Promise<void> => {
    const b = batch;
    batch = newBatch();
    if (inflight) await inflight;
    inflight = write(b);
    inflight.catch(() => undefined); // awaited before the next batch or at the end
  };

  const onItem = (item: CsvItem): void => {
    if (!columns) {
      if (isBroken(item)) throw new CsvImportError(`cannot read the header row (line ${item.line}): ${item.reason}`);
      columns = mapHeader(spec, item.cells);
      return;
    }
    sum.rows++;
    if (isBroken(item)) return addBroken(item.line, item.reason);
    if (item.cells.length !== columns.length) {
      return addBroken(item.line, `expected ${columns.length} columns as in the header, got ${item.cells.length}`);
    }
    batch.records.push(rowToRecord(columns, item.cells));
    batch.lines.push(item.line);
  };

  const addBroken = (line: number, reason: string): void => {
    sum.broken++;
    sum.rejected++;
    batch.broken.push({ line, field: BROKEN_ROW_FIELD, reason });
    if (sum.broken === sum.rows && sum.rows >= GIVE_UP_AFTER_BROKEN) {
      throw new CsvImportError(`the first ${sum.rows} rows are all broken (e.g. line ${batch.broken[0].line}: ${batch.broken[0].reason}); is this a CSV file with delimiter "${opts.delimiter}"?`);
    }
  };

  try {
    for await (const items of readCsvRecords(counted, { delimiter: opts.delimiter })) {
      for (const item of items) {
        onItem(item);
        if (batch.records.length >= opts.batchSize) await flush();
      }
      opts.onProgress?.({ rows: sum.rows, bytes });
    }
    if (!columns) throw new CsvImportError('the file has no header row; the first line must name the columns');
    if (batch.records.length || batch.broken.length) await flush();
    await inflight;
  } catch (e) {
    await inflight?.catch(() => undefined);
    throw e;
  }

  const seconds = (Date.now() - started) / 1000;
  return {
    entity: opts.entity,
    source: opts.source,
    ...sum,
    seconds: Math.round(seconds * 1000) / 1000,
    rowsPerSecond: Math.round(sum.rows / Math.max(seconds, 0.001)),
  };
}
