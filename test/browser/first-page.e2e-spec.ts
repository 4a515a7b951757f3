import { gzipSync } from 'zlib';
import { axeViolations, journey, newPage, pageErrors, snapshot, startWebStack, type WebStack } from '../support/browser';

// The first page a newcomer opens: served by the API at any path, signed-out visitors sent to
// sign in (and back), small and quick (web.md "Speed": <= 250 KB of JavaScript gzipped, usable
// within 2 s), accessible.
jest.setTimeout(120_000);

describe('browser: the first page', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ worker: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should send a signed-out visitor of any route to sign in, keeping where they were going', async () => {
    const { context, page } = await newPage(stack);
    await journey('signed-out-redirects', page, async () => {
      for (const path of ['/', '/members', '/members/42?tab=visits', '/tasks/7', '/settings/users', '/mailbox', '/no/such/page']) {
        await page.goto(path);
        await page.waitForURL((u) => u.pathname === '/sign-in');
        expect(new URL(page.url()).searchParams.get('next')).toBe(path);
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
      }
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should load at most 250 KB of JavaScript (gzipped) and be usable within 2 s', async () => {
    const { context, page } = await newPage(stack);
    const scripts = new Map<string, Promise<number>>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script')
        scripts.set(
          r.url(),
          r.body().then((b) => gzipSync(b).length),
        );
    });
    await journey('first-page-budget', page, async () => {
      const started = Date.now();
      await page.goto('/sign-in');
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
      await page.getByLabel('Email').fill('someone@example.test');
      const usableMs = Date.now() - started;
      const sizes = await Promise.all([...scripts.values()]);
      const gz = sizes.reduce((a, b) => a + b, 0);
      const each = [...scripts.keys()].map((u, i) => `${new URL(u).pathname.replace('/assets/', '')} ${(sizes[i] / 1024).toFixed(1)} KB`);
      // eslint-disable-next-line no-console
      console.log(`first page: ${scripts.size} scripts, ${(gz / 1024).toFixed(1)} KB gzipped, usable after ${usableMs} ms\n  ${each.join('\n  ')}`);
      expect(scripts.size).toBeGreaterThan(0);
      expect(gz).toBeLessThanOrEqual(250 * 1024);
      expect(usableMs).toBeLessThan(2000);
    });
    await context.close();
  });

  it('should have no serious or critical accessibility violation on the sign-in and password pages', async () => {
    const { context, page } = await newPage(stack);
    await journey('auth-pages-axe', page, async () => {
      for (const path of ['/sign-in', '/forgot-password', '/set-password']) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      }
      await page.goto('/sign-in');
      await snapshot(page, 'sign-in');
    });
    await context.close();
  });

  it('should keep the API and the webhooks out of the app: unknown API paths answer JSON 404', async () => {
    const api = await fetch(`${stack.url}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    const asset = await fetch(`${stack.url}/assets/no-such-file.js`);
    expect(asset.status).toBe(404);
    const deep = await fetch(`${stack.url}/members/42`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/html/);
    expect(await deep.text()).toContain('<div id="root">');
  });
});
