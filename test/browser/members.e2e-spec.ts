import type { Page } from 'playwright-core';
import { join } from 'path';
import { ARTIFACTS, axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { demoBusiness } from '../support/web-demo';
import { seedUser } from '../support/web-users';

// web.md "Journeys", the marketer's part these pages cover (Members filtered to At Risk, a search,
// a member's profile, tasks and a message for selected rows) and a staff member's view of the
// same list (no messaging). Data: the demo generator at 300 clients, 12 months, then a risk pass.
jest.setTimeout(120_000);

const num = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** The full page (snapshot) and the first screen at 1,280 px, as its user sees it on opening. */
async function look(page: Page, name: string): Promise<void> {
  await snapshot(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-screen.png`) });
}

async function apiGet<T = any>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  if (!res.ok()) throw new Error(`${path} answered ${res.status()}: ${await res.text()}`);
  return res.json();
}

describe('browser: members and a member profile', () => {
  let stack: WebStack;
  let businessId: string;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await demoBusiness(stack.app, { name: 'Northside Fitness', seed: 7 }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should walk the marketer through At Risk members, a search, a profile, tasks and a message for selected rows', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', name: 'Mia Marketer' });
    const { context, page } = await newPage(stack);
    await journey('members-marketer', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members' }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();

      // filter to At Risk with the status picker: the URL carries it, every row says At Risk
      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'At Risk' }).click();
      await page.keyboard.press('Escape');
      await page.waitForURL((u) => u.searchParams.get('status') === 'at_risk');
      const { count } = await apiGet<{ count: number }>(page, '/api/v1/clients/count?status=at_risk');
      expect(count).toBeGreaterThan(5);
      await page
        .getByTestId('member-count')
        .getByText(`${num(count)} members match`)
        .waitFor();
      const rows = page.getByTestId('member-row');
      await waitFor(async () => (await rows.count()) === Math.min(50, count), 10_000);
      const statuses = await page.getByTestId('member-status').allTextContents();
      expect(new Set(statuses)).toEqual(new Set(['At Risk']));
      // each row says why, in words
      const whys = await page.getByTestId('member-why').allTextContents();
      expect(whys.every((w) => /^(No visit for \d+ days?|Visited today|Never visited|Set by hand)/.test(w))).toBe(true);
      expect(whys.some((w) => /member for \d+ (days?|weeks?|months?|years?)/.test(w))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'members-at-risk');

      // search by name: the list narrows to that member, the URL keeps both filters
      const first = rows.first().getByRole('link');
      const name = (await first.textContent())!.trim();
      await page.getByRole('searchbox', { name: 'Search by name or email' }).fill(name);
      await page.waitForURL((u) => u.searchParams.get('q') === name && u.searchParams.get('status') === 'at_risk');
      const found = await apiGet<{ count: number }>(page, `/api/v1/clients/count?status=at_risk&q=${encodeURIComponent(name)}`);
      await page
        .getByTestId('member-count')
        .getByText(found.count === 1 ? '1 member matches' : `${num(found.count)} members match`)
        .waitFor();
      await waitFor(async () => (await rows.count()) === found.count, 10_000);
      expect(await rows.first().getByRole('link').textContent()).toBe(name);
      // the profile: status with its history, health with each signal's contribution, the visit calendar
      await rows.first().getByRole('link').click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const history = await apiGet(page, `/api/v1/clients/${id}/status-history`);
      expect(history.items.length).toBeGreaterThan(0);
      const timeline = page.getByTestId('status-history').locator('.mantine-Timeline-item');
      await timeline.first().waitFor();
      expect(await timeline.count()).toBe(Math.min(8, history.items.length));
      const health = await apiGet(page, `/api/v1/clients/${id}/health`);
      const contributions = page.getByTestId('health-contributions').locator('tbody tr');
      await contributions.first().waitFor();
      expect(await contributions.count()).toBe(Object.values(health.signals).filter((v) => v !== null).length);
      const calendar = page.getByTestId('visit-calendar');
      await calendar.locator('svg rect').first().waitFor();
      expect(await calendar.locator('svg rect').count()).toBeGreaterThan(300);
      // the calendar shows the 12 calendar months up to today (business time): the first day of the month 11 months back
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
      const from = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1)).toISOString().slice(0, 10);
      const days = await apiGet(page, `/api/v1/clients/${id}/visit-days?from=${from}&to=${today}`);
      await calendar
        .getByText(new RegExp(`^${days.totalDays} days? with a visit in the last 12 months$`))
        .first()
        .waitFor();
      await page.getByTestId('profile-why').waitFor();
      await page.getByRole('button', { name: 'Set status' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'member-profile');

      // back to the list: select two rows and create a task for each
      await page.goto('/members?status=at_risk');
      await rows.nth(1).waitFor();
      const names = [(await rows.nth(0).getByRole('link').textContent())!.trim(), (await rows.nth(1).getByRole('link').textContent())!.trim()];
      const ids = [(await rows.nth(0).getByRole('link').getAttribute('href'))!.split('/').pop()!, (await rows.nth(1).getByRole('link').getAttribute('href'))!.split('/').pop()!];
      for (const n of names) await page.getByRole('checkbox', { name: `Select ${n}` }).check();
      await page.getByTestId('selection-bar').getByText('2 members selected').waitFor();
      await page.getByRole('button', { name: 'Create tasks' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/What should staff do/).fill('Call about the spring timetable');
      await dialog.getByRole('button', { name: 'Create tasks' }).click();
      await page.getByText(/Tasks: 2 created/).waitFor();
      for (const clientId of ids) {
        const tasks = await apiGet(page, `/api/v1/tasks?clientId=${clientId}&state=all`);
        expect(tasks.items.map((t: { reason: string }) => t.reason)).toContain('Call about the spring timetable');
      }
      expect(await page.getByTestId('selection-bar').count()).toBe(0);
      // and a message to two members, every guard applied, with the run's progress
      for (const n of names) await page.getByRole('checkbox', { name: `Select ${n}` }).check();
      await page.getByRole('button', { name: 'Send a message' }).click();
      await dialog.getByLabel(/^Subject/).fill('We miss you, {{client.first_name}}');
      await dialog.getByLabel(/^Message/).fill('Hi {{client.first_name}}, the spring timetable is out.');
      await dialog.getByRole('button', { name: 'Send' }).click();
      await dialog.getByTestId('send-result').waitFor();
      expect(await dialog.getByRole('status').innerText()).toMatch(/Sent to the queue: \d+ queued, \d+ held until later, \d+ held back by a guard\./);
      await look(page, 'members-message-sent');
      const touches = await waitFor(async () => {
        const all = await Promise.all(ids.map((c) => apiGet(page, `/api/v1/touches?clientId=${c}`)));
        return all.every((x) => x.items.length === 1) ? all : undefined;
      });
      expect(touches.map((x) => x.items[0].channel)).toEqual(['email', 'email']);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a staff member the members but no messaging', async () => {
    const [{ id: staffId }] = await stack.app.ds.query(`SELECT id::text FROM staff WHERE business_id = $1 AND active ORDER BY id LIMIT 1`, [businessId]);
    const staff = await seedUser(stack.app, { businessId, role: 'staff', staffId, name: 'Sam Staff' });
    const { context, page } = await newPage(stack);
    await journey('members-staff', page, async () => {
      await signIn(page, staff.email, staff.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members' }).click();
      const rows = page.getByTestId('member-row');
      await rows.first().waitFor();
      // the yellow band, as the overview's band links open it
      await page.goto('/members?band=yellow');
      await page
        .getByTestId('member-count')
        .getByText(/\d+ members? match/)
        .waitFor();
      await rows.first().waitFor();
      const name = (await rows.first().getByRole('link').textContent())!.trim();
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
      await page.getByRole('button', { name: 'Create tasks' }).waitFor();
      expect(await page.getByRole('button', { name: 'Send a message' }).count()).toBe(0);
      // every risk filter is a labelled field
      await page.getByRole('button', { name: 'More filters' }).click();
      for (const label of ['Tags', 'Home location', 'Owner', 'Churn probability from (%)', 'Expected visits to', 'Joined from', 'Status changed to'])
        await page.getByLabel(label, { exact: true }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'members-staff');

      // the profile: staff may set a status and raise a task; the messages sent are not theirs to read
      await rows.first().getByRole('link').click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByTestId('touches').getByText('Your role cannot see the messages sent.').waitFor();
      await page.getByRole('button', { name: 'Create task' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      const id = new URL(page.url()).pathname.split('/').pop()!;

      // a status by hand, with a note: the history shows it first
      await page.getByRole('button', { name: 'Set status' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Raving Fan' }).click();
      await dialog.getByLabel('Note (why)').fill('Brought three friends this month');
      await dialog.getByRole('button', { name: 'Set status' }).click();
      await page.getByText('Status set to Raving Fan').waitFor();
      await page.getByTestId('status-history').getByText('“Brought three friends this month”').waitFor();
      expect((await apiGet(page, `/api/v1/clients/${id}`)).status).toMatchObject({ status: 'raving_fan', manual: true, note: 'Brought three friends this month' });

      // consent for SMS and the sleeping flag, recorded through the page
      await page.getByRole('button', { name: 'Record consent' }).click();
      await dialog.getByRole('combobox', { name: 'Channel' }).click();
      await page.getByRole('option', { name: 'SMS' }).click();
      await dialog.getByRole('button', { name: 'Record' }).click();
      await page.getByText('Consent recorded').waitFor();
      expect((await apiGet(page, `/api/v1/clients/${id}/consent`)).current.sms).toMatchObject({ granted: true, from: 'ledger', source: 'staff' });
      await page.getByTestId('consent-sms').getByText('Yes').waitFor();
      await page.getByRole('switch', { name: 'Sleeping member' }).check();
      await waitFor(async () => (await apiGet(page, `/api/v1/clients/${id}/contact-preferences`)).sleeping === true);

      // a refusal says why, in the API's words: a client who is not a member has no status
      const [{ id: visitor }] = await stack.app.ds.query(
        `SELECT c.id::text FROM client c LEFT JOIN client_status cs ON cs.client_id = c.id WHERE c.business_id = $1 AND cs.client_id IS NULL ORDER BY c.id LIMIT 1`,
        [businessId],
      );
      await page.goto(`/members/${visitor}`);
      await page.getByRole('button', { name: 'Set status' }).click();
      await dialog.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Loving it' }).click();
      await dialog.getByRole('button', { name: 'Set status' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/only members have a status/)
        .waitFor();
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
