// Import progress on stderr. On a terminal one line is redrawn in place (at most every
// 100 ms); when stderr is a pipe or file a plain line is written every few seconds so logs
// stay readable.

interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

interface ProgressState {
  rows: number;
  bytes: number;
}

interface ProgressBarOptions {
  totalBytes: number;
  stream?: ProgressStream;
  /** Plain-line interval when not on a terminal. */
  lineIntervalMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 24;
const TTY_INTERVAL_MS = 100;

export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly interval: number;
  private readonly now: () => number;
  private readonly started: number;
  private last = 0;
  private drawn = false;
  private state: ProgressState = { rows: 0, bytes: 0 };

  constructor(private readonly opts: ProgressBarOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
    this.now = opts.now ?? Date.now;
    this.interval = this.tty ? TTY_INTERVAL_MS : (opts.lineIntervalMs ?? 5000);
    this.started = this.now();
    this.last = this.started;
  }

  update(state: ProgressState): void {
    this.state = state;
    const t = this.now();
    if (t - this.last < this.interval) return;
    this.last = t;
    this.draw();
  }

  /** Prints a message line without tearing the bar. */
  log(line: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    this.stream.write(`${line}\n`);
    if (this.tty && this.drawn) this.draw();
  }

  finish(state: ProgressState = this.state): void {
    this.state = state;
    this.draw();
    if (this.tty) this.stream.write('\n');
    this.drawn = false;
  }

  render(): string {
    const { rows, bytes } = this.state;
    const secs = Math.max((this.now() - this.started) / 1000, 0.001);
    const frac = this.opts.totalBytes > 0 ? Math.min(bytes / this.opts.totalBytes, 1) : 1;
    const pct = `${(frac * 100).toFixed(1)}%`;
    const rate = `${Math.round(rows / secs).toLocaleString('en-US')} rows/s`;
    const text = `${rows.toLocaleString('en-US')} rows, ${rate}, ${pct} of ${formatBytes(this.opts.totalBytes)}`;
    if (!this.tty) return `import: ${text}`;
    const filled = Math.round(frac * BAR_WIDTH);
    return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${text}`;
  }

  private draw(): void {
    if (this.tty) {
      this.stream.write(`\r\x1b[K${this.render()}`);
      this.drawn = true;
    } else {
      this.stream.write(`${this.render()}\n`);
    }
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
