import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

// End to end: the real CLI entry point in a child process, as `npm run cli -- bgnbd:fit` runs it.
jest.setTimeout(120_000); // each case starts ts-node in a child process

const REPO = resolve(__dirname, '../../..');
const CDNOW = 'test/fixtures/cdnow/cdnow_customers_summary.csv';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', 'bgnbd:fit', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('bgnbd:fit CLI', () => {
  it('should print the CDNOW estimates as JSON within 1 % of the published values', () => {
    const run = cli(CDNOW);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(out[k] / v - 1)).toBeLessThan(0.01);
    expect(Math.abs(out.logLikelihood - -9582.4)).toBeLessThanOrEqual(0.1);
  });

  it('should exit 1 naming the line when a cell is not a number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bgnbd-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,frequency,recency,T\n1,2,30,38\n2,two,1,38\n');
    const run = cli(file);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`bgnbd:fit: ${file}: line 3: frequency is not a number: "two"`);
  });

  it('should exit 1 for a missing file and 2 without a file argument', () => {
    const missing = cli('no-such-file.csv');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read no-such-file.csv: ENOENT');
    const usage = cli();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run cli -- bgnbd:fit <file.csv>');
  });
});
