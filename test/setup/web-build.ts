import { execFileSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const WEB = join(ROOT, 'web');
const INDEX = join(WEB, 'dist', 'index.html');

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
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
