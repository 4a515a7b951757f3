import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { BusinessRepository } from '../../src/business/business.repository';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { seedClients, seedStaff } from '../support/tasks-fixtures';
import { waitFor } from '../support/wait-for';
import { seedUser } from '../support/web-users';

// recovery.md and issue #12 item 6: the recovery board in the browser. An admin drags a card to
// the next phase with the mouse, moves one with the keyboard and one with the "Move to" menu, sees
// a refused (stale) move explained, opens an entry (it becomes seen after 2 s), adds a note, marks
// it Regained and finds it in the Regained list; the settings screen saves a change. A staff member
// works the board on a phone. Every page passes axe, no page throws.
jest.setTimeout(150_000);

describe('browser: the recovery board', () => {
  let stack: WebStack;
  let businessId: string;
  let adminKey: string;
  let phases: string[];
  let staff: Record<string, string>;
  const entries: Record<string, string> = {};
  const api = () => ({ get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${adminKey}`) });
  const phaseOf = async (id: string): Promise<string> => (await stack.app.ds.query(`SELECT phase_id::text AS p FROM recovery_entry WHERE id = $1`, [id]))[0].p;

  beforeAll(async () => {
    stack = await startWebStack();
    const ds = stack.app.ds;
    ({ businessId, apiKey: adminKey } = await new BusinessRepository(ds).create({ name: 'Northside Gym', timezone: 'Europe/Stockholm', currency: 'SEK' }));
    staff = await seedStaff(ds, businessId, [
      { key: 'kim', firstName: 'Kim', lastName: 'Ek', email: 'kim@northside.test' },
      { key: 'lee', firstName: 'Lee', lastName: 'Ahl', email: 'lee@northside.test' },
    ]);
    const clients = await seedClients(ds, businessId, [
      { key: 'ana', firstName: 'Ana', lastName: 'Berg' },
      { key: 'bo', firstName: 'Bo', lastName: 'Carlsson-Wästberg' },
      { key: 'cy', firstName: 'Cy', lastName: 'Dahl' },
      { key: 'di', firstName: 'Di', lastName: 'Eriksson' },
    ]);
    const [group] = await ds.query(`SELECT id FROM recovery_phase_group WHERE business_id = $1 AND active`, [businessId]);
    phases = (await ds.query(`SELECT id::text FROM recovery_phase WHERE group_id = $1 ORDER BY position`, [group.id])).map((r: { id: string }) => r.id);
    // entries straight in the table as the API's own e2e seeds them (intake has its own suites); Di is in the second phase
    const seeds: Array<[string, number, string, number, string | null]> = [
      ['ana', 0, 'Moving to another city', 59900, staff.kim],
      ['bo', 0, 'Too expensive', 44900, null],
      ['cy', 0, 'Injury', 39900, null],
      ['di', 1, 'Not enough time', 49900, staff.lee],
    ];
    let n = 0;
    for (const [key, phase, reason, value, assignee] of seeds) {
      const [row] = await ds.query(
        `INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id, reason, cancelled_on, contract_ends_on, monthly_value, assignee_staff_id, created_at)
         VALUES ($1, $2, 'cancellation', $3, $4, $5, '2026-11-02', '2027-01-31', $6, $7, now() - make_interval(hours => $8)) RETURNING id::text`,
        [businessId, clients[key], `subscription:${key}`, phases[phase], reason, value, assignee, ++n],
      );
      entries[key] = row.id;
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  const card = (page: Page, key: string) => page.getByTestId(`entry-${entries[key]}`);
  const column = (page: Page, i: number) => page.getByTestId(`column-${phases[i]}`);
  const centre = async (l: Locator) => {
    const b = (await l.boundingBox())!;
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };

  it('should drag, move by keyboard and menu, open, note and regain entries, and save a setting (desktop)', async () => {
    const admin = await seedUser(stack.app, { businessId, role: 'admin', name: 'Alex Admin' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('recovery-desktop', page, async () => {
      await signIn(page, admin.email, admin.password);
      const navBadge = page.getByRole('navigation', { name: 'Main navigation' }).getByTestId('recovery-nav-badge');
      await expect(navBadge.textContent()).resolves.toBe('4 new');
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: /^Recovery/ })
        .click();
      await page.waitForURL((u) => u.pathname === '/recovery');
      await card(page, 'ana').waitFor();
      await page.getByRole('heading', { name: 'Inbound' }).waitFor();
      // the card: member, reason, dates, monthly value in the business's currency, assignee, the unseen dot
      const ana = card(page, 'ana');
      await ana.getByText('Moving to another city').waitFor();
      await ana.getByText('Cancelled 2 Nov 2026 · Ends 31 Jan 2027').waitFor();
      await ana.getByText(/^SEK\s?599\.00 \/ month$/).waitFor();
      await ana.getByText('Kim Ek').waitFor();
      await ana.getByTestId('unseen-dot').waitFor();
      await expect(column(page, 0).getByTestId('column-count').textContent()).resolves.toBe('3 entries');
      await expect(column(page, 0).getByTestId('column-unseen').textContent()).resolves.toBe('3 new');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-board-desktop');

      // someone else changed Di since the board was read (nothing of the page's own is in flight yet): the move is refused, said so, and the board shows the latest state
      await stack.app.ds.query(`UPDATE recovery_entry SET version = version + 1, assignee_staff_id = $2 WHERE id = $1`, [entries.di, staff.kim]);
      await card(page, 'di').getByRole('button', { name: 'Move Di Eriksson to another phase' }).click();
      await page.getByRole('menuitem', { name: 'Offer sent' }).click();
      await page.getByText(/Someone else changed Di Eriksson a moment ago/).waitFor();
      await column(page, 1).getByTestId(`entry-${entries.di}`).getByText('Kim Ek').waitFor();
      expect(await phaseOf(entries.di)).toBe(phases[1]);

      // drag Ana by her handle into the second phase with the mouse (steps, so the pointer sensor activates)
      const from = await centre(ana.getByRole('button', { name: 'Drag Ana Berg to another phase' }));
      const to = await centre(column(page, 1));
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 20, from.y + 10, { steps: 5 });
      await page.mouse.move(to.x, to.y, { steps: 15 });
      await snapshot(page, 'recovery-board-dragging');
      await page.mouse.up();
      await column(page, 1).getByTestId(`entry-${entries.ana}`).waitFor();
      await waitFor(async () => (await phaseOf(entries.ana)) === phases[1]);
      await page.getByText('Ana Berg moved to Contacted').waitFor();
      await waitFor(async () => (await column(page, 0).getByTestId('column-count').textContent()) === '2 entries');

      // Cy with the keyboard: the handle, Space to pick up, → to the next phase, Space to drop
      await card(page, 'cy').getByRole('button', { name: 'Drag Cy Dahl to another phase' }).focus();
      // each key once the drag has reached the state the last one asked for (dnd-kit's live region says so)
      // (the live region holds the latest announcement: picked up, then at once over its own column)
      const said = (text: string | RegExp) => page.getByText(text, { exact: true }).waitFor({ state: 'attached' });
      await page.keyboard.press('Space');
      await said(/^(Picked up Cy Dahl\.|Cy Dahl is over Inbound\.)/);
      await page.keyboard.press('ArrowRight');
      await said('Cy Dahl is over Contacted.');
      await page.keyboard.press('Space');
      await said('Cy Dahl dropped in Contacted.');
      await column(page, 1).getByTestId(`entry-${entries.cy}`).waitFor();
      await waitFor(async () => (await phaseOf(entries.cy)) === phases[1]);

      // Bo with the "Move to" menu, to the third phase
      await card(page, 'bo').getByRole('button', { name: 'Move Bo Carlsson-Wästberg to another phase' }).click();
      await page.getByRole('menuitem', { name: 'Offer sent' }).click();
      await column(page, 2).getByTestId(`entry-${entries.bo}`).waitFor();
      await waitFor(async () => (await phaseOf(entries.bo)) === phases[2]);

      await snapshot(page, 'recovery-board-after-moves');

      // open Ana: new at first, seen after 2 s open (the drawer's timer), the badge counts one fewer
      await card(page, 'ana').getByRole('button', { name: 'Open Ana Berg' }).click();
      const drawer = page.getByRole('dialog', { name: 'Ana Berg' });
      await drawer.getByTestId('entry-unseen').waitFor();
      await drawer.getByTestId('entry-seen').waitFor();
      const seenAt = await waitFor(async () => (await stack.app.ds.query(`SELECT seen_at FROM recovery_entry WHERE id = $1`, [entries.ana]))[0].seen_at);
      expect(seenAt).toBeInstanceOf(Date);
      await waitFor(async () => (await navBadge.textContent()) === '3 new');
      await drawer.getByText('Moved to Contacted').waitFor();

      // a note
      await drawer.getByLabel('Add a note').fill('Called: she might come back once the new studio opens.');
      await drawer.getByRole('button', { name: 'Add note' }).click();
      await drawer.getByTestId('entry-notes').getByText('Called: she might come back once the new studio opens.').waitFor();
      // who wrote it and who did what, by name
      await drawer.getByTestId('entry-history').getByText('Note added by Alex Admin').waitFor();
      await drawer
        .getByTestId('entry-notes')
        .getByText(/· Alex Admin$/)
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-drawer');

      // Regained: the outcome shows, the card leaves the board, and the Regained list has her
      await drawer.getByRole('button', { name: 'Regained' }).click();
      await drawer.getByTestId('entry-outcome').getByText('Regained').waitFor();
      const closed = (await api().get(`/api/v1/recovery/entries/${entries.ana}`).expect(200)).body;
      expect(closed).toMatchObject({ outcome: 'regained', notes: [{ text: 'Called: she might come back once the new studio opens.' }] });
      await drawer.getByRole('button', { name: 'Close' }).first().click();
      await card(page, 'ana').waitFor({ state: 'detached' });
      await page.getByRole('tab', { name: 'Regained' }).click();
      await page.waitForURL((u) => u.pathname === '/recovery/regained');
      const row = page.getByTestId(`row-${entries.ana}`);
      await row.getByText('Ana Berg').waitFor();
      await row.getByText(/SEK\s?599\.00/).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-regained-list');

      // reports: the figures as the API computed them
      await page.getByRole('tab', { name: 'Reports' }).click();
      await page.getByTestId('recovery-reports').getByText('Per staff member').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-reports');

      // settings: render, save one change (automatic Lost after 45 days)
      await page.getByRole('tab', { name: 'Settings' }).click();
      const settings = page.getByTestId('recovery-settings');
      await settings.getByText('Phase groups').waitFor();
      await settings.getByRole('textbox', { name: 'Name of phase 3' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-settings');
      const days = settings.getByLabel('Days without an outcome');
      await days.fill('45');
      await settings.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved').first().waitFor();
      await waitFor(async () => (await api().get('/api/v1/recovery/settings').expect(200)).body.autoLostDays === 45);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should let a staff member work the board on a phone', async () => {
    const kim = await seedUser(stack.app, { businessId, role: 'staff', staffId: staff.kim, name: 'Kim Ek' });
    const { context, page } = await newPage(stack, PHONE);
    await journey('recovery-phone', page, async () => {
      await signIn(page, kim.email, kim.password);
      await page.goto('/recovery');
      await card(page, 'bo').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-board-phone');
      await card(page, 'bo').getByRole('button', { name: 'Open Bo Carlsson-Wästberg' }).click();
      const drawer = page.getByRole('dialog', { name: 'Bo Carlsson-Wästberg' });
      await drawer.getByTestId('entry-seen').waitFor();
      await drawer.getByRole('button', { name: 'Mark as new again' }).click();
      await drawer.getByTestId('entry-unseen').waitFor();
      await waitFor(async () => (await stack.app.ds.query(`SELECT seen_at FROM recovery_entry WHERE id = $1`, [entries.bo]))[0].seen_at === null);
      // marked new by hand: this opening leaves it new (no 2 s timer, no promise of one)
      expect(await drawer.getByText('Counts as opened after 2 seconds here').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-drawer-phone');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should show a long column 50 cards at a time, each card once, down to the last', async () => {
    const ds = stack.app.ds;
    const big = await new BusinessRepository(ds).create({ name: 'Busy Gym', timezone: 'Europe/Stockholm', currency: 'SEK' });
    const [group] = await ds.query(`SELECT id FROM recovery_phase_group WHERE business_id = $1 AND active`, [big.businessId]);
    const [first] = await ds.query(`SELECT id::text FROM recovery_phase WHERE group_id = $1 ORDER BY position LIMIT 1`, [group.id]);
    // 120 cancelled members in the first phase, one a minute apart (newest first on the board)
    await ds.query(
      `WITH c AS (
         INSERT INTO client (business_id, source, external_id, first_name, last_name)
         SELECT $1, 'test', 'long-' || i, 'Member', lpad(i::text, 3, '0') FROM generate_series(1, 120) i RETURNING id, external_id
       )
       INSERT INTO recovery_entry (business_id, client_id, source_kind, source_key, phase_id, reason, cancelled_on, contract_ends_on, monthly_value, created_at)
       SELECT $1, c.id, 'cancellation', 'subscription:' || c.external_id, $2, 'Too expensive', '2026-11-02', '2027-01-31', 39900,
              now() - make_interval(mins => split_part(c.external_id, '-', 2)::int)
         FROM c`,
      [big.businessId, first.id],
    );
    const manager = await seedUser(stack.app, { businessId: big.businessId, role: 'manager', name: 'Mo Manager' });
    const { context, page } = await newPage(stack, DESKTOP);
    await journey('recovery-long-column', page, async () => {
      await signIn(page, manager.email, manager.password);
      await page.goto('/recovery');
      const col = page.getByTestId(`column-${first.id}`);
      const cards = col.locator('article[data-testid^="entry-"]');
      await waitFor(async () => (await cards.count()) === 50);
      await expect(col.getByTestId('column-count').textContent()).resolves.toBe('120 entries');
      await col.getByTestId('column-more').click();
      await waitFor(async () => (await cards.count()) === 100);
      await col.getByTestId('column-more').click();
      await waitFor(async () => (await cards.count()) === 120);
      expect(await col.getByTestId('column-more').count()).toBe(0);
      // newest first and every member once: Member 001 .. Member 120
      const names = await col.getByRole('button', { name: /^Open Member / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(names).toEqual(Array.from({ length: 120 }, (_, i) => `Open Member ${String(i + 1).padStart(3, '0')}`));
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'recovery-long-column');
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
