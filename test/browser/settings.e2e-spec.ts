import { signComebackPayload } from '../../src/common/payload-signing';
import request from 'supertest';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import type { Page } from 'playwright-core';
import { newBusiness } from '../support/factories';
import { seedStaff } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// web.md "Journeys": the admin journey at 1,280 px. Invites a user who follows the emailed link in
// a new browser, sets a password and is signed in; connects Mindbody and copies the webhook URL;
// creates an API key and revokes it (then the key gets 401); sends a test email; edits a risk
// number and sees a worked example change before saving. axe passes on every settings section.
jest.setTimeout(120_000);

describe('browser: settings (admin)', () => {
  let stack: WebStack;
  let businessId: string;
  let staff: Record<string, string>;
  let admin: { email: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await newBusiness(stack.app.ds, { name: 'Sunrise Yoga' }));
    staff = await seedStaff(stack.app.ds, businessId, [{ key: 'kim', firstName: 'Kim', lastName: 'Ek', email: 'kim@sunrise.test' }]);
    admin = await seedUser(stack.app, { businessId, role: 'admin', name: 'Alex Admin', email: 'alex@sunrise.test' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should walk the admin journey through users, integrations, API keys, channels and risk rules', async () => {
    const { context, page } = await newPage(stack, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await journey('settings-admin', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.goto('/settings');
      await page.waitForURL((u) => u.pathname === '/settings/users');
      await page.getByTestId(`user-${admin.email}`).waitFor();

      // --- invite a staff user; the invitee follows the emailed link in a new browser
      await page.getByRole('button', { name: 'Invite a user' }).click();
      const invite = page.getByRole('dialog', { name: 'Invite someone' });
      await invite.getByLabel('Email').fill('nina@sunrise.test');
      await invite.getByLabel('Name').fill('Nina Nilsson');
      await invite.getByLabel('Staff record').click();
      await page.getByRole('option', { name: 'Kim Ek' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await invite.getByRole('button', { name: 'Send the invitation' }).click();
      await page.getByTestId('user-nina@sunrise.test').getByText('Invited').waitFor();
      const mail = await waitFor(async () => stack.smtp.to('nina@sunrise.test')[0], 15_000);
      const link = new URL(/(https?:\/\/\S+\/set-password\?token=[\w-]+)/.exec(mail.text ?? '')![1]);
      const invitee = await newPage(stack, DESKTOP);
      await invitee.page.goto(link.pathname + link.search);
      await invitee.page.getByRole('heading', { name: 'Welcome to Comeback' }).waitFor();
      await invitee.page.getByLabel('New password').fill('a long enough password');
      await invitee.page.getByLabel('Repeat the password').fill('a long enough password');
      await invitee.page.getByRole('button', { name: 'Save and sign in' }).click();
      await invitee.page.waitForURL((u) => u.pathname === '/tasks');
      const session = await invitee.page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
      expect(session).toMatchObject({ role: 'staff', staffId: staff.kim, user: { email: 'nina@sunrise.test', status: 'active' } });
      await invitee.context.close();
      await page.reload();
      await page.getByTestId('user-nina@sunrise.test').getByText('Active').waitFor();

      // the last admin cannot be disabled: the API's refusal is shown
      await page.getByRole('button', { name: `Disable ${admin.email}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
      await page
        .getByTestId('users-problem')
        .getByText(/last active admin/)
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'settings-users');

      // --- Mindbody: credentials (secrets write-only) and the webhook URL to register, copied
      await section(page, 'Integrations', '/settings/integrations');
      const mindbody = page.getByRole('region', { name: 'Mindbody' });
      await mindbody.getByLabel('Site id').fill('-99');
      await mindbody.getByLabel('API key').fill('mb-api-key-0123456789');
      await mindbody.getByLabel('Staff username').fill('owner');
      await mindbody.getByLabel('Staff password').fill('owner-password');
      await mindbody.getByLabel('Webhook signature key').fill('signature-key-0123456789');
      await mindbody.getByRole('button', { name: 'Save Mindbody credentials' }).click();
      await mindbody.getByText('Connected', { exact: true }).waitFor();
      // secrets are write-only: the fields empty again, saying a value is set (emptied once the
      // save's answer is handled, which may come a moment after the refreshed status shows)
      await waitFor(async () => (await mindbody.getByLabel('API key').inputValue()) === '');
      await mindbody
        .getByText(/Set\. Leave empty to keep it\./)
        .first()
        .waitFor();
      const expectedUrl = `${stack.url}/webhooks/mindbody/${businessId}`;
      const copy = mindbody.getByRole('button', { name: 'Copy the webhook URL' });
      expect(await copy.getAttribute('data-copy-value')).toBe(expectedUrl);
      await copy.click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedUrl);
      // the generic webhook: its signing secret shown once, on the first save
      const generic = page.getByRole('region', { name: 'Generic webhook' });
      await generic.getByRole('button', { name: 'Save the generic webhook' }).click();
      const secret = (await generic.getByTestId('generic-secret-value').textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      expect(await generic.getByRole('button', { name: 'Copy the webhook URL' }).getAttribute('data-copy-value')).toBe(`${stack.url}/webhooks/generic/${businessId}`);
      // rotation: the API makes the new secret and shows it once; deliveries must use it from now on
      await generic.getByRole('button', { name: 'Rotate the signing secret' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Rotate the signing secret' }).click();
      await generic
        .getByTestId('generic-secret-value')
        .getByText(/^whsec_/)
        .first()
        .waitFor();
      await waitFor(async () => (await generic.getByTestId('generic-secret-value').textContent())!.trim() !== secret);
      const rotated = (await generic.getByTestId('generic-secret-value').textContent())!.trim();
      expect(rotated).toMatch(/^whsec_/);
      const delivery = JSON.stringify({ id: 'evt-after-rotation', type: 'client.upserted', occurredAt: '2026-03-06T10:00:00Z', data: { externalId: 'r1', firstName: 'Rotated' } });
      const signed = (key: string) =>
        request(stack.url)
          .post(`/webhooks/generic/${businessId}`)
          .set('Content-Type', 'application/json')
          .set('X-Comeback-Signature', signComebackPayload(delivery, key, Math.floor(Date.now() / 1000)))
          .send(delivery);
      expect((await signed(secret)).status).toBe(401);
      expect((await signed(rotated)).status).toBe(202);
      const stored = await stack.app.ds.query(`SELECT config FROM integration_connection WHERE business_id = $1 AND provider = 'mindbody'`, [businessId]);
      expect(stored[0].config).toMatchObject({ siteId: '-99', username: 'owner' });
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'settings-integrations');

      // --- an API key: shown once, works, revoked, then 401
      await section(page, 'API keys', '/settings/api-keys');
      await page.getByRole('form', { name: 'Create a key' }).getByLabel('Name').fill('Zapier');
      await page.getByRole('button', { name: 'Create a key' }).click();
      const key = (await page.getByTestId('created-key-value').textContent())!.trim();
      expect(key).toMatch(/^cbk_/);
      expect((await request(stack.url).get('/api/v1/clients').set('Authorization', `Bearer ${key}`)).status).toBe(200);
      const row = page.getByTestId('key-Zapier');
      await row.getByText('Active').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'settings-api-keys');
      await row.getByRole('button', { name: 'Revoke Zapier' }).click();
      await page.getByRole('dialog', { name: 'Revoke “Zapier”?' }).getByRole('button', { name: 'Revoke the key' }).click();
      await row.getByText(/^Revoked/).waitFor();
      expect((await request(stack.url).get('/api/v1/clients').set('Authorization', `Bearer ${key}`)).status).toBe(401);

      // --- send a test email from the channels page
      await section(page, 'Channels', '/settings/channels');
      const email = page.getByTestId('channel-email');
      await email.getByRole('button', { name: 'Send a test' }).click();
      const result = email.getByTestId('test-result-email');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      await waitFor(async () => stack.smtp.to(admin.email)[0], 15_000);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'settings-channels');

      // --- risk rules: a worked example follows an unsaved edit, then the edit is saved
      await section(page, 'Risk rules', '/settings/risk');
      const tenDays = page.getByTestId('example-absent_10_days');
      await waitFor(async () => (await tenDays.getAttribute('data-status').catch(() => null)) === 'at_risk');
      expect(await axeViolations(page)).toEqual([]);
      const band = page.getByLabel('Points: From day 10');
      await band.fill('20');
      await waitFor(async () => (await tenDays.getAttribute('data-status')) === 'loving_it');
      await tenDays.getByText('Saved: At Risk').waitFor();
      expect(
        (
          await request(stack.url)
            .get('/api/v1/settings/risk')
            .set('Cookie', await cookieOf(page))
        ).body.absent.bands[3].score,
      ).toBe(50);
      await look(page, 'settings-risk-edited');
      // a number the API refuses is marked where it is, before saving
      const threshold = page.getByLabel('At Risk from score');
      await threshold.fill('150');
      await page
        .locator('[data-path="atRisk.threshold"]')
        .locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")]')
        .getByText(/atRisk\.threshold|must not be greater than 100/)
        .waitFor();
      await threshold.fill('75');
      await page.getByTestId('risk-field-errors').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Save risk rules' }).click();
      await page.getByText('Risk rules saved. The next assessment uses them.').waitFor();
      const saved = (
        await request(stack.url)
          .get('/api/v1/settings/risk')
          .set('Cookie', await cookieOf(page))
      ).body;
      expect(saved.absent.bands[3]).toEqual({ minDays: 10, maxDays: 13, score: 20 });
      expect(saved.atRisk.threshold).toBe(75);

      // --- the other sections render and pass axe
      for (const [name, path] of [
        ['Messaging guards', '/settings/messaging'],
        ['Billing', '/settings/billing'],
      ] as const) {
        await section(page, name, path);
        await page.getByRole('heading', { level: 2, name }).waitFor();
        await page.getByRole('button', { name: /^Save/ }).waitFor();
        expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
        await look(page, `settings-${path.split('/').pop()}`);
      }
      // a guard saved from its page
      await page.goto('/settings/messaging');
      await page.getByLabel('From').fill('22:00');
      // the open pixel is on by default; this business turns it off
      const pixel = page.getByRole('switch', { name: 'Count email opens (open pixel)' });
      expect(await pixel.isChecked()).toBe(true);
      await pixel.click({ force: true });
      await page.getByRole('button', { name: 'Save messaging guards' }).click();
      await page.getByText('Messaging guards saved.').waitFor();
      const messaging = (
        await request(stack.url)
          .get('/api/v1/settings/messaging')
          .set('Cookie', await cookieOf(page))
      ).body;
      expect(messaging.quietHours).toEqual({ start: '22:00', end: '08:00' });
      expect(messaging.openPixel).toBe(false);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});

/** A screenshot from the top of the page (a full-page shot of a scrolled page repeats the fixed header mid-page). */
async function look(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await snapshot(page, name);
}

/** Opens a settings section from the side list and waits for its page. */
async function section(page: Page, name: string, path: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name, exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

async function cookieOf(page: Page): Promise<string> {
  const c = (await page.context().cookies()).find((x) => x.name === 'cb_session');
  return `cb_session=${c?.value ?? ''}`;
}
