import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');

/** Runs a TypeScript entry point of the project as its own process; resolves on exit. */
export function runTs(entry: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A worker process (src/worker.ts) on a test app's database, queues and SMTP relay, with its
 * output discarded: the crash tests SIGKILL it mid-send.
 */
export function spawnWorkerOf(
  app: { config: { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string; SMTP_URL?: string; SMTP_POOL_SIZE: number } },
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/worker.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.config.DATABASE_URL,
      REDIS_URL: app.config.REDIS_URL,
      QUEUE_PREFIX: app.config.QUEUE_PREFIX,
      SMTP_URL: app.config.SMTP_URL ?? '',
      SMTP_POOL_SIZE: String(app.config.SMTP_POOL_SIZE),
      TS_NODE_TRANSPILE_ONLY: 'true',
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: 'ignore',
  });
}
