import type { Route } from 'playwright-core';
import { newBusiness } from '../support/factories';
import { axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { seedClients } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// Issue #10 "Bad input and faults": the API down or slow while a page is open. The page says so
// and keeps retrying; it never shows a blank screen or a stack trace, and it recovers by itself
// once the API answers again. The browser's view of an outage is made with request routing:
// every /api call refused at the network level (connection refused), or answered 503.
jest.setTimeout(120_000);

describe('browser: the API down or slow while a page is open', () => {
  let stack: WebStack;
  let user: { email: string; password: string };
  beforeAll(async () => {
    stack = await startWebStack({ worker: false });
    const { businessId } = await newBusiness(stack.app.ds, { name: 'Outage Gym' });
    await seedClients(stack.app.ds, businessId, [{ key: 'm1', firstName: 'Maja', lastName: 'Lind' }]);
    user = await seedUser(stack.app, { businessId, role: 'marketer' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should say the API is not answering, keep retrying, and show the page once it is back', async () => {
    const { context, page } = await newPage(stack);
    await journey('outage-down', page, async () => {
      await signIn(page, user.email, user.password);
      await page.goto('/members');
      await page.getByText('Maja Lind').waitFor();

      let refused = 0;
      const down = (route: Route) => {
        refused++;
        return route.abort('connectionrefused');
      };
      await page.route('**/api/v1/**', down);
      // moving to another page asks the API for its data: nothing answers
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tasks' }).click();
      await page.getByText('Comeback is not answering right now. Retrying…').waitFor();
      await page.getByTestId('connection-banner').waitFor();
      // it keeps asking on its own
      const asked = refused;
      await waitFor(async () => refused > asked, 20_000);
      // the shell stays usable and nothing threw
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      expect(await page.locator('#root').innerText()).not.toMatch(/at \w+ \(|TypeError|stack/i);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'outage-down');

      await page.unroute('**/api/v1/**', down);
      // back: the retry that follows shows the page, and the notices go away
      await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor({ timeout: 20_000 });
      await page.getByText('Comeback is not answering right now. Retrying…').waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should say so while the API answers 503, and recover without a reload', async () => {
    const { context, page } = await newPage(stack);
    await journey('outage-503', page, async () => {
      await signIn(page, user.email, user.password);
      await page.goto('/members');
      await page.getByText('Maja Lind').waitFor();
      const failing = (route: Route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' }) });
      await page.route('**/api/v1/clients**', failing);
      await page.goto('/members?q=maja');
      await page.getByText(/Something went wrong on our side \(503\)/).waitFor();
      await page.unroute('**/api/v1/clients**', failing);
      await page.getByText('Maja Lind').waitFor({ timeout: 20_000 });
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a loader, not a blank page, while the API is slow, then the page', async () => {
    const { context, page } = await newPage(stack);
    await journey('outage-slow', page, async () => {
      await signIn(page, user.email, user.password);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const slow = async (route: Route) => {
        await held;
        await route.continue();
      };
      await page.route('**/api/v1/clients**', slow);
      await page.goto('/members');
      await page.locator('[aria-busy="true"]').first().waitFor();
      expect((await page.locator('#root').innerText()).trim().length).toBeGreaterThan(0);
      release();
      await page.getByText('Maja Lind').waitFor();
      await page.unroute('**/api/v1/clients**', slow);
    });
    await context.close();
  });
});
