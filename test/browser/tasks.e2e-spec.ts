import request from 'supertest';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff, taskRow } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// web.md "Journeys": the staff journey on a phone (the task inbox with the tasks a campaign
// created, overdue first; complete one with an outcome, snooze another; open a task from its
// notification email; another staff member's task is refused), and the team inbox of an admin
// at 1,280 px (see the team's tasks, reassign one). Every page passes axe at both sizes.
jest.setTimeout(120_000);

const ZONE = 'Europe/Stockholm';

describe('browser: the task inbox', () => {
  let stack: WebStack;
  let businessId: string;
  let adminKey: string;
  let staff: Record<string, string>;
  let clients: Record<string, string>;
  /** task id per client key */
  const tasks: Record<string, string> = {};
  const api = () => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${adminKey}`),
    post: (path: string, body?: object) => request(stack.url).post(path).set('Authorization', `Bearer ${adminKey}`).send(body),
  });

  beforeAll(async () => {
    stack = await startWebStack();
    const ds = stack.app.ds;
    ({ businessId, apiKey: adminKey } = await newBusiness(ds, { name: 'Sunrise Yoga', timezone: ZONE }));
    staff = await seedStaff(ds, businessId, [
      { key: 'kim', firstName: 'Kim', lastName: 'Ek', email: 'kim@sunrise.test' },
      { key: 'lee', firstName: 'Lee', lastName: 'Ahl', email: 'lee@sunrise.test' },
    ]);
    clients = await seedClients(ds, businessId, [
      { key: 'ana', firstName: 'Ana', lastName: 'Berg', phone: '+46 70 123 45 67', email: 'ana@example.test', ownerStaffId: staff.kim },
      { key: 'bo', firstName: 'Bo', lastName: 'Carlsson-Wästberg', phone: '+46 70 222 33 44', email: 'bo@example.test', ownerStaffId: staff.kim },
      { key: 'cy', firstName: 'Cy', lastName: 'Dahl', email: 'cy@example.test', ownerStaffId: staff.kim },
      { key: 'di', firstName: 'Di', lastName: 'Eriksson', phone: '+46 70 555 66 77', ownerStaffId: staff.lee },
    ]);
    await ds.query(`UPDATE client SET customer_type = 'callback' WHERE business_id = $1`, [businessId]);
    await ds.query(`UPDATE client SET last_visit_on = '2026-03-21' WHERE id = $1`, [clients.ana]);

    // the tasks a campaign created: a staff_task step for the "callback" members, each task for the member's owner
    const seg = await api()
      .post('/api/v1/segments', { name: 'Call back', conditions: { condition: 'customer_type', values: ['callback'] } })
      .expect(201);
    const campaign = await api()
      .post('/api/v1/campaigns', {
        name: 'Win-back calls',
        segmentId: seg.body.id,
        holdoutPercent: 0,
        steps: [{ key: 'call', channel: 'staff_task', task: { reason: 'Win-back call: no visit for 10 days', instructions: 'Ask how the new timetable suits them.', dueInDays: 2 } }],
      })
      .expect(201);
    await api().post(`/api/v1/campaigns/${campaign.body.id}/send`).expect(202);
    const rows = await waitFor(async () => {
      const r: Array<{ id: string; client_id: string }> = await ds.query(`SELECT id::text, client_id::text FROM staff_task WHERE business_id = $1 AND origin = $2`, [
        businessId,
        `campaign:${campaign.body.id}:step:call`,
      ]);
      return r.length === 4 ? r : undefined;
    }, 20_000);
    for (const [k, id] of Object.entries(clients)) tasks[k] = rows.find((r) => r.client_id === id)!.id;
    // Bo's call is overdue (due yesterday): the inbox lists it first
    await ds.query(`UPDATE staff_task SET due_on = (now() AT TIME ZONE $2)::date - 1, due_at = now() - interval '1 day' WHERE id = $1`, [tasks.bo, ZONE]);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should walk the staff journey on a phone: inbox overdue first, done with an outcome, snoozed, opened from the email, another staff member’s task refused', async () => {
    const kim = await seedUser(stack.app, { businessId, role: 'staff', staffId: staff.kim, name: 'Kim Ek' });
    const { context, page } = await newPage(stack, PHONE);
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/tasks') && asked.push(r.url()));
    await journey('tasks-staff-phone', page, async () => {
      await signIn(page, kim.email, kim.password);
      await page.waitForURL((u) => u.pathname === '/tasks');
      const cards = page.getByTestId('task-list').locator('article');
      await cards.nth(2).waitFor();
      expect(await cards.count()).toBe(3);
      // overdue first, then by due date (the API's order), each card with the member, reason and last visit
      await expect(cards.nth(0).getAttribute('data-testid')).resolves.toBe(`task-${tasks.bo}`);
      await cards.nth(0).getByText('Overdue').waitFor();
      const ana = page.getByTestId(`task-${tasks.ana}`);
      await ana.getByText('Win-back call: no visit for 10 days').waitFor();
      await ana.getByText('Last visit 21 Mar 2026').waitFor();
      await expect(ana.getByRole('link', { name: 'Call Ana Berg' }).getAttribute('href')).resolves.toBe('tel:+46701234567');
      await expect(ana.getByRole('link', { name: 'Send Ana Berg an SMS' }).getAttribute('href')).resolves.toBe('sms:+46701234567');
      await expect(ana.getByRole('link', { name: 'Email Ana Berg' }).getAttribute('href')).resolves.toBe('mailto:ana@example.test');
      await expect(ana.getByRole('link', { name: 'Open Ana Berg’s profile' }).getAttribute('href')).resolves.toBe(`/members/${clients.ana}`);
      await page.getByTestId(`task-${tasks.cy}`).getByText('No visit yet').waitFor();
      // no horizontal scrolling on a phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'tasks-staff-phone');

      // done with an outcome
      await ana.getByRole('button', { name: 'Done…' }).click();
      const dialog = page.getByRole('dialog', { name: 'How did it go with Ana Berg?' });
      await dialog.getByLabel('Booked a visit').check();
      await dialog.getByLabel('Notes (optional)').fill('Coming Thursday 18:00');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'tasks-staff-phone-done-dialog');
      await dialog.getByRole('button', { name: 'Mark done' }).click();
      await ana.waitFor({ state: 'detached' });
      const done = (await api().get(`/api/v1/tasks/${tasks.ana}`).expect(200)).body;
      expect(done).toMatchObject({ state: 'done', outcome: 'booked_visit', notes: 'Coming Thursday 18:00' });

      // snoozed until tomorrow, 09:00 in the business's time zone
      const cy = page.getByTestId(`task-${tasks.cy}`);
      await cy.getByRole('button', { name: 'Snooze' }).click();
      await page.getByRole('menuitem', { name: /^Tomorrow, 09:00/ }).click();
      const snoozed = await waitFor(async () => {
        const t = (await api().get(`/api/v1/tasks/${tasks.cy}`).expect(200)).body;
        return t.snoozedUntil ? t : undefined;
      });
      expect(snoozed.state).toBe('open');
      const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(d);
      const localToday = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short' }).format(new Date());
      const [y, m, d] = localToday.split('-').map(Number);
      const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
      expect(local(new Date(snoozed.snoozedUntil))).toBe(`${tomorrow} 09:00`);
      await cy.getByText(/^Snoozed until/).waitFor();

      // the notification email's link opens that task, highlighted
      const mail = await waitFor(async () => stack.smtp.to('kim@sunrise.test').find((mm) => (mm.text ?? '').includes(`/tasks/${tasks.bo}`)), 20_000);
      expect(mail.subject).toContain('Check in with Bo Carlsson-Wästberg');
      const link = /(https?:\/\/\S+\/tasks\/\d+)/.exec(mail.text ?? '')![1];
      expect(link.endsWith(`/tasks/${tasks.bo}`)).toBe(true);
      await page.goto(new URL(link).pathname);
      const opened = page.locator('article[data-highlighted]');
      await opened.waitFor();
      await expect(opened.getAttribute('data-testid')).resolves.toBe(`task-${tasks.bo}`);
      await opened.getByText('The task you opened').waitFor();
      await opened.getByText('Ask how the new timetable suits them.').waitFor();
      // shown once: on top, not again in the list below
      expect(await page.getByTestId(`task-${tasks.bo}`).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'tasks-staff-phone-opened');

      // another staff member's task: the API's refusal in words, nothing changed
      const before = await taskRow(stack.app.ds, tasks.di);
      await page.goto(`/tasks/${tasks.di}`);
      const refusal = page.getByTestId('task-refused');
      await refusal.waitFor();
      await refusal.getByText(/can only see and act on its own tasks/).waitFor();
      expect(await page.getByText('Di Eriksson').count()).toBe(0);
      expect(await taskRow(stack.app.ds, tasks.di)).toEqual(before);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'tasks-staff-phone-refused');

      // a staff user never asks for anyone else's inbox
      expect(asked.filter((u) => /[?&]assignee=(?!me\b)/.test(u))).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it("should show an admin the team's tasks at 1,280 px and reassign one", async () => {
    const admin = await seedUser(stack.app, { businessId, role: 'admin', name: 'Alex Admin' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('tasks-admin-desktop', page, async () => {
      await signIn(page, admin.email, admin.password);
      await page.goto('/tasks');
      // an admin without a staff record starts on the team's tasks
      await page.getByTestId('task-list').waitFor();
      const di = page.getByTestId(`task-${tasks.di}`);
      await di.getByText('For Lee Ahl').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'tasks-admin-desktop');

      await di.getByRole('button', { name: 'Reassign…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Staff member').click();
      await page.getByRole('option', { name: 'Kim Ek' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Reassign' }).click();
      await di.getByText('For Kim Ek').waitFor();
      expect((await api().get(`/api/v1/tasks/${tasks.di}`).expect(200)).body.assignee).toMatchObject({ id: staff.kim });
      // Kim is told by email
      await waitFor(async () => stack.smtp.to('kim@sunrise.test').find((m) => (m.text ?? '').includes(`/tasks/${tasks.di}`)), 20_000);

      await page.locator('label', { hasText: /^Unassigned$/ }).click();
      await page.waitForURL((u) => u.searchParams.get('scope') === 'unassigned');
      await page.getByTestId('tasks-empty').waitFor();
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
