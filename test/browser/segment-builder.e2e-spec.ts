import type { Locator, Page } from 'playwright-core';
import { join } from 'path';
import { ARTIFACTS, axeViolations, journey, newPage, pageErrors, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { demoBusiness } from '../support/web-demo';
import { seedUser } from '../support/web-users';

// web.md page 4 and the marketer's journey: build a segment of 3+ conditions with a group, the
// live count following each edit (equal to POST /segments/preview for the same tree), "why is
// this member in?" with the member's own values, save, rename, the members, delete. And every
// catalogue entry's form, rendered from the catalogue alone.
jest.setTimeout(180_000);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const num = (n: number) => new Intl.NumberFormat('en-GB').format(n);

async function look(page: Page, name: string): Promise<void> {
  await snapshot(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-screen.png`) });
}

/** A request with the session cookie and its CSRF token, as the page makes it. */
async function apiCall<T = any>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const { csrfToken } = await (await fetch('/api/v1/auth/session')).json();
      const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { method, path, body },
  );
}

interface Catalogue {
  conditions: Array<{ type: string; label: string; params: Array<{ name: string; label: string; type: string; required: boolean; when?: string }> }>;
}

describe('browser: the segment builder', () => {
  let stack: WebStack;
  let businessId: string;

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId } = await demoBusiness(stack.app, { name: 'Northside Fitness', seed: 11 }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Picks a condition from the catalogue by searching for its label. */
  async function addCondition(page: Page, scope: Locator, label: string) {
    const picker = scope.getByRole('combobox', { name: 'Add a condition' }).last();
    await picker.click();
    await picker.fill(label);
    await page.getByRole('option', { name: label, exact: true }).click();
  }

  it('should build a segment with a group, follow each edit with the live count, explain a member, save, rename, list its members and delete it', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer', name: 'Mia Marketer' });
    const { context, page } = await newPage(stack);
    await journey('segment-builder', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Segments' }).click();
      await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
      await page.getByRole('link', { name: 'New segment' }).click();
      await page.getByRole('heading', { level: 1, name: 'New segment' }).waitFor();
      await page.getByLabel('Name').fill('Lapsing regulars');

      const live = page.getByTestId('live-count');
      const counts: number[] = [];
      let tree = '';
      // after an edit: the count shown is the answer for the new tree, and equals the API's
      const settled = async () => {
        const before = tree;
        tree = await waitFor(async () => {
          const shown = (await live.count()) ? await live.getAttribute('data-tree') : null;
          return shown && shown !== before ? shown : undefined;
        }, 15_000);
        const count = Number(await live.getAttribute('data-count'));
        const api = await apiCall<{ count: number }>(page, 'POST', '/api/v1/segments/preview', { conditions: JSON.parse(tree) });
        expect(count).toBe(api.count);
        await live.getByText(count === 0 ? 'No member matches' : count === 1 ? '1 member matches' : `${num(count)} members match`).waitFor();
        counts.push(count);
      };

      const root = page.getByTestId('segment-group').first();
      const card = (type: string) => page.locator(`[data-testid="segment-condition"][data-condition="${type}"]`);
      // 1. status: one of In Trouble (the form's first value)
      await addCondition(page, root, 'Status');
      await settled();
      // 2. ... or At Risk
      await card('status')
        .getByRole('combobox', { name: /^Status/ })
        .click({ force: true });
      await page.getByRole('option', { name: 'At Risk' }).click();
      await page.keyboard.press('Escape');
      await settled();
      expect(JSON.parse(tree)).toEqual({ and: [{ condition: 'status', statuses: ['in_trouble', 'at_risk'] }] });
      // 3. visits: at least 1 in the last 30 days
      await addCondition(page, root, 'Visits');
      await settled();
      // 4. at least 2
      await card('visits')
        .getByRole('textbox', { name: /^Value/ })
        .fill('2');
      await settled();
      // 5. a group: (age 18-65 OR gender female)
      await root.getByRole('button', { name: 'Add a group' }).last().click();
      const group = page.locator('[data-testid="segment-group"][data-depth="1"]');
      await addCondition(page, group, 'Age');
      await settled();
      await card('age')
        .getByRole('combobox', { name: /^Comparison/ })
        .click();
      await page.getByRole('option', { name: 'between' }).click();
      await card('age')
        .getByRole('textbox', { name: /^Value/ })
        .fill('18');
      await card('age')
        .getByRole('textbox', { name: /^Up to/ })
        .fill('65');
      await settled();
      await addCondition(page, group, 'Gender');
      await settled();
      // 6. NOT on the visits condition
      await card('visits').getByRole('switch', { name: 'NOT' }).check({ force: true });
      await settled();
      expect(JSON.parse(tree)).toEqual({
        and: [
          { condition: 'status', statuses: ['in_trouble', 'at_risk'] },
          { not: { condition: 'visits', operator: '>=', value: 2, window: { last: 30 } } },
          {
            or: [
              { condition: 'age', operator: 'between', value: 18, to: 65 },
              { condition: 'gender', values: ['female'] },
            ],
          },
        ],
      });
      expect(counts).toHaveLength(8);
      expect(new Set(counts).size).toBeGreaterThan(2);
      expect(counts[counts.length - 1]).toBeGreaterThan(0);

      // why is this member in? the first of the sample, picked by search
      const first = page.getByTestId('preview-sample').getByRole('link').first();
      const name = (await first.textContent())!.trim();
      const clientId = (await first.getAttribute('href'))!.split('/').pop()!;
      const picker = page.getByRole('combobox', { name: 'Member' });
      await picker.fill(name);
      await page
        .getByRole('option', { name: new RegExp(`^${escape(name)}`) })
        .first()
        .click();
      await page.getByTestId('explain-verdict').getByText(`${name} is in this segment`).waitFor();
      const explained = await apiCall(page, 'POST', '/api/v1/segments/explain', { conditions: JSON.parse(tree), clientId });
      expect(explained.matches).toBe(true);
      const leaves = page.getByTestId('explain-leaf');
      await waitFor(async () => (await leaves.count()) === 4);
      const visitsLeaf = page.locator('[data-testid="explain-leaf"][data-condition="visits"]');
      expect(await visitsLeaf.getAttribute('data-result')).toBe('false');
      const visitsActual = explained.conditions.and[1].not.actual as { value: number; lastVisitOn: string | null };
      const said = await visitsLeaf.getByTestId('explain-actual').textContent();
      expect(said).toContain(`Their value: ${visitsActual.value} (visit days)`);
      if (visitsActual.lastVisitOn) expect(said).toContain('last visit');
      const statusLeaf = page.locator('[data-testid="explain-leaf"][data-condition="status"]');
      expect(await statusLeaf.getAttribute('data-result')).toBe('true');
      expect(await statusLeaf.getByTestId('explain-actual').textContent()).toMatch(/Their value: (In Trouble|At Risk)/);
      const ageActual = explained.conditions.and[2].or[0].actual as { value: number | null };
      if (ageActual.value !== null)
        expect(await page.locator('[data-testid="explain-leaf"][data-condition="age"]').getByTestId('explain-actual').textContent()).toContain(`${ageActual.value} (years)`);
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'segment-builder');

      // save: the page becomes the saved segment's
      await page.getByRole('button', { name: 'Save segment' }).click();
      await page.waitForURL(/\/segments\/\d+$/);
      const id = new URL(page.url()).pathname.split('/').pop()!;
      await page.getByRole('heading', { level: 1, name: 'Segment “Lapsing regulars”' }).waitFor();
      expect((await apiCall(page, 'GET', `/api/v1/segments/${id}`)).conditions).toEqual(JSON.parse(tree));

      // rename
      await page.getByRole('button', { name: 'Rename' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rename segment' });
      await dialog.getByLabel('Name').fill('Lapsing regulars, 18-65 or women');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { level: 1, name: 'Segment “Lapsing regulars, 18-65 or women”' }).waitFor();
      expect((await apiCall(page, 'GET', `/api/v1/segments/${id}`)).name).toBe('Lapsing regulars, 18-65 or women');

      // the worker evaluates it; the list shows its count, the members page its members
      const evaluated = await waitFor(async () => {
        const s = await apiCall(page, 'GET', `/api/v1/segments/${id}`);
        return s.evaluatedAt ? s : undefined;
      }, 30_000);
      expect(evaluated.memberCount).toBe(counts[counts.length - 1]);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Segments' }).click();
      const row = page.getByTestId('segment-row').filter({ hasText: 'Lapsing regulars, 18-65 or women' });
      await row.getByTestId('segment-member-count').getByText(num(evaluated.memberCount)).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'segments-list');
      await row.getByTestId('segment-member-count').getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Members of “Lapsing regulars, 18-65 or women”' }).waitFor();
      const members = page.getByTestId('segment-member');
      await waitFor(async () => (await members.count()) === Math.min(50, evaluated.memberCount));
      const apiMembers = await apiCall(page, 'GET', `/api/v1/segments/${id}/members?limit=50`);
      expect(await members.first().getByRole('link').textContent()).toBe(
        [apiMembers.items[0].firstName, apiMembers.items[0].lastName].filter(Boolean).join(' ') || apiMembers.items[0].email || `#${apiMembers.items[0].id}`,
      );
      expect(await axeViolations(page)).toEqual([]);
      await look(page, 'segment-members');

      // delete, after a confirmation
      await page.getByRole('link', { name: 'Back to the segment' }).click();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await page.waitForURL((u) => u.pathname === '/segments');
      await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
      const list = await apiCall(page, 'GET', '/api/v1/segments');
      expect(list.items.map((s: { id: string }) => s.id)).not.toContain(id);
      await waitFor(async () => (await page.getByTestId('segment-row').filter({ hasText: 'Lapsing regulars' }).count()) === 0);
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });

  it('should never show a slow answer to an older tree as the count of a newer one', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer' });
    const { context, page } = await newPage(stack);
    await journey('segment-builder-slow-answer', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/segments/new');
      await page.getByRole('heading', { level: 1, name: 'New segment' }).waitFor();
      const root = page.getByTestId('segment-group').first();
      const live = page.getByTestId('live-count');
      await addCondition(page, root, 'Age');
      await live.waitFor();
      // the next preview is held for 3 s; the edit after it is answered at once
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let holding = true;
      await page.route('**/api/v1/segments/preview', async (route) => {
        if (!holding) return route.continue();
        holding = false;
        const body = route.request().postData();
        await new Promise((r) => setTimeout(r, 3000));
        await route.continue().catch(() => undefined); // the page may have given up on it: fine
        release();
        expect(body).toContain('"value":30');
      });
      const value = page.locator('[data-testid="segment-condition"][data-condition="age"]').getByRole('textbox', { name: /^Value/ });
      await value.fill('30');
      await waitFor(async () => !holding);
      await value.fill('60');
      const newest = JSON.stringify({ and: [{ condition: 'age', operator: '>=', value: 60 }] });
      await waitFor(async () => (await live.getAttribute('data-tree')) === newest, 10_000);
      const newestCount = (await apiCall<{ count: number }>(page, 'POST', '/api/v1/segments/preview', { conditions: JSON.parse(newest) })).count;
      // the slow answer for "age >= 30" comes back after the newer one: the page keeps the newer count
      await held;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await live.getAttribute('data-tree')).toBe(newest);
      expect(Number(await live.getAttribute('data-count'))).toBe(newestCount);
    });
    await context.close();
  });

  it('should render a form for every catalogue entry from its description alone', async () => {
    const marketer = await seedUser(stack.app, { businessId, role: 'marketer' });
    const { context, page } = await newPage(stack);
    await journey('segment-catalogue-forms', page, async () => {
      await signIn(page, marketer.email, marketer.password);
      await page.goto('/segments/new');
      await page.getByRole('heading', { level: 1, name: 'New segment' }).waitFor();
      const catalogue = await apiCall<Catalogue>(page, 'GET', '/api/v1/segments/catalogue');
      expect(catalogue.conditions.length).toBeGreaterThan(30);
      const root = page.getByTestId('segment-group').first();
      for (const c of catalogue.conditions) {
        await addCondition(page, root, c.label);
        const card = page.locator(`[data-testid="segment-condition"][data-condition="${c.type}"]`);
        await card.getByText(c.label, { exact: true }).first().waitFor();
        // every parameter that applies without another's value ('to' only with between) has its field, labelled as the catalogue says
        for (const p of c.params.filter((p) => !/^\w+ = \S+$/.test(p.when ?? ''))) {
          const field = card.locator(`[data-testid="param-${p.name}"]`);
          expect({ condition: c.type, param: p.name, fields: await field.count() }).toEqual({ condition: c.type, param: p.name, fields: 1 });
          expect(await field.getAttribute('data-param-type')).toBe(p.type);
          await card
            .getByText(new RegExp(`^${escape(p.label)}( \\*)?$`))
            .first()
            .waitFor();
        }
        await card.getByRole('button', { name: `Remove “${c.label}”` }).click();
        await card.waitFor({ state: 'detached' });
      }
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
