import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from '../support/run-node';
import { waitFor } from '../support/wait-for';
import { ADMIN_URL, dbUrl, REDIS_URL, RUN_PREFIX } from '../setup/test-env';

// Issue #15 item 5 (docs/development.md "Build and run"): production runs the compiled output.
// The npm scripts start, start:worker, migrate and cli run node on dist/ (no ts-node, no
// TypeScript): migrations run from dist/migrations, the API answers /api/v1 and serves the web
// app from web/dist, the worker starts. CI builds before the tests; run alone, this file builds
// dist/ itself when it is missing or older than the sources.

const DIST_MAIN = join(ROOT, 'dist', 'src', 'main.js');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string>; dependencies: Record<string, string> };

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.spec.ts') ? 0 : st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

function ensureApiBuilt(): void {
  const sources = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'migrations')), newest(join(ROOT, 'tsconfig.json')), newest(join(ROOT, 'tsconfig.build.json')));
  if (existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= sources) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'nest'), ['build'], { cwd: ROOT, stdio: 'pipe' });
}

/** The node arguments of an npm script that must be `node <args>` (run without npm, so signals reach it). */
function nodeArgsOf(script: string): string[] {
  const [command, ...args] = PKG.scripts[script].split(/\s+/);
  expect(command).toBe('node');
  return args;
}

function run(script: string, extra: string[], env: Record<string, string>, timeoutMs = 90_000): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [...nodeArgsOf(script), ...extra], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, stdio: 'pipe' });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

function start(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, nodeArgsOf(script), { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'log', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('the compiled build (dist/) as production runs it', () => {
  // an empty database, not the migrated template: the migrations must run from dist/migrations
  const name = `${RUN_PREFIX}dist_${process.pid}`;
  const env = { DATABASE_URL: dbUrl(name), REDIS_URL, QUEUE_PREFIX: `dist-test-${process.pid}` };
  let api: ReturnType<typeof start> | undefined;
  let worker: ReturnType<typeof start> | undefined;

  beforeAll(() => ensureApiBuilt(), 240_000);
  afterAll(async () => {
    await stop(api?.child);
    await stop(worker?.child);
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });

  it('should keep ts-node and typescript out of the production dependencies', () => {
    expect(Object.keys(PKG.dependencies)).not.toEqual(expect.arrayContaining(['ts-node']));
    expect(Object.keys(PKG.dependencies)).not.toEqual(expect.arrayContaining(['typescript']));
    for (const script of ['start', 'start:worker', 'migrate', 'cli']) expect(PKG.scripts[script]).toMatch(/^node (--\S+ )*dist\/src\/(main|worker|cli)\.js( migrate)?$/);
  });

  it('should create the database and run every migration from dist/migrations', () => {
    const migrations = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts'));
    const r = run('migrate', [], env);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(new RegExp(`^Ran ${migrations.length} migration\\(s\\): CanonicalModel1763900000000`));
    expect(run('migrate', [], env).stdout.trim()).toBe('Database is up to date');
  }, 120_000);

  it('should boot the API from dist: /api/v1 answers, the web app and the OpenAPI document are served', async () => {
    const created = run('cli', ['business:create', '--name', 'Dist Gym', '--timezone', 'Europe/Berlin'], env);
    expect(created).toMatchObject({ code: 0 });
    const { apiKey } = JSON.parse(created.stdout.trim()) as { apiKey: string };

    const port = await freePort();
    api = start('start', { ...env, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health/live`).catch(() => undefined))?.ok, 60_000, 200).catch((e: Error) => {
      throw new Error(`${e.message}\n${api!.output()}`);
    });

    expect((await fetch(`${url}/api/v1/overview`)).status).toBe(401);
    const overview = await fetch(`${url}/api/v1/overview`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(overview.status).toBe(200);
    expect(await overview.json()).toHaveProperty('statusCounts');

    // web/dist found from dist/src/web-app (the project root, not dist/web/dist); deep links too
    for (const path of ['/', '/members/42']) {
      const page = await fetch(`${url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>Comeback<\/title>/);
    }
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { info: { version: string } };
    expect(doc.info.version).toBe(PKG.version);
  }, 120_000);

  it('should start the worker from dist', async () => {
    worker = start('start:worker', env);
    await waitFor(async () => /Comeback worker running/.test(worker!.output()), 60_000, 200).catch((e: Error) => {
      throw new Error(`${e.message}\n${worker!.output()}`);
    });
    expect(worker.child.exitCode).toBeNull();
  }, 90_000);
});
