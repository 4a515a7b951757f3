import { execFileSync } from 'child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const INDEX = join(DIST, 'index.html');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

/** The browser tests need web/dist: build it when it is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const sources = Math.max(newest(join(WEB, 'src')), newest(join(WEB, 'index.html')), newest(join(WEB, 'vite.config.mts')));
  if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= sources) return;
  process.stdout.write('\nbuilding the web app (web/dist is missing or older than web/src)...\n');
  for (let attempt = 0; ; attempt++) {
    try {
      // built beside web/dist and swapped in, so a test already serving web/dist never sees it half-written;
      // NODE_ENV is jest's 'test' here, which would make Vite bundle React's development build
      const tmp = join(WEB, `dist.tmp-${process.pid}`);
      execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', join(WEB, 'vite.config.mts'), '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      const old = join(WEB, `dist.old-${process.pid}`);
      if (existsSync(DIST)) renameSync(DIST, old);
      renameSync(tmp, DIST);
      rmSync(old, { recursive: true, force: true });
      return;
    } catch (e) {
      // another test run (or `npm run build:web`) is building the same tree: wait for it, then
      // look again; its output is as good as ours
      const busy = /Found another Vite build process/.test(String((e as { stderr?: Buffer }).stderr ?? ''));
      if (!busy || attempt >= 120) throw new Error(`vite build failed:\n${(e as { stderr?: Buffer }).stderr ?? e}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= sources) return;
    }
  }
}
