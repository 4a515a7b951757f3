import request from 'supertest';
import type { Page } from 'playwright-core';
import { signComebackPayload } from '../../src/common/payload-signing';
import { computePushPressSignature } from '../../src/integrations/pushpress/pushpress-signature';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { seedStaff } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';
import { pushpressCheckin, pushpressCustomer } from '../fixtures/pushpress/payloads';

// Issue #14 "a PushPress gym can connect by pasting a URL and a secret": the admin copies the
// webhook URL, pastes PushPress's signing secret and connects; a delivery shaped like the SDK's
// documented examples (as in test/e2e/pushpress-webhook.e2e-spec.ts), signed the SDK's way and
// posted to the copied URL, shows as received; a wrong secret pasted later makes the next
// delivery refused and the page says so; disconnect. The generic webhook's signature header
// name, refused and accepted as the API rules. Managers and staff do not see the section.
jest.setTimeout(150_000);

const SECRET = 'pp-whsec-browser-5e6f7a8b9c';

const customer = pushpressCustomer('usr_browser_1');
const checkin = (id: string) => pushpressCheckin(id, 'usr_browser_1');

describe('browser: PushPress and the generic webhook in Settings → Integrations', () => {
  let stack: WebStack;
  let businessId: string;
  let admin: { email: string; password: string };
  let manager: { email: string; password: string };
  let staff: { email: string; password: string };
  let created = 1_767_200_000;

  /** POSTs {data, created, event} to url, signed as PushPress's SDK signs: HMAC-SHA256 of JSON.stringify(data). */
  const pushpress = (url: string, event: string, data: Record<string, unknown>, secret = SECRET) => {
    const u = new URL(url);
    return request(u.origin)
      .post(u.pathname)
      .set('Content-Type', 'application/json')
      .set('webhook-signature', computePushPressSignature(data, secret))
      .send(JSON.stringify({ data, created: ++created, event }));
  };

  beforeAll(async () => {
    stack = await startWebStack({ worker: false });
    ({ businessId } = await newBusiness(stack.app.ds, { name: 'Iron Box CrossFit', timezone: 'Europe/Stockholm' }));
    const { kim } = await seedStaff(stack.app.ds, businessId, [{ key: 'kim', firstName: 'Kim', lastName: 'Ek', email: 'kim@ironbox.test' }]);
    admin = await seedUser(stack.app, { businessId, role: 'admin', name: 'Alex Admin', email: 'alex@ironbox.test' });
    manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Mia Manager', email: 'mia@ironbox.test' });
    staff = await seedUser(stack.app, { businessId, role: 'staff', staffId: kim, name: 'Kim Ek', email: 'kim@ironbox.test' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should connect PushPress by pasting the secret, show deliveries received, and say when they are refused', async () => {
    const { context, page } = await newPage(stack, DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await journey('integrations-pushpress', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.goto('/settings/integrations');
      const card = page.getByRole('region', { name: 'PushPress' });
      await card.getByTestId('pushpress-state').getByText('Not connected').waitFor();
      expect(await card.getByTestId('pushpress-last').textContent()).toBe('Never');
      // nothing to save before a secret is pasted
      expect(await card.getByRole('button', { name: 'Connect PushPress' }).isDisabled()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'integrations-pushpress-empty');

      // the URL to paste into PushPress, copied
      const copy = card.getByRole('button', { name: 'Copy the webhook URL' });
      await copy.click();
      const url = await page.evaluate(() => navigator.clipboard.readText());
      expect(url).toBe(`${stack.url}/webhooks/pushpress/${businessId}`);
      // before connecting, PushPress's deliveries have nowhere to go
      await pushpress(url, 'customer.created', customer).expect(404);

      // paste the signing secret PushPress showed and connect
      await card.getByLabel('PushPress signing secret').fill(SECRET);
      await card.getByRole('button', { name: 'Connect PushPress' }).click();
      await card.getByTestId('pushpress-state').getByText('Connected', { exact: true }).waitFor();
      await page.getByText('PushPress connected. Deliveries show here as they arrive.').waitFor();
      // write-only: the field empties and only says a secret is set
      await waitFor(async () => (await card.getByLabel('PushPress signing secret').inputValue()) === '');
      await card.getByText(/Set\. Leave empty to keep it\./).waitFor();
      expect(await page.content()).not.toContain(SECRET);

      // PushPress delivers (the SDK's customer.created and checkin.created examples) to the copied URL
      expect((await pushpress(url, 'customer.created', customer).expect(202)).body).toMatchObject({ received: 1, duplicates: 0 });
      await pushpress(url, 'checkin.created', checkin('chk_browser_1')).expect(202);
      // the page re-reads the status on its own: two accepted, a time for the last one
      await card.getByTestId('pushpress-accepted').getByText('2', { exact: true }).waitFor({ timeout: 15_000 });
      expect(await card.getByTestId('pushpress-last').textContent()).not.toBe('Never');
      expect(await card.getByTestId('pushpress-rejected').textContent()).toBe('0');
      const stored = await stack.app.ds.query(`SELECT event_type FROM event_inbox WHERE business_id = $1 AND source = 'pushpress' ORDER BY id`, [businessId]);
      expect(stored.map((r: { event_type: string }) => r.event_type)).toEqual(['customer.created', 'checkin.created']);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'integrations-pushpress-connected');

      // a wrong secret pasted over the right one: PushPress's next delivery is refused, and the page says so
      await card.getByLabel('PushPress signing secret').fill('a-secret-that-is-not-pushpress');
      await saved(page, () => card.getByRole('button', { name: 'Save the PushPress settings' }).click());
      await pushpress(url, 'checkin.created', checkin('chk_browser_2')).expect(401);
      const refusing = card.getByTestId('pushpress-refusing');
      await refusing.getByText('PushPress’s deliveries are being refused').waitFor({ timeout: 15_000 });
      await refusing.getByText(/Reason: signature: /).waitFor();
      await card.getByText('Deliveries refused', { exact: true }).waitFor();
      expect(await card.getByTestId('pushpress-rejected').textContent()).toBe('1');
      expect(await card.getByTestId('pushpress-accepted').textContent()).toBe('2');
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'integrations-pushpress-refused');

      // the right secret again: the next delivery is accepted and the warning goes
      await card.getByLabel('PushPress signing secret').fill(SECRET);
      await saved(page, () => card.getByRole('button', { name: 'Save the PushPress settings' }).click());
      await pushpress(url, 'checkin.created', checkin('chk_browser_3')).expect(202);
      await card.getByTestId('pushpress-accepted').getByText('3', { exact: true }).waitFor({ timeout: 15_000 });
      await refusing.waitFor({ state: 'detached' });

      // the phone width: the URL wraps, nothing overlaps
      await page.setViewportSize(PHONE);
      await look(page, 'integrations-pushpress-phone');
      await page.setViewportSize(DESKTOP);

      // disconnect: the URL answers 404 from now on
      await card.getByRole('button', { name: 'Disconnect PushPress' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disconnect PushPress' }).click();
      await card.getByTestId('pushpress-state').getByText('Not connected').waitFor();
      await card.getByText(/Not set yet/).waitFor();
      await pushpress(url, 'checkin.created', checkin('chk_browser_4')).expect(404);
      const audit = await stack.app.ds.query(`SELECT action FROM audit_event WHERE business_id = $1 AND details->>'provider' = 'pushpress' ORDER BY at, id`, [businessId]);
      expect(audit.map((r: { action: string }) => r.action)).toEqual(['integration.saved', 'integration.saved', 'integration.saved', 'integration.disconnected']);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should set the generic webhook signature header name, refusing one the API refuses next to the field', async () => {
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('integrations-generic-header', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.goto('/settings/integrations');
      const generic = page.getByRole('region', { name: 'Generic webhook' });
      const field = generic.getByLabel('Signature header');
      await field.fill('X Hapana Signature');
      await generic.getByRole('button', { name: 'Save the generic webhook' }).click();
      // the API's reason, next to the field
      const wrapper = field.locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")]');
      await wrapper.getByText(/signatureHeader must be an HTTP header name \(letters, digits and -\)/).waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'integrations-generic-header-refused');

      await field.fill('X-Hapana-Signature');
      await generic.getByRole('button', { name: 'Save the generic webhook' }).click();
      const secret = (await generic.getByTestId('generic-secret-value').textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await wrapper.getByText(/must be an HTTP header name/).waitFor({ state: 'detached' });
      const [row] = await stack.app.ds.query(`SELECT config FROM integration_connection WHERE business_id = $1 AND provider = 'generic'`, [businessId]);
      expect(row.config).toMatchObject({ auth: 'hmac', signatureHeader: 'X-Hapana-Signature' });
      // a delivery signed under that header is accepted; under the default one it is refused, naming the header
      const body = JSON.stringify({ id: 'evt-hapana-1', type: 'client.upserted', occurredAt: '2026-03-06T10:00:00Z', data: { externalId: 'h1', firstName: 'Hana' } });
      const send = (header: string) =>
        request(stack.url)
          .post(`/webhooks/generic/${businessId}`)
          .set('Content-Type', 'application/json')
          .set(header, signComebackPayload(body, secret, Math.floor(Date.now() / 1000)))
          .send(body);
      expect((await send('X-Comeback-Signature').expect(401)).body.message).toMatch(/missing X-Hapana-Signature header/);
      await send('x-hapana-signature').expect(202);
      // the saved name is shown when the page is opened again
      await page.reload();
      expect(await page.getByRole('region', { name: 'Generic webhook' }).getByLabel('Signature header').inputValue()).toBe('X-Hapana-Signature');
      await look(page, 'integrations-generic-header-saved');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should not show the section to a manager or a staff member', async () => {
    for (const user of [manager, staff]) {
      const { context, page } = await newPage(stack, DESKTOP);
      await journey(`integrations-pushpress-${user === manager ? 'manager' : 'staff'}`, page, async () => {
        await signIn(page, user.email, user.password);
        await page.goto('/settings/integrations');
        await page.getByText('Your role cannot open this page.').waitFor();
        expect(await page.getByRole('region', { name: 'PushPress' }).count()).toBe(0);
        expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
        // and the API refuses the status to their session as well
        const status = await page.evaluate(async () => (await fetch('/api/v1/integrations/pushpress')).status);
        expect(status).toBe(403);
        if (user === manager) await snapshot(page, 'integrations-pushpress-manager');
        expect(pageErrors(page)).toEqual([]);
      });
      await context.close();
    }
  });
});

/** A screenshot from the top of the page (a full-page shot of a scrolled page repeats the fixed header mid-page). */
async function look(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await snapshot(page, name);
}

/** Clicks and waits for the PUT the click sends to land (the next delivery must meet the new secret). */
async function saved(page: Page, click: () => Promise<void>): Promise<void> {
  const put = page.waitForResponse((r) => r.url().endsWith('/api/v1/integrations/pushpress') && r.request().method() === 'PUT');
  await click();
  expect((await put).status()).toBe(200);
}
