import { createServer } from 'node:net';
import request from 'supertest';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// web.md "Pages" 11: the demo mailbox. With DEMO_MAILBOX on, the app's own SMTP sink keeps what
// Comeback sends; an email sent to a member shows up in the list and its HTML renders (in a
// sandboxed frame) as the member would see it. Without it, the page explains itself.
jest.setTimeout(120_000);

const EMAIL_FRAME = '[data-testid="mailbox-html"]';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('browser: the demo mailbox', () => {
  let stack: WebStack;
  let businessId: string;
  let adminKey: string;

  beforeAll(async () => {
    // the app's sink listens where SMTP_URL points (the harness's own sink stays idle)
    stack = await startWebStack({ env: { DEMO_MAILBOX: 'true', SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
    ({ businessId, apiKey: adminKey } = await newBusiness(stack.app.ds, { name: 'Sunrise Yoga' }));
    await noQuietHours(stack.app.ds, businessId);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should list an email the app sent to a member and show its HTML as the member sees it', async () => {
    const [clientId] = await seedClients(stack.app.ds, businessId, [{ firstName: 'Ana', lastName: 'Berg', email: 'ana@example.test' }]);
    await request(stack.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${adminKey}`)
      .send({
        channel: 'email',
        clientIds: [clientId],
        origin: 'mailbox-browser-test',
        template: {
          subject: 'We miss you, {{client.first_name}}',
          html: '<h1 style="color:#087f5b">Come back to Sunrise Yoga</h1><p>Hi {{client.first_name}}, your mat is waiting.</p><script>document.title = "pwned"</script><p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
          text: 'Hi {{client.first_name}}, your mat is waiting. {{unsubscribe_url}}',
        },
      })
      .expect(202);
    await waitFor(async () => {
      const [r] = await stack.app.ds.query(`SELECT count(*)::int AS n FROM mailbox_message WHERE business_id = $1`, [businessId]);
      return r.n === 1;
    }, 20_000);

    const admin = await seedUser(stack.app, { businessId, role: 'admin' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('mailbox-desktop', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.goto('/mailbox');
      const item = page.getByTestId('mailbox-list').getByRole('link', { name: /We miss you, Ana/ });
      await item.waitFor();
      await item.getByText('To: ana@example.test').waitFor();
      await item.getByText('From: Sunrise Yoga <no-reply@mail.comeback.test>').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'mailbox-list');

      await item.click();
      await page.waitForURL((u) => /^\/mailbox\/\d+$/.test(u.pathname));
      const message = page.getByTestId('mailbox-message');
      await message.getByRole('heading', { name: 'We miss you, Ana' }).waitFor();
      // the HTML as sent, in a frame that runs no scripts and cannot reach the app
      const frame = page.getByTestId('mailbox-html');
      expect(await frame.getAttribute('sandbox')).toBe('');
      const inside = page.frameLocator(EMAIL_FRAME);
      await inside.getByRole('heading', { name: 'Come back to Sunrise Yoga' }).waitFor();
      await inside.getByText('Hi Ana, your mat is waiting.').waitFor();
      expect(await page.evaluate(() => document.title)).not.toContain('pwned');
      await message
        .getByTestId('mailbox-text')
        .getByText(/Hi Ana, your mat is waiting\./)
        .waitFor();
      // the email itself is the sender's content, in a frame where no script (axe included) runs
      expect(await axeViolations(page, { exclude: [EMAIL_FRAME] })).toEqual([]);
      await snapshot(page, 'mailbox-message');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();

    // on a phone the message takes the screen, with a way back to the list
    const phone = await newPage(stack, PHONE);
    await journey('mailbox-phone', phone.page, async () => {
      await signIn(phone.page, admin.email, admin.password);
      await phone.page.goto('/mailbox');
      await phone.page
        .getByTestId('mailbox-list')
        .getByRole('link', { name: /We miss you, Ana/ })
        .click();
      await phone.page.getByTestId('mailbox-message').waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await axeViolations(phone.page, { exclude: [EMAIL_FRAME] })).toEqual([]);
      await snapshot(phone.page, 'mailbox-message-phone');
      await phone.page.getByRole('button', { name: /All messages/ }).click();
      await phone.page.getByTestId('mailbox-list').waitFor();
    });
    await phone.context.close();
  });

  it('should explain, not fail, when Comeback runs without the demo mailbox', async () => {
    const plain = await startWebStack({ worker: false });
    try {
      const { businessId: other } = await newBusiness(plain.app.ds, { name: 'Real Gym' });
      const admin = await seedUser(plain.app, { businessId: other, role: 'admin' });
      const { context, page } = await newPage(plain, DESKTOP);
      await journey('mailbox-off', page, async () => {
        await signIn(page, admin.email, admin.password);
        await page.goto('/mailbox');
        await page.getByTestId('mailbox-off').getByText('The mailbox runs only in the demo').waitFor();
        expect(await axeViolations(page)).toEqual([]);
        await snapshot(page, 'mailbox-off');
      });
      await context.close();
    } finally {
      await plain.close();
    }
  });
});
