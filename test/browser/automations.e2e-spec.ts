import { axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// web.md page 6 and the marketer's journey: the Automations list (state, runs in progress,
// conversion), the default playbook (installed, an archived ready-made automation brought back by
// "Install the default playbook"), an automation opened as a flow of forms, its wait step edited
// and saved, then enabled and paused; a manager reads it without a way to change it.
jest.setTimeout(120_000);

describe('browser: automations', () => {
  let stack: WebStack;
  let businessId: string;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await newBusiness(stack.app.ds, { name: 'Eastside Studio' }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should let a marketer install the playbook, edit a wait step, enable and pause an automation', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', name: 'Mia Marketer' });
    const { context, page } = await newPage(stack);
    const automation = async (id: string) => (await page.request.get(`/api/v1/automations/${id}`)).json();
    await journey('automations-marketer', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Automations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Automations' }).waitFor();
      const rows = page.getByTestId('automation-row');
      await rows.nth(2).waitFor();
      const list = (await (await page.request.get('/api/v1/automations')).json()).items as Array<{ id: string; name: string; playbookKey: string }>;
      expect(list.map((a) => a.playbookKey).sort()).toEqual(['at_risk_email_then_call', 'in_trouble_call_today', 'new_member_no_visit_sms']);
      expect(await rows.count()).toBe(3);
      for (const a of list) {
        const row = page.locator(`[data-testid="automation-row"][data-id="${a.id}"]`);
        expect(await row.getByRole('link').first().innerText()).toBe(a.name);
        expect(await row.getByTestId('automation-state').getAttribute('data-state')).toBe('paused');
        expect(await row.locator('[data-part="in-flight"]').innerText()).toBe(String((await automation(a.id)).progress.inFlight));
      }
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'automations-list');

      // the In Trouble call is archived from its page; "Install the default playbook" brings it back
      const call = list.find((a) => a.playbookKey === 'in_trouble_call_today')!;
      await page.getByRole('link', { name: call.name }).click();
      await page.getByRole('heading', { level: 1, name: call.name }).waitFor();
      await page.getByRole('button', { name: 'Archive' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
      await page.getByTestId('automation-state').getByText('Archived').waitFor();
      expect((await automation(call.id)).state).toBe('archived');
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Automations' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="automation-row"]').length === 2);
      await page.getByRole('button', { name: 'Install the default playbook' }).click();
      await page.getByText('Added 1 ready-made automation, paused: review it and enable it.').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="automation-row"]').length === 3);
      const after = (await (await page.request.get('/api/v1/automations')).json()).items as Array<{ id: string; playbookKey: string; state: string }>;
      const back = after.find((a) => a.playbookKey === 'in_trouble_call_today')!;
      expect(back).toMatchObject({ state: 'paused' });
      expect(back.id).not.toBe(call.id);

      // the At Risk automation: trigger and four steps as a flow of forms
      const atRisk = list.find((a) => a.playbookKey === 'at_risk_email_then_call')!;
      await page.getByRole('link', { name: atRisk.name }).click();
      await page.getByRole('heading', { level: 1, name: atRisk.name }).waitFor();
      const steps = page.getByTestId('step');
      expect(await steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}:${e.getAttribute('data-key')}`))).toEqual([
        'send:email',
        'wait:wait-5-days',
        'branch:visited',
        'task:call',
      ]);
      expect(await page.getByTestId('trigger').getByLabel('Starts', { exact: true }).inputValue()).toBe('When the status changes');
      expect(await steps.nth(0).getByRole('textbox', { name: 'Subject' }).inputValue()).toBe('We miss you, {{client.first_name | there}}');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'automation-editor');

      // the wait: 5 days -> 3 days, saved
      const wait = page.locator('[data-testid="step"][data-key="wait-5-days"]');
      // the API keeps the wait as seconds: 432,000 reads as 5 days, 0 hours, 0 minutes
      expect(await wait.getByRole('textbox', { name: 'Days' }).inputValue()).toBe('5');
      expect(await wait.getByRole('textbox', { name: 'Hours' }).inputValue()).toBe('0');
      // a refused edit is said in the API's words, naming the step's field, and nothing is saved
      await wait.getByRole('textbox', { name: 'Then until (local time)' }).fill('25:00');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page
        .getByRole('alert')
        .getByText(/steps\[1\]\.atLocalTime/)
        .waitFor();
      expect((await automation(atRisk.id)).steps[1].seconds).toBe(5 * 86_400);
      await wait.getByRole('textbox', { name: 'Then until (local time)' }).fill('');
      await wait.getByRole('textbox', { name: 'Days' }).fill('3');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved. Runs in progress carry on with the new steps.').waitFor();
      const saved = await automation(atRisk.id);
      expect(saved.steps[1]).toMatchObject({ key: 'wait-5-days', type: 'wait', seconds: 3 * 86_400 });
      expect(saved.steps[1].atLocalTime ?? null).toBeNull();
      expect(saved.steps.map((s: { key: string }) => s.key)).toEqual(['email', 'wait-5-days', 'visited', 'call']);
      expect(await wait.getByRole('textbox', { name: 'Days' }).inputValue()).toBe('3');

      // the wait moved above the email from the keyboard (Tab to the button, Enter), saved in that order
      expect(await page.getByRole('button', { name: 'Move step 1 up' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Move step 2 up' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="step"]')?.getAttribute('data-key') === 'wait-5-days');
      expect(await page.getByRole('textbox', { name: 'Days' }).first().inputValue()).toBe('3');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await waitFor(async () => ((await automation(atRisk.id)).steps as Array<{ key: string }>).map((s) => s.key).join() === 'wait-5-days,email,visited,call');
      // saved and read back: nothing left to save
      await page.getByRole('button', { name: 'Save', exact: true }).and(page.locator(':disabled')).waitFor();
      await snapshot(page, 'automation-editor-reordered');
      await page.getByRole('button', { name: 'Move step 1 down' }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await waitFor(async () => ((await automation(atRisk.id)).steps as Array<{ key: string }>).map((s) => s.key).join() === 'email,wait-5-days,visited,call');
      await page.getByRole('button', { name: 'Save', exact: true }).and(page.locator(':disabled')).waitFor();

      // enable, then pause
      await page.getByRole('button', { name: 'Enable' }).click();
      await page.getByTestId('automation-state').getByText('Enabled').waitFor();
      expect((await automation(atRisk.id)).state).toBe('enabled');
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByTestId('automation-state').getByText('Paused').waitFor();
      expect((await automation(atRisk.id)).state).toBe('paused');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a manager the automation without a way to change it', async () => {
    const manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Max Manager' });
    const { context, page } = await newPage(stack);
    await journey('automations-manager', page, async () => {
      await signIn(page, manager.email, manager.password);
      await page.goto('/automations');
      await page.getByTestId('automation-row').first().waitFor();
      expect(await page.getByRole('button', { name: 'Install the default playbook' }).count()).toBe(0);
      await page.getByTestId('automation-row').first().getByRole('link').first().click();
      await page.getByText('You can read this automation; admins and marketers change it.').waitFor();
      expect(await page.getByRole('button', { name: /^Move step/ }).count()).toBe(0);
      for (const name of ['Save', 'Enable', 'Pause', 'Archive', 'Add a step']) expect({ name, n: await page.getByRole('button', { name, exact: true }).count() }).toEqual({ name, n: 0 });
      expect(await axeViolations(page)).toEqual([]);
    });
    await context.close();
  });
});
