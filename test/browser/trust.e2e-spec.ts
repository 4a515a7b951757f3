import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, axeViolations, DESKTOP, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { seedUser } from '../support/web-users';

// The trust features an admin reaches in the app (docs/auth.md "API keys", "Audit log";
// docs/privacy.md): rotate an API key with a grace period (the new secret shown once, both work
// for now), export a member's data and erase it, then read all of it back in the audit log.
jest.setTimeout(120_000);

/** The full page and the first screen, as the admin sees them. */
async function look(page: Page, name: string): Promise<void> {
  await snapshot(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-screen.png`) });
}

describe('browser: API key rotation, member erasure and the audit log (admin)', () => {
  let stack: WebStack;
  let businessId: string;
  let apiKey: string;
  let admin: { email: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack({ worker: false });
    ({ businessId, apiKey } = await newBusiness(stack.app.ds, { name: 'Harbour Gym' }));
    admin = await seedUser(stack.app, { businessId, role: 'admin', name: 'Ada Admin', email: 'ada@harbour.test' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const whoAmI = (key: string) => request(stack.url).get('/api/v1/auth/session').set('Authorization', `Bearer ${key}`);

  it('should rotate a key, erase a member and show both in the audit log', async () => {
    const bridge = await request(stack.url).post('/api/v1/api-keys').set('Authorization', `Bearer ${apiKey}`).send({ name: 'Booking bridge', role: 'admin' }).expect(201);
    await request(stack.url)
      .post('/api/v1/import/clients')
      .set('Authorization', `Bearer ${apiKey}`)
      .send([{ externalId: 'm-1', firstName: 'Greta', lastName: 'Lund', email: 'greta.lund@example.test', phone: '+46701112233' }])
      .expect(200);
    const [greta] = await stack.app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = 'm-1'`, [businessId]);

    const { page } = await newPage(stack, DESKTOP);
    await journey('trust-admin', page, async () => {
      await signIn(page, admin.email, admin.password);

      // --- rotate "Booking bridge", the old secret working one more hour
      await page.goto('/settings/api-keys');
      await page.getByTestId('key-Booking bridge').waitFor();
      await page.getByRole('button', { name: 'Rotate Booking bridge' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rotate “Booking bridge”?' });
      await dialog.getByText('In 1 hour').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'trust-rotate-dialog');
      await dialog.getByRole('button', { name: 'Rotate the key' }).click();
      const secret = (await page.getByTestId('rotated-key-value').textContent())!.trim();
      expect(secret).toMatch(/^cbk_[0-9a-f]{8}_/);
      await page
        .getByTestId('rotated-key-note')
        .getByText(/keeps working until/)
        .waitFor();
      await page
        .getByTestId('key-Booking bridge')
        .getByText(/Old secret works until/)
        .waitFor();
      expect((await whoAmI(secret)).status).toBe(200);
      expect((await whoAmI(bridge.body.apiKey)).status).toBe(200);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'trust-api-key-rotated');

      // --- a member's data: exported as a file, then erased with a reason
      await page.goto(`/members/${greta.id}`);
      await page.getByRole('heading', { name: 'Greta Lund' }).waitFor();
      await page.getByRole('button', { name: 'Personal data' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export data' }).click()]);
      expect(download.suggestedFilename()).toBe(`member-${greta.id}.json`);
      const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(exported.client).toMatchObject({ first_name: 'Greta', email: 'greta.lund@example.test' });
      expect(Object.keys(exported.tables)).toEqual(expect.arrayContaining(['visit', 'touch', 'staff_task', 'status_change']));

      await page.getByRole('button', { name: 'Personal data' }).click();
      await page.getByRole('menuitem', { name: 'Erase personal data' }).click();
      const erase = page.getByRole('dialog', { name: 'Erase this member’s personal data?' });
      const confirm = erase.getByRole('button', { name: 'Erase for good' });
      expect(await confirm.isDisabled()).toBe(true);
      await erase.getByLabel('Reason').fill('Member asked at the desk on 7 December');
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'trust-erase-dialog');
      await confirm.click();
      await page.getByText('Personal data erased.', { exact: false }).waitFor();
      await page.getByRole('heading', { name: `Erased member #${greta.id}` }).waitFor();
      await page.getByTestId('erased-notice').waitFor();
      expect(await page.getByText('greta.lund@example.test').count()).toBe(0);
      await look(page, 'trust-member-erased');

      // --- the audit log lists all of it (and a settings change made by a script), and filters by kind
      await request(stack.url)
        .put('/api/v1/settings/messaging')
        .set('Authorization', `Bearer ${apiKey}`)
        .send({ quietHours: { start: '22:00', end: '07:00' } })
        .expect(200);
      await page.goto('/settings/audit');
      await page.getByTestId('audit-settings.messaging.updated').getByText('API key “default”').waitFor();
      await page.getByTestId('audit-settings.messaging.updated').getByText('21:00 → 22:00').waitFor();
      await page.getByTestId('audit-client.erased').waitFor();
      await page.getByTestId('audit-client.exported').waitFor();
      await page.getByTestId('audit-api_key.rotated').getByText('Booking bridge', { exact: false }).waitFor();
      await page.getByTestId('audit-client.erased').getByText('Reason: Member asked at the desk on 7 December').waitFor();
      expect(await page.getByTestId('audit-client.erased').getByText(admin.email).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'trust-audit-log');
      await page.getByRole('combobox', { name: 'What' }).click();
      await page.getByRole('option', { name: 'Member data' }).click();
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByTestId('audit-api_key.rotated').waitFor({ state: 'detached' });
      expect(await page.locator('[data-testid^="audit-"]').count()).toBe(2);
      await look(page, 'trust-audit-log-filtered');
      expect(pageErrors(page)).toEqual([]);
    });
  });
});
