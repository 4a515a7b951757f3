import { ProgressBar } from './progress-bar';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
}

describe('ProgressBar', () => {
  it('should redraw one line with \\r on a terminal, showing rows, rows/s and percent of bytes', () => {
    let now = 0;
    const { out, stream } = sink(true);
    const bar = new ProgressBar({ totalBytes: 1000, stream, now: () => now });
    now = 2000;
    bar.update({ rows: 10_000, bytes: 500 });
    expect(out).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- the bar's terminal escape is what is asserted
    expect(out[0]).toMatch(/^\r\x1b\[K\[#{12}\.{12}\] 10,000 rows, 5,000 rows\/s, 50\.0% of 1000 B$/);
    bar.log('line 3: gender: must be one of female, male, other, unknown');
    expect(out.slice(1, 3)).toEqual(['\r\x1b[K', 'line 3: gender: must be one of female, male, other, unknown\n']);
    bar.finish({ rows: 20_000, bytes: 1000 });
    expect(out[out.length - 1]).toBe('\n');
  });

  it('should write a plain line at most every interval when not on a terminal', () => {
    let now = 0;
    const { out, stream } = sink(false);
    const bar = new ProgressBar({ totalBytes: 100, stream, now: () => now, lineIntervalMs: 5000 });
    now = 1000;
    bar.update({ rows: 1, bytes: 1 });
    expect(out).toEqual([]);
    now = 5000;
    bar.update({ rows: 50, bytes: 50 });
    expect(out).toEqual(['import: 50 rows, 10 rows/s, 50.0% of 100 B\n']);
  });
});
