import request from 'supertest';
import { clearAuthLimits } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { axeViolations, journey, newPage, pageErrors, PHONE, signIn, startWebStack, type WebStack } from '../support/browser';
import { seedClients, seedStaff, taskRow } from '../support/tasks-fixtures';
import { seedUser } from '../support/web-users';

// web.md "Journeys": the security journey. Ten wrong passwords then 429; a write without the CSRF
// token refused and nothing changed; a signed-out browser sent to sign-in from every route; staff
// cannot open another staff member's task; and a disabled user's open page ends at sign-in.
jest.setTimeout(120_000);

describe('browser: the security journey', () => {
  let stack: WebStack;
  let businessId: string;
  let apiKey: string;
  beforeAll(async () => {
    stack = await startWebStack({ worker: false });
    ({ businessId, apiKey } = await newBusiness(stack.app.ds, { name: 'Walls Gym' }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should refuse the eleventh sign-in after ten wrong passwords with "too many attempts", even with the right password', async () => {
    const user = await seedUser(stack.app, { businessId, role: 'marketer' });
    const { context, page } = await newPage(stack);
    await journey('security-429', page, async () => {
      await page.goto('/sign-in');
      for (let i = 1; i <= 10; i++) {
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel(/^Password/).fill(`wrong password ${i}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('sign-in-error').getByText('Email or password is not right').waitFor();
        // the next attempt must not be read off the previous error
        await page.getByLabel(/^Password/).fill('');
      }
      await page.getByLabel(/^Password/).fill(user.password);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      const res = await answer;
      expect(res.status()).toBe(429);
      expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
      await page
        .getByTestId('sign-in-error')
        .getByText(/Too many attempts/)
        .waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    });
    await context.close();
    // the counter is per IP too, and every browser here is 127.0.0.1: let the other journeys sign in
    await clearAuthLimits(stack.app);
  });

  it('should refuse a write made with the session cookie but without the CSRF token, and change nothing', async () => {
    const admin = await seedUser(stack.app, { businessId, role: 'admin' });
    const { context, page } = await newPage(stack);
    await journey('security-csrf', page, async () => {
      await signIn(page, admin.email, admin.password);
      const before = await stack.app.ds.query(`SELECT settings FROM business WHERE id = $1`, [businessId]);
      // a forged request: the cookie goes along (same site), the token cannot
      const forged = await page.evaluate(async () => {
        const r = await fetch('/api/v1/settings/billing', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ directDebitBlockAfterDays: 3 }) });
        return { status: r.status, body: (await r.json()) as { message: string } };
      });
      expect(forged.status).toBe(403);
      expect(forged.body.message).toMatch(/CSRF/i);
      expect(await stack.app.ds.query(`SELECT settings FROM business WHERE id = $1`, [businessId])).toEqual(before);
      // the app itself sends the token, so the same write through the session's token works
      const token = await page.evaluate(async () => (await (await fetch('/api/v1/auth/session')).json()).csrfToken as string);
      const real = await page.evaluate(async (csrf) => {
        const r = await fetch('/api/v1/settings/billing', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ directDebitBlockAfterDays: 3 }),
        });
        return r.status;
      }, token);
      expect(real).toBe(200);
    });
    await context.close();
  });

  it('should send a signed-out browser to the sign-in page from every route of the app', async () => {
    const { context, page } = await newPage(stack);
    await journey('security-signed-out', page, async () => {
      const routes = [
        '/',
        '/members',
        '/members/1',
        '/tasks',
        '/tasks/1',
        '/mailbox',
        '/mailbox/1',
        '/deliveries/failed',
        '/settings',
        '/settings/users',
        '/settings/api-keys',
        '/settings/integrations',
        '/settings/channels',
        '/settings/messaging',
        '/settings/risk',
        '/settings/billing',
      ];
      for (const path of routes) {
        await page.goto(path);
        await page.waitForURL((u) => u.pathname === '/sign-in');
        expect({ path, next: new URL(page.url()).searchParams.get('next') }).toEqual({ path, next: path });
      }
      // and the API answers 401 to the same browser, with nothing to read
      expect(await page.evaluate(async () => (await fetch('/api/v1/clients')).status)).toBe(401);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it("should not let a staff member open another staff member's task, and change nothing", async () => {
    const staff = await seedStaff(stack.app.ds, businessId, [{ key: 'anna' }, { key: 'bo' }]);
    const clients = await seedClients(stack.app.ds, businessId, [{ key: 'member-1', firstName: 'Maja', lastName: 'Lind', phone: '+46701234567' }]);
    const created = await request(stack.url).post('/api/v1/tasks').set('Authorization', `Bearer ${apiKey}`).send({ clientId: clients['member-1'], reason: 'Call Maja', assigneeStaffId: staff.bo });
    expect(created.status).toBe(201);
    const task = { id: String(created.body.id) };
    const anna = await seedUser(stack.app, { businessId, role: 'staff', staffId: staff.anna });
    const before = await taskRow(stack.app.ds, task.id);
    const { context, page } = await newPage(stack, PHONE);
    await journey('security-other-task', page, async () => {
      await signIn(page, anna.email, anna.password);
      await page.goto(`/tasks/${task.id}`);
      await page.getByRole('alert').waitFor();
      await expect(page.getByText('Call Maja').count()).resolves.toBe(0);
      // the API says no as well, to a write as much as a read
      const status = await page.evaluate(async (id) => {
        const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
        const r = await fetch(`/api/v1/tasks/${id}/complete`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
          body: JSON.stringify({ outcome: 'reached' }),
        });
        return r.status;
      }, task.id);
      expect([403, 404]).toContain(status);
      expect(await axeViolations(page)).toEqual([]);
    });
    expect(await taskRow(stack.app.ds, task.id)).toEqual(before);
    await context.close();
  });

  it("should end a disabled user's open session: their next request lands on the sign-in page", async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer' });
    const { context, page } = await newPage(stack);
    await journey('security-disabled', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/members');
      await page.getByRole('heading', { level: 1 }).waitFor();
      // an admin disables the user (through the API) while their page is open
      const disabled = await request(stack.url).patch(`/api/v1/users/${marketer.userId}`).set('Authorization', `Bearer ${apiKey}`).send({ disabled: true });
      expect(disabled.status).toBe(200);
      await page.goto('/tasks');
      await page.waitForURL((u) => u.pathname === '/sign-in');
    });
    await context.close();
  });
});
