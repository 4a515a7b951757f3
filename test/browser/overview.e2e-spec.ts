import type { Page } from 'playwright-core';
import { join } from 'path';
import { ARTIFACTS, axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { demoBusiness } from '../support/web-demo';
import { seedUser } from '../support/web-users';

// web.md "Journeys", the manager's part these pages cover: signs in, sees the overview's charts
// with numbers matching the API, cannot reach a page that changes anything. Also the banner
// while a sync the page triggered runs. Data: the demo generator at 300 clients, 12 months.
jest.setTimeout(120_000);

const num = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** The full page (snapshot) and the first screen at 1,280 px, as its user sees it on opening. */
async function look(page: Page, name: string): Promise<void> {
  await snapshot(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-screen.png`) });
}

describe('browser: the overview', () => {
  let stack: WebStack;
  let businessId: string;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await demoBusiness(stack.app, { name: 'Northside Fitness' }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should show the manager the figures the API gives, with charts, and no way to settings', async () => {
    const manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Maja Manager' });
    const { context, page } = await newPage(stack);
    await journey('overview-manager', page, async () => {
      await signIn(page, manager.email, manager.password);
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      await page.getByTestId('members-now-value').waitFor();

      // the same endpoints, asked with the manager's session
      const o = await (await page.request.get('/api/v1/overview')).json();
      expect(o.membersNow).toBeGreaterThan(100);
      expect(await page.getByTestId('members-now-value').innerText()).toBe(num(o.membersNow));
      expect(await page.getByTestId('at-risk-now-value').innerText()).toBe(num(o.atRisk.now));
      expect(o.atRisk.now).toBeGreaterThan(0);
      expect(await page.getByTestId('visits-30-value').innerText()).toBe(num(o.counts.visitsLast30Days));
      expect(await page.getByTestId('green-band-value').innerText()).toBe(num(o.healthBands.green));
      for (const s of ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended', 'unassessed']) {
        expect({ s, shown: await page.getByTestId(`status-now-${s}-count`).innerText() }).toEqual({ s, shown: num(o.statusCounts[s]) });
      }
      if (o.atRisk.change !== null && o.atRisk.change !== 0) {
        expect(await page.getByTestId('at-risk-change').innerText()).toContain(num(Math.abs(o.atRisk.change)));
      }

      // the charts are drawn, and their figures are there as text for screen readers
      const r = await (await page.request.get('/api/v1/reports/retention')).json();
      expect(r.months.length).toBe(13);
      const mixChart = page.getByTestId('status-months');
      await mixChart.locator('.recharts-bar-rectangle').first().waitFor();
      expect(await mixChart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(13);
      const last = r.months[r.months.length - 1];
      const mixTable = mixChart.locator('table');
      expect(await mixTable.locator('tbody tr').count()).toBe(13);
      expect(await mixTable.locator('tbody tr').last().locator('td').first().textContent()).toBe(num(last.statusMix.in_trouble));
      const churnChart = page.getByTestId('churn-months');
      await churnChart.locator('.recharts-line-curve').first().waitFor();
      await churnChart.locator('.recharts-bar-rectangle').first().waitFor();
      expect(await churnChart.locator('table tbody tr').count()).toBe(13);
      await page.getByTestId('health-bands').locator('.recharts-bar-rectangle').first().waitFor();
      await page.getByRole('img', { name: /Members per health band: Green/ }).waitFor();
      // no campaign has run: the actions list says so; no booking system: freshness says so
      await page.getByTestId('best-actions').getByText('No campaign or automation has run in the last 90 days.').waitFor();
      await page
        .getByTestId('freshness')
        .getByText(/No booking system is connected/)
        .waitFor();

      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'overview-manager');

      // a manager reads only: no Settings in the navigation, and the page itself says no
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link', { name: 'Members' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      await page.goto('/settings');
      await page.getByText('Your role cannot open this page.').waitFor();
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a banner while the sync the page started runs, and drop it when the data is fresh', async () => {
    const admin = await seedUser(stack.app, { businessId, role: 'admin' });
    const { context, page } = await newPage(stack);
    await journey('overview-refreshing', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.getByTestId('members-now-value').waitFor();
      // the first answer after opening says a sync is running (as when the data is stale); the next ones do not
      let answered = 0;
      const started = Date.now();
      const log: string[] = [];
      await page.route('**/api/v1/overview', async (route) => {
        const n = ++answered;
        log.push(`#${n} asked at ${Date.now() - started} ms`);
        const res = await route.fetch();
        const body = await res.json();
        await route.fulfill({ response: res, json: { ...body, refreshing: n === 1 } });
        log.push(`#${n} answered at ${Date.now() - started} ms`);
      });
      await page.reload();
      const banner = page.getByTestId('refresh-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('Fetching the latest data');
      // the page asks again every 4 s while refreshing; a loaded test machine can take a while
      await banner.waitFor({ state: 'detached', timeout: 30_000 }).catch((e: Error) => {
        throw new Error(`${e.message}\n  overview requests: ${log.join(', ')}`);
      });
      expect(answered).toBeGreaterThanOrEqual(2);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
