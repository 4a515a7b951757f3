import type { Locator, Page } from 'playwright-core';
import { join } from 'path';
import { ARTIFACTS, axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// The automation editor's branch and trigger (web.md page 6): a branch's condition is built with
// the segment builder's tree editor over the branch's own catalogue (GET /automations/catalogue:
// "visited since the trigger" and every segment condition), no JSON typed; saved, read back after
// a reload, and stored by the API as that tree. The trigger picker offers every kind the API
// accepts, with the kind's fields as forms: a new automation set to start when a client becomes
// overdue in one service category.
jest.setTimeout(150_000);

describe('browser: an automation branch and trigger', () => {
  let stack: WebStack;
  let businessId: string;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await newBusiness(stack.app.ds, { name: 'Branch Studio' }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Picks a condition from the catalogue by searching for its label. */
  async function addCondition(page: Page, scope: Locator, label: string) {
    const picker = scope.getByRole('combobox', { name: 'Add a condition' }).last();
    await picker.click();
    await picker.fill(label);
    await page.getByRole('option', { name: label, exact: true }).click();
  }

  it('should build a branch condition with the tree editor, save it, read it back, and start an automation when a client becomes overdue', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', name: 'Mia Marketer' });
    const { context, page } = await newPage(stack);
    const automation = async (id: string) => (await page.request.get(`/api/v1/automations/${id}`)).json();
    await journey('automation-branch', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/automations');
      await page.getByTestId('automation-row').nth(2).waitFor();
      const list = (await (await page.request.get('/api/v1/automations')).json()).items as Array<{ id: string; name: string; playbookKey: string }>;
      const atRisk = list.find((a) => a.playbookKey === 'at_risk_email_then_call')!;
      expect((await automation(atRisk.id)).steps[2]).toMatchObject({ key: 'visited', type: 'branch', condition: { condition: 'visited_since_trigger' } });

      await page.getByRole('link', { name: atRisk.name }).click();
      await page.getByRole('heading', { level: 1, name: atRisk.name }).waitFor();
      const branch = page.locator('[data-testid="step"][data-key="visited"]');
      const tree = branch.getByRole('group', { name: 'Condition of step visited' });
      const card = (type: string) => branch.locator(`[data-testid="segment-condition"][data-condition="${type}"]`);
      // the stored condition reads as a condition, not as JSON
      await card('visited_since_trigger').getByText('Visited since the trigger').waitFor();
      expect(await branch.locator('textarea').count()).toBe(0);

      // the picker offers the branch's own condition and the segment catalogue's
      const picker = tree.getByRole('combobox', { name: 'Add a condition' }).first();
      await picker.click();
      await picker.fill('since the trigger');
      await page.getByRole('option', { name: 'Visited since the trigger', exact: true }).waitFor();
      await picker.fill('');
      await page.keyboard.press('Escape');

      // visited since the trigger OR (at least 3 visits in the last 30 days AND NOT a member)
      const root = tree.getByTestId('segment-group').first();
      await root.locator('label', { hasText: 'Any of these (OR)' }).first().click();
      await root.getByRole('button', { name: 'Add a group' }).last().click();
      const group = tree.locator('[data-testid="segment-group"][data-depth="1"]');
      await addCondition(page, group, 'Visits');
      await card('visits')
        .getByRole('textbox', { name: /^Value/ })
        .fill('3');
      await addCondition(page, group, 'Member');
      await card('member').getByRole('switch', { name: 'NOT' }).check({ force: true });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved. Runs in progress carry on with the new steps.').waitFor();
      const expected = {
        or: [{ condition: 'visited_since_trigger' }, { and: [{ condition: 'visits', operator: '>=', value: 3, window: { last: 30 } }, { not: { condition: 'member', value: true } }] }],
      };
      const saved = await automation(atRisk.id);
      expect(saved.steps[2]).toMatchObject({ key: 'visited', type: 'branch', condition: expected, then: 'exit' });
      expect(saved.steps.map((s: { key: string }) => s.key)).toEqual(['email', 'wait-5-days', 'visited', 'call']);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'automation-branch');

      // read back after a reload: the same tree, nothing left to save
      await page.reload();
      await page.getByRole('heading', { level: 1, name: atRisk.name }).waitFor();
      await card('member').waitFor();
      expect(await branch.locator('[data-testid="segment-condition"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-condition')))).toEqual(['visited_since_trigger', 'visits', 'member']);
      expect(await tree.getByTestId('segment-group').first().getByRole('radio', { name: 'Any of these (OR)' }).first().isChecked()).toBe(true);
      expect(
        await card('visits')
          .getByRole('textbox', { name: /^Value/ })
          .inputValue(),
      ).toBe('3');
      expect(await card('member').getByRole('switch', { name: 'NOT' }).isChecked()).toBe(true);
      expect(await card('visited_since_trigger').getByRole('switch', { name: 'NOT' }).isChecked()).toBe(false);
      expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);

      // an edit then "Discard changes": the tree is the saved one again
      await card('visits').getByRole('button', { name: 'Remove “Visits”' }).click();
      await card('visits').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Discard changes' }).click();
      await card('visits').waitFor();
      expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);

      // on a phone: the flow and the tree stack without overlapping
      await page.setViewportSize({ width: 390, height: 844 });
      await snapshot(page, 'automation-branch-phone');
      await tree.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'automation-branch-phone-screen.png') });
      await page.setViewportSize({ width: 1280, height: 900 });

      // a new automation, started from the list, set to start when a client becomes overdue for Massage
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Automations' }).click();
      await page.getByRole('button', { name: 'New automation' }).click();
      await page.getByRole('heading', { level: 1, name: 'New automation' }).waitFor();
      const created = { id: page.url().split('/').pop()!, name: 'New automation' };
      expect(await automation(created.id)).toMatchObject({ name: 'New automation', state: 'paused', steps: [{ key: 'exit', type: 'exit' }] });
      const trigger = page.getByTestId('trigger');
      await trigger.getByLabel('Starts', { exact: true }).click();
      const kinds = await page.getByRole('option').allInnerTexts();
      const catalogue = (await (await page.request.get('/api/v1/automations/catalogue')).json()) as { triggers: Array<{ kind: string }> };
      // every kind the API accepts, each once
      expect(kinds.length).toBe(catalogue.triggers.length);
      expect(kinds).toEqual(expect.arrayContaining(['When a client becomes overdue', 'When a member enters recovery']));
      await page.getByRole('option', { name: 'When a client becomes overdue' }).click();
      await trigger.getByRole('textbox', { name: 'Service category' }).fill('Massage');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await waitFor(async () => ((await automation(created.id)).trigger.kind === 'became_overdue' ? true : undefined));
      expect((await automation(created.id)).trigger).toEqual({ kind: 'became_overdue', serviceCategory: 'Massage' });
      await page.reload();
      await page.getByRole('heading', { level: 1, name: created.name }).waitFor();
      expect(await trigger.getByLabel('Starts', { exact: true }).inputValue()).toBe('When a client becomes overdue');
      expect(await trigger.getByRole('textbox', { name: 'Service category' }).inputValue()).toBe('Massage');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'automation-trigger-overdue');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await trigger.getByLabel('Service category').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'automation-trigger-overdue-phone-screen.png') });
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a manager the branch condition to read, without a way to change it', async () => {
    const manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Max Manager' });
    const { context, page } = await newPage(stack);
    await journey('automation-branch-manager', page, async () => {
      await signIn(page, manager.email, manager.password);
      const list = (await (await page.request.get('/api/v1/automations')).json()).items as Array<{ id: string; name: string; playbookKey: string }>;
      const atRisk = list.find((a) => a.playbookKey === 'at_risk_email_then_call')!;
      await page.goto(`/automations/${atRisk.id}`);
      await page.getByText('You can read this automation; admins and marketers change it.').waitFor();
      const branch = page.locator('[data-testid="step"][data-key="visited"]');
      await branch.locator('[data-testid="segment-condition"][data-condition="visited_since_trigger"]').waitFor();
      expect(await branch.getByRole('combobox', { name: 'Add a condition' }).count()).toBe(0);
      expect(await branch.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
      expect(await branch.getByRole('button', { name: 'Add a group' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
