import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/queue-names';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { seedStaff } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// The failed deliveries page (docs/reliability.md "Deliveries and 'in doubt'", issue #17 item 8):
// a marketer sees the failed messages in words and resends one in doubt through a confirmation
// (a double click sends it once; a touch someone else resent meanwhile gets the API's 409 in
// words); a manager reads the same list on a phone without a resend button; staff have no page.
jest.setTimeout(180_000);

describe('browser: failed deliveries', () => {
  let stack: WebStack;
  let businessId: string;
  let adminKey: string;
  /** touch id per member key */
  const touch: Record<string, string> = {};
  const api = () => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${adminKey}`),
    post: (path: string, body?: object) => request(stack.url).post(path).set('Authorization', `Bearer ${adminKey}`).send(body),
  });

  beforeAll(async () => {
    stack = await startWebStack();
    const ds = stack.app.ds;
    ({ businessId, apiKey: adminKey } = await newBusiness(ds, { name: 'Harbour Pilates', timezone: 'Europe/Stockholm' }));
    await noQuietHours(ds, businessId);
    const [ana, bo, cy, di, eve] = await seedClients(ds, businessId, [
      { firstName: 'Ana', lastName: 'Berg', email: 'ana@example.test', emailConsent: true },
      { firstName: 'Bo', lastName: 'Carlsson', email: 'bo@example.test', emailConsent: true },
      { firstName: 'Cy', lastName: 'Dahl', email: 'cy@example.test', emailConsent: true },
      { firstName: 'Di', lastName: 'Eriksson', email: 'di@example.test', emailConsent: true },
      { firstName: 'Eve', lastName: 'Falk', email: 'eve@example.test', emailConsent: true },
    ]);
    // real touches of a campaign step due in an hour (its delayed job removed), then failed as the
    // delivery run would have left them: three in doubt (Eve's for the manager's view), one refused address, one the relay refused
    // with a code the page has no words for
    const seg = await api()
      .post('/api/v1/segments', { name: 'Lapsed', conditions: { condition: 'customer_type', values: ['lapsed'] } })
      .expect(201);
    const campaign = await api()
      .post('/api/v1/campaigns', {
        name: 'We miss you',
        segmentId: seg.body.id,
        holdoutPercent: 0,
        steps: [{ key: 'welcome-back', channel: 'email', template: { subject: 'We miss you at Harbour Pilates', text: 'Come back! {{unsubscribe_url}}' } }],
      })
      .expect(201);
    const campaignId: string = campaign.body.id;
    const ORIGIN = `campaign:${campaignId}:step:welcome-back`;
    const r = await stack.app.http!.get(ActionsService).dispatch({
      businessId,
      origin: ORIGIN,
      channel: 'email',
      clientIds: [ana, bo, cy, di, eve],
      template: { subject: 'We miss you at Harbour Pilates', text: 'Come back for a class this week.' },
      sendAt: new Date(Date.now() + 3_600_000),
    });
    const queue = stack.app.http!.get(JobQueue).queue(QueueName.DeliverEmail);
    for (const job of await queue.getDelayed()) if (job.data.runId === r.runId) await job.remove();
    const rows = await touchesOf(ds, businessId, ORIGIN);
    for (const [k, id] of Object.entries({ ana, bo, cy, di, eve })) touch[k] = rows.find((x) => x.client_id === id)!.id;
    const fail = (id: string, code: string, error: string, minutesAgo: number) =>
      ds.query(
        `UPDATE touch SET status = 'failed', error_code = $2, error = $3, attempts = 1, claimed_at = now() - $4 * interval '1 minute',
                handed_over_at = CASE WHEN $2 = 'in_doubt' THEN now() - $4 * interval '1 minute' END, failed_at = now() - $4 * interval '1 minute'
          WHERE id = $1`,
        [id, code, error, minutesAgo],
      );
    await fail(touch.ana, 'in_doubt', 'may have reached the provider, not resent automatically: the worker stopped while handing it over', 30);
    await fail(touch.cy, 'in_doubt', 'may have reached the provider, not resent automatically: the worker stopped while handing it over', 31);
    await fail(touch.eve, 'in_doubt', 'may have reached the provider, not resent automatically: the worker stopped while handing it over', 40);
    await fail(touch.bo, 'invalid_address', 'recipient rejected: bo@example.test', 20);
    await fail(touch.di, 'smtp_554', '554 5.7.1 Message rejected as spam by the relay', 10);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should let a marketer read the failures in words and resend one in doubt once', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', name: 'Mia Marketer' });
    const { context, page } = await newPage(stack, DESKTOP);
    const resends: string[] = [];
    page.on('request', (q) => q.method() === 'POST' && q.url().includes('/resend') && resends.push(q.url()));
    await journey('deliveries-marketer', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Failed deliveries' }).click();
      await page.waitForURL((u) => u.pathname === '/deliveries/failed');
      const list = page.getByTestId('deliveries-list');
      await list.waitFor();
      // newest first, each with the member's name (a link to the profile), the reason in words and the campaign
      await expect(list.locator('article').evaluateAll((a) => a.map((x) => x.getAttribute('data-testid')))).resolves.toEqual(
        [touch.di, touch.bo, touch.ana, touch.cy, touch.eve].map((id) => `delivery-${id}`),
      );
      const ana = page.getByTestId(`delivery-${touch.ana}`);
      const bo = page.getByTestId(`delivery-${touch.bo}`);
      const di = page.getByTestId(`delivery-${touch.di}`);
      await expect(ana.getByRole('link', { name: 'Open Ana Berg’s profile' }).getAttribute('href')).resolves.toMatch(/^\/members\/\d+$/);
      await ana.getByText('In doubt: it may or may not have reached the member').waitFor();
      await ana.getByText(/we cannot tell whether the provider received it\. Resending may deliver it twice\./).waitFor();
      await ana.getByText(/Campaign “We miss you”, step welcome-back/).waitFor();
      await bo.getByText('The address or number was refused').waitFor();
      await bo.getByText('The provider said: recipient rejected: bo@example.test').waitFor();
      await di.getByText('The provider said: 554 5.7.1 Message rejected as spam by the relay').waitFor();
      expect(await bo.getByRole('button').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'deliveries-marketer');

      // resend Ana's through the confirmation; a double click sends it once
      await ana.getByRole('button', { name: 'Resend the message to Ana Berg' }).click();
      const dialog = page.getByRole('dialog', { name: 'Resend this message to Ana Berg?' });
      await dialog.getByText(/If they did, they will get it twice/).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'deliveries-marketer-confirm');
      await dialog.getByRole('button', { name: 'Resend', exact: true }).dblclick();
      await dialog.waitFor({ state: 'detached' });
      await ana.getByText('Resent', { exact: true }).waitFor();
      await ana
        .getByTestId('resent')
        .getByText(/^Resent .*: queued to go again/)
        .waitFor();
      // why it was listed stays on the row
      await ana.getByText('In doubt: it may or may not have reached the member').waitFor();
      expect(await ana.getByRole('button').count()).toBe(0);
      expect(resends).toHaveLength(1);
      await snapshot(page, 'deliveries-marketer-resent');
      const resent = (await api().get(`/api/v1/touches/${touch.ana}`).expect(200)).body;
      expect(resent.resentAt).not.toBeNull();
      expect(resent.resentBy).toBe(`user:${marketer.userId}`);
      expect(['queued', 'sending', 'sent']).toContain(resent.status);
      // the worker sends it, once
      await waitFor(async () => (await api().get(`/api/v1/touches/${touch.ana}`).expect(200)).body.status === 'sent', 60_000);
      await waitFor(async () => stack.smtp.to('ana@example.test').length > 0, 20_000);
      expect(stack.smtp.to('ana@example.test')).toHaveLength(1);

      // Cy's was resent by someone else meanwhile: the page says what the API answered
      await api().post(`/api/v1/touches/${touch.cy}/resend`).expect(202);
      const cy = page.getByTestId(`delivery-${touch.cy}`);
      await cy.getByRole('button', { name: 'Resend the message to Cy Dahl' }).click();
      const second = page.getByRole('dialog', { name: 'Resend this message to Cy Dahl?' });
      await second.getByRole('button', { name: 'Resend', exact: true }).click();
      await second
        .getByTestId('resend-error')
        .getByText(/^It was not resent: touch \d+ is (queued|sending|sent), not in doubt/)
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await second.getByRole('button', { name: 'Cancel' }).click();
      // the list is read again: Cy's is no longer failed
      await cy.waitFor({ state: 'detached' });
      expect(resends).toHaveLength(2);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a manager the list on a phone without a resend, and staff no page', async () => {
    const manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Max Manager' });
    const { context, page } = await newPage(stack, PHONE);
    await journey('deliveries-manager-phone', page, async () => {
      await signIn(page, manager.email, manager.password);
      await page.goto('/deliveries/failed');
      const bo = page.getByTestId(`delivery-${touch.bo}`);
      await bo.getByText('The address or number was refused').waitFor();
      const eve = page.getByTestId(`delivery-${touch.eve}`);
      await eve.getByText('In doubt: it may or may not have reached the member').waitFor();
      await eve.getByText('Only an admin or a marketer can resend it.').waitFor();
      expect(await page.getByRole('button', { name: /Resend/ }).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'deliveries-manager-phone');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();

    const { sam } = await seedStaff(stack.app.ds, businessId, [{ key: 'sam', firstName: 'Sam', lastName: 'Ström', email: 'sam@harbour.test' }]);
    const staff = await seedUser(stack.app, { businessId, role: 'staff', staffId: sam, name: 'Sam Ström' });
    const s = await newPage(stack, DESKTOP);
    await journey('deliveries-staff', s.page, async () => {
      await signIn(s.page, staff.email, staff.password);
      await s.page.waitForURL((u) => u.pathname === '/tasks');
      expect(await s.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Failed deliveries' }).count()).toBe(0);
      await s.page.goto('/deliveries/failed');
      await s.page.getByText('Your role cannot open this page.').waitFor();
    });
    await s.context.close();
  });
});
