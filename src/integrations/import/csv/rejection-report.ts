import { createWriteStream, openSync, WriteStream } from 'fs';
import { once } from 'events';
import { RowRejection } from './csv-import';

// Where rejected rows go: the first `maxPrinted` as `line 17: gender: must be one of ...`
// lines (through `print`, so the progress bar is not torn), and all of them to an optional
// CSV file (line,field,reason).

interface RejectionReportOptions {
  print: (line: string) => void;
  maxPrinted?: number;
  errorsFile?: string;
}

const DEFAULT_MAX_PRINTED = 1000;

export class RejectionReport {
  private readonly max: number;
  private readonly file: WriteStream | undefined;
  private count = 0;
  private fileError: Error | undefined;

  constructor(private readonly opts: RejectionReportOptions) {
    this.max = opts.maxPrinted ?? DEFAULT_MAX_PRINTED;
    if (opts.errorsFile) {
      // opened synchronously so a bad path fails before anything is imported
      this.file = createWriteStream('', { fd: openSync(opts.errorsFile, 'w') });
      this.file.on('error', (e) => (this.fileError = e));
      this.file.write('line,field,reason\n');
    }
  }

  readonly add = (r: RowRejection): void => {
    this.count++;
    if (this.count <= this.max) this.opts.print(formatRejection(r));
    this.file?.write(`${r.line},${csvCell(r.field)},${csvCell(r.reason)}\n`);
  };

  get total(): number {
    return this.count;
  }

  /** Prints how many were not shown and closes the errors file. */
  async close(): Promise<void> {
    if (this.count > this.max) {
      const where = this.opts.errorsFile ? `all are in ${this.opts.errorsFile}` : 'use --errors <file> to get them all';
      this.opts.print(`... and ${this.count - this.max} more rejected rows (${where})`);
    }
    if (this.file) {
      this.file.end();
      if (!this.file.closed && !this.fileError) await once(this.file, 'close');
      if (this.fileError) throw this.fileError;
    }
  }
}

function formatRejection(r: RowRejection): string {
  return `line ${r.line}: ${r.field}: ${r.reason}`;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
