import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { newBusiness } from '../support/factories';
import { ROOT } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Issue #15 item 6 (docs/operations.md "Logs"): an API process, as production starts it, writes
// one JSON line per request to stdout with the request id (the caller's X-Request-Id, or a new
// one, echoed in the answer) and the caller's business id; credentials never appear, and there
// are no colour codes when stdout is not a terminal.

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

// the child compiles the app with ts-node before it answers (60 s allowed below on a busy machine)
jest.setTimeout(120_000);

describe('JSON logs of an API process', () => {
  let app: TestApp;
  let child: ChildProcess | undefined;
  let out = '';

  beforeAll(async () => {
    app = await startTestApp({ http: false });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await app?.close();
  });

  it('should log each request as one JSON line with its request id and business id, and never a credential', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        TS_NODE_TRANSPILE_ONLY: 'true',
        LOG_LEVEL: 'log',
        PORT: String(port),
        DATABASE_URL: app.config.DATABASE_URL,
        REDIS_URL: app.config.REDIS_URL,
        QUEUE_PREFIX: app.config.QUEUE_PREFIX,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health/live`).catch(() => undefined))?.ok, 60_000, 200);

    const { businessId, apiKey } = await newBusiness(app.ds);
    const mine = await fetch(`${url}/api/v1/clients?limit=1`, { headers: { Authorization: `Bearer ${apiKey}`, 'X-Request-Id': 'trace-abc-123', Cookie: 'cb_session=secret-cookie-value' } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-123');
    const fresh = await fetch(`${url}/api/v1/clients?limit=1`, { headers: { Authorization: `Bearer ${apiKey}` } });
    const freshId = fresh.headers.get('x-request-id');
    expect(freshId).toMatch(/^[0-9a-f-]{36}$/);
    // an id that is not one (spaces, too long) is replaced
    const odd = await fetch(`${url}/health/live`, { headers: { 'X-Request-Id': 'x'.repeat(300) } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // a one-time token in the path is not written either
    await fetch(`${url}/u/unsubscribe-token-value`);
    await fetch(`${url}/c/click-token-value`, { redirect: 'manual' });

    const lines = await waitFor(async () => {
      const parsed = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      return parsed.some((l) => l.req?.id === freshId && l.res) && parsed.some((l) => String(l.req?.url).startsWith('/u/')) && parsed;
    }, 10_000);
    const first = lines.find((l) => l.req?.id === 'trace-abc-123' && l.res);
    expect(first).toMatchObject({ level: 30, businessId, req: { method: 'GET', url: '/api/v1/clients?limit=1' }, res: { statusCode: 200 } });
    expect(first.req.headers.authorization).toBe('[Redacted]');
    expect(first.req.headers.cookie).toBe('[Redacted]');
    expect(lines.find((l) => l.req?.id === freshId && l.res)).toMatchObject({ businessId });
    expect(lines.find((l) => String(l.req?.url).startsWith('/u/')).req.url).toBe('/u/[Redacted]');
    // click redirects are answered ahead of the request pipeline (docs/actions.md "Redirect"): no line at all
    expect(lines.filter((l) => String(l.req?.url).startsWith('/c/'))).toEqual([]);
    // every line is JSON, none carries a credential or a colour code
    for (const l of out.split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
    expect(out).not.toContain(apiKey);
    expect(out).not.toContain('secret-cookie-value');
    expect(out).not.toContain('unsubscribe-token-value');
    expect(out).not.toContain('click-token-value');
    expect(out).not.toContain('\u001b[');
  });
});
