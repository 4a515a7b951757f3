import { createServer } from 'node:net';
import request from 'supertest';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// web.md "Journeys", the marketer: composes an A/B email campaign with a 10 % holdout to a saved
// segment, previews it for a real member, runs the pre-send check, sends a test to themself and
// finds it in the Mailbox, sends the campaign and watches its progress.
jest.setTimeout(180_000);

const EMAIL_FRAME = '[data-testid="preview-html"]';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('browser: the campaign composer', () => {
  let stack: WebStack;
  let businessId: string;
  let apiKey: string;
  let segmentId: string;
  const MEMBERS = 40;

  beforeAll(async () => {
    // the demo mailbox keeps what the app sends (its own SMTP sink where SMTP_URL points)
    stack = await startWebStack({ env: { DEMO_MAILBOX: 'true', SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
    ({ businessId, apiKey } = await newBusiness(stack.app.ds, { name: 'Harbour Pilates' }));
    await noQuietHours(stack.app.ds, businessId);
    await seedClients(stack.app.ds, businessId, [
      { firstName: 'Ana', lastName: 'Berg', email: 'ana@example.test' },
      ...Array.from({ length: MEMBERS - 2 }, (_, i) => ({ firstName: `Member${i}`, email: `m${i}@example.test` })),
      { firstName: 'Quiet', email: 'quiet@example.test', emailConsent: false },
    ]);
    await stack.app.ds.query(`UPDATE client SET customer_type = 'lapsed' WHERE business_id = $1`, [businessId]);
    const api = (method: 'post', path: string, body?: object) => request(stack.url)[method](path).set('Authorization', `Bearer ${apiKey}`).send(body);
    segmentId = (await api('post', '/api/v1/segments', { name: 'Lapsed members', conditions: { condition: 'customer_type', values: ['lapsed'] } }).expect(201)).body.id;
    await api('post', `/api/v1/segments/${segmentId}/recompute`).expect(200);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should compose, preview, check, test and send an A/B email campaign with a holdout, then show its progress', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', email: 'mia@harbour.test' });
    const { context, page } = await newPage(stack, DESKTOP);
    let campaignId = '';
    await journey('campaign-composer', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
      await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
      await page.getByRole('link', { name: 'New campaign' }).click();
      await page.waitForURL((u) => u.pathname === '/campaigns/new');

      await page.getByLabel('Campaign name').fill('Win back lapsed members');
      await page.getByRole('combobox', { name: 'Audience' }).click();
      await page.getByRole('option', { name: /Lapsed members \(40 members\)/ }).click();

      // variant A, with a merge field from the picker placed where the cursor was
      const subject = page.getByLabel('Subject', { exact: false }).first();
      await subject.fill('We miss you, ');
      await page.getByLabel('Body', { exact: false }).first().fill('<p>Hi {{client.first_name}}, your mat is waiting at {{business.name}}.</p>');
      await subject.focus();
      await subject.press('End');
      await page.getByTestId('merge-field-picker').first().click();
      await page.getByRole('menuitem', { name: /First name/ }).click();
      expect(await subject.inputValue()).toBe('We miss you, {{client.first_name}}');
      // variant B starts as a copy of A; its subject differs
      await page.getByRole('button', { name: 'Add variant B (A/B test)' }).click();
      await page.getByLabel('Subject B').fill('Your spot is waiting, {{client.first_name}}');
      expect(await page.getByLabel('Holdout').inputValue()).toBe('10 %');

      // the server renders the email for a real member of the audience
      await page.getByRole('combobox', { name: 'Preview for member' }).click();
      await page.getByRole('option', { name: 'Ana Berg' }).click();
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByTestId('preview-subject').getByText('We miss you, Ana').waitFor();
      expect(await page.getByTestId('preview-html').getAttribute('sandbox')).toBe('');
      await page.frameLocator(EMAIL_FRAME).getByText('Hi Ana, your mat is waiting at Harbour Pilates.').waitFor();

      // the pre-send check, counted by the server over the audience: one member has no consent
      await page.getByRole('button', { name: 'Run the pre-send check' }).click();
      await page.getByTestId('presend-result').getByText('Audience: 40 members.').waitFor();
      const row = page.getByTestId('presend-step-email-1');
      await row.getByRole('cell', { name: '39', exact: true }).waitFor();
      expect(await row.getByRole('cell').allInnerTexts()).toEqual(['email-1 (Email)', '39', '1', '0', '0', '0', '0', '0', 'Outside quiet hours']);
      expect(await axeViolations(page, { exclude: [EMAIL_FRAME] })).toEqual([]);
      await snapshot(page, 'campaign-composer');

      // "send a test to me": the marketer's own address, the member's merge fields
      await page.getByRole('button', { name: 'Send a test to me (mia@harbour.test)' }).click();
      await page.getByTestId('test-sent').getByText('Test sent to mia@harbour.test').waitFor();
      const mailbox = await context.newPage();
      await mailbox.goto('/mailbox');
      const test = mailbox.getByTestId('mailbox-list').getByRole('link', { name: /\[Test\] We miss you, Ana/ });
      await test.waitFor();
      await test.getByText('To: mia@harbour.test').waitFor();
      await snapshot(mailbox, 'campaign-test-in-mailbox');
      await mailbox.close();
      expect(await stack.app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);

      await page.getByRole('button', { name: 'Send campaign' }).click();
      await page.waitForURL((u) => /^\/campaigns\/\d+$/.test(u.pathname));
      campaignId = new URL(page.url()).pathname.split('/').pop()!;
      await page.getByRole('heading', { name: 'Win back lapsed members' }).waitFor();
      // progress per variant fills in as the worker sends; every contacted member ends sent or held back
      const c = await waitFor(async () => {
        const r = (await request(stack.url).get(`/api/v1/campaigns/${campaignId}`).set('Authorization', `Bearer ${apiKey}`)).body;
        const v = r.progress?.[0]?.variants ?? [];
        const settled = v.reduce((n: number, x: { byStatus: Record<string, number> }) => n + (x.byStatus.sent ?? 0) + (x.byStatus.blocked ?? 0), 0);
        return r.state === 'sent' && settled === r.recipients.contacted ? r : undefined;
      }, 60_000);
      expect(c.recipients.targeted).toBe(40);
      expect(c.recipients.holdout).toBeGreaterThan(0);
      for (const v of c.progress[0].variants) {
        const cells = page.getByTestId(`progress-email-1-${v.key}`).getByRole('cell');
        await waitFor(async () => (await cells.allInnerTexts())[2] === String(v.byStatus.sent ?? 0), 15_000);
      }
      await page.getByTestId('campaign-state').getByText('Sent').waitFor();
      await page.getByRole('table', { name: 'Messages to members' }).getByRole('cell', { name: 'Sent', exact: true }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'campaign-progress');

      await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
      const listRow = page.getByTestId(`campaign-row-${campaignId}`);
      await listRow.getByRole('cell', { name: 'Lapsed members 40 members' }).waitFor();
      await listRow.getByRole('cell', { name: String(c.progress[0].variants.reduce((n: number, v: { byStatus: Record<string, number> }) => n + (v.byStatus.sent ?? 0), 0)), exact: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'campaigns-list');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
    // every member's message went through the mailbox as well (the demo sink)
    const [mails] = await stack.app.ds.query(`SELECT count(*)::int AS n FROM mailbox_message WHERE business_id = $1 AND subject NOT LIKE '[Test]%'`, [businessId]);
    expect(mails.n).toBeGreaterThan(0);
  });

  it('should move a step up from the keyboard and send the steps in that order', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', email: 'max@harbour.test' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('campaign-reorder', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/campaigns/new');
      await page.getByLabel('Campaign name').fill('Call first, then write');
      await page.getByRole('combobox', { name: 'Audience' }).click();
      await page.getByRole('option', { name: /Lapsed members/ }).click();
      await page.getByLabel('Subject', { exact: false }).first().fill('Hello {{client.first_name}}');
      await page.getByLabel('Body', { exact: false }).first().fill('<p>See you soon.</p>');
      await page.getByRole('button', { name: 'Add a step' }).click();
      await page.getByRole('menuitem', { name: 'Staff task' }).click();
      await page.getByLabel('Task for the member’s owner').fill('Call to invite back');
      expect(await page.getByRole('button', { name: 'Move step 2 down' }).isDisabled()).toBe(true);
      // Tab reaches the button; Enter moves the task above the email
      await page.getByRole('button', { name: 'Move step 2 up' }).focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('step-0').getByText('Staff task').waitFor();
      // the delay stays with the place: the email, now second, goes 48 hours after the task
      expect(await page.getByTestId('step-1').getByLabel('Hours after the send').inputValue()).toBe('48');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'campaign-composer-reordered');
      await page.getByRole('button', { name: 'Send campaign' }).click();
      await page.waitForURL((u) => /^\/campaigns\/\d+$/.test(u.pathname));
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const c = (await request(stack.url).get(`/api/v1/campaigns/${id}`).set('Authorization', `Bearer ${apiKey}`).expect(200)).body;
      expect(c.steps.map((s: { key: string; channel: string; delayMinutes: number }) => [s.key, s.channel, s.delayMinutes])).toEqual([
        ['task-2', 'staff_task', 0],
        ['email-1', 'email', 48 * 60],
      ]);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should open a saved draft from the list, change it and save it', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', email: 'dee@harbour.test' });
    const auth = { Authorization: `Bearer ${apiKey}` };
    const draft = (
      await request(stack.url)
        .post('/api/v1/campaigns')
        .set(auth)
        .send({
          name: 'Autumn draft',
          segmentId,
          holdoutPercent: 10,
          steps: [
            { key: 'email-1', channel: 'email', template: { subject: 'Autumn is here', html: '<p>Come by</p>' } },
            { key: 'call-2', channel: 'staff_task', delayMinutes: 24 * 60, task: { reason: 'Call about autumn', dueInDays: 2 } },
          ],
        })
        .expect(201)
    ).body;
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('campaign-draft-edit', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/campaigns');
      await page.getByTestId(`campaign-row-${draft.id}`).getByRole('link', { name: 'Autumn draft' }).click();
      await page.getByRole('heading', { name: 'Draft: Autumn draft' }).waitFor();
      // the saved draft is in the form as it was stored
      expect(await page.getByLabel('Campaign name').inputValue()).toBe('Autumn draft');
      expect(await page.getByTestId('step-0').getByLabel('Subject', { exact: false }).inputValue()).toBe('Autumn is here');
      expect(await page.getByTestId('step-1').getByLabel('Task for the member’s owner').inputValue()).toBe('Call about autumn');
      await page.getByLabel('Campaign name').fill('Autumn welcome back');
      await page.getByTestId('step-0').getByLabel('Subject', { exact: false }).fill('Autumn is here, {{client.first_name}}');
      await page.getByRole('button', { name: 'Move step 2 up' }).click();
      await page.getByTestId('step-0').getByText('Staff task').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'campaign-draft-edit');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft saved.').waitFor();
      const saved = (await request(stack.url).get(`/api/v1/campaigns/${draft.id}`).set(auth).expect(200)).body;
      expect(saved).toMatchObject({ name: 'Autumn welcome back', state: 'draft', holdoutPercent: 10 });
      expect(saved.steps.map((s: { key: string; delayMinutes: number }) => [s.key, s.delayMinutes])).toEqual([
        ['call-2', 0],
        ['email-1', 24 * 60],
      ]);
      expect(saved.steps[1].variants[0].template).toMatchObject({ subject: 'Autumn is here, {{client.first_name}}', html: '<p>Come by</p>' });
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should say "Deferred until" the end of quiet hours, not "Sent", while quiet hours hold every message', async () => {
    // quiet all day but the last minute: whenever this runs, the messages wait until 23:59 local time
    const { businessId: night, apiKey: nightKey } = await newBusiness(stack.app.ds, { name: 'Night Owls Gym' });
    const api = (path: string, body?: object) => request(stack.url).post(path).set('Authorization', `Bearer ${nightKey}`).send(body);
    await request(stack.url)
      .put('/api/v1/settings/messaging')
      .set('Authorization', `Bearer ${nightKey}`)
      .send({ quietHours: { start: '00:00', end: '23:59' } })
      .expect(200);
    await seedClients(stack.app.ds, night, [{ firstName: 'Ola' }, { firstName: 'Per' }, { firstName: 'Siv' }]);
    await stack.app.ds.query(`UPDATE client SET customer_type = 'night' WHERE business_id = $1`, [night]);
    const seg = (await api('/api/v1/segments', { name: 'Night owls', conditions: { condition: 'customer_type', values: ['night'] } }).expect(201)).body;
    await api(`/api/v1/segments/${seg.id}/recompute`).expect(200);
    const c = (
      await api('/api/v1/campaigns', { name: 'Late news', segmentId: seg.id, holdoutPercent: 0, steps: [{ key: 'news', channel: 'email', template: { subject: 'News', text: 'x' } }] }).expect(201)
    ).body;
    await api(`/api/v1/campaigns/${c.id}/send`).expect(202);
    await waitFor(async () => (await request(stack.url).get(`/api/v1/campaigns/${c.id}`).set('Authorization', `Bearer ${nightKey}`)).body.state === 'sent', 30_000);

    const marketer = await seedUser(stack.app, { businessId: night, role: 'marketer' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('campaign-deferred', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto(`/campaigns/${c.id}`);
      // 23:59 in the business's zone, as the browser's locale writes it
      const time = await page.evaluate(() => new Intl.DateTimeFormat(navigator.language, { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(Date.UTC(2026, 0, 1, 22, 59))));
      await page.getByTestId('campaign-state').getByText(`Deferred until ${time}`).waitFor();
      await page.getByTestId('deferred-until').getByText(`3 deferred for quiet hours until ${time}`).waitFor();
      expect(await page.getByTestId('campaign-state').innerText()).not.toMatch(/^sent$/i);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'campaign-deferred');
      await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
      await page.getByTestId(`campaign-row-${c.id}`).getByText(`Deferred until ${time}`).waitFor();
    });
    await context.close();
  });
});
