import { readFileSync } from 'fs';
import request from 'supertest';
import { axeViolations, DESKTOP, journey, newPage, pageErrors, PHONE, signIn, snapshot, startWebStack, type WebStack } from '../support/browser';
import { newBusiness } from '../support/factories';
import { seedUser } from '../support/web-users';
import { FollowUpKit } from '../integration/follow-up/follow-up-fixtures';
import { seedStaff } from '../support/tasks-fixtures';

// web.md "Journeys", the manager's part on Which actions worked: the ranking over a date range
// and one report, each lift drawn with its 95 % interval and equal to the API's numbers (negative
// in red, "not enough data yet" for a small sample), and a table downloaded as CSV with the same
// figures. Outcomes are seeded as the follow-up tests do (FollowUpKit: recipients, enrollments,
// touches and visits with known times), then judged by the real conversion pass.
jest.setTimeout(120_000);

const RANGE = { from: '2026-08-25', to: '2026-09-30' };
/** The page's lift text: percentage points, 2 decimals, signed (en-GB). */
const pts = (share: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(share * 100);

interface Lift {
  estimate: number;
  lower: number;
  upper: number;
  negative: boolean;
  smallSample: boolean;
}

describe('browser: which actions worked', () => {
  let stack: WebStack;
  let businessId: string;
  let apiKey: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startWebStack();
    ({ businessId, apiKey } = await newBusiness(stack.app.ds, { name: 'Southside Gym' }));
    const kit = new FollowUpKit(stack.app.ds, businessId);
    // "Win-back": 120 contacted of whom 48 came back within 14 days, 40 held out of whom 8 did
    // "Discount blast": 40 contacted (6 back) against 40 held out (14 back): a negative lift
    // "Door greeting" automation: 8 runs, 3 held out: too small for an interval to mean much
    const keys = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const groups = { wc: keys('wc', 120), wh: keys('wh', 40), dc: keys('dc', 40), dh: keys('dh', 40), ac: keys('ac', 5), ah: keys('ah', 3) };
    const cid = await kit.clients(Object.values(groups).flat());
    ids.winback = await kit.campaign({ name: 'Win-back', holdoutPercent: 25, steps: [{ key: 'email', channel: 'email', variants: ['A', 'B'] }] });
    await kit.recipients(ids.winback, [...groups.wc.map((k) => ({ client: cid[k] })), ...groups.wh.map((k) => ({ client: cid[k], holdout: true }))]);
    // engagement beside conversion: 30 of the 120 emails clicked (one of them twice), 10 of the 40 SMS answered
    for (const [i, k] of groups.wc.entries()) {
      const touch = await kit.touch({ client: cid[k], campaignId: ids.winback, stepKey: 'email', variant: i % 2 ? 'B' : 'A' });
      for (let n = 0; n < (i < 30 ? (i === 0 ? 2 : 1) : 0); n++)
        await stack.app.ds.query(`INSERT INTO touch_click (business_id, touch_id, client_id, url) VALUES ($1, $2, $3, 'https://southside.example/book')`, [businessId, touch, cid[k]]);
    }
    ids.blast = await kit.campaign({ name: 'Discount blast', holdoutPercent: 50, steps: [{ key: 'sms', channel: 'sms' }] });
    await kit.recipients(ids.blast, [...groups.dc.map((k) => ({ client: cid[k] })), ...groups.dh.map((k) => ({ client: cid[k], holdout: true }))]);
    for (const [i, k] of groups.dc.entries()) {
      const touch = await kit.touch({ client: cid[k], campaignId: ids.blast, stepKey: 'sms', channel: 'sms', variant: 'A', deliveredAt: '2026-09-01T08:06:00Z' });
      if (i < 10) await stack.app.ds.query(`UPDATE touch SET status = 'replied', replied_at = '2026-09-01T12:00:00Z' WHERE id = $1`, [touch]);
    }
    ids.door = await kit.automation({ name: 'Door greeting', holdoutPercent: 30 });
    for (const k of groups.ac) await kit.enrollment(ids.door, cid[k], { steps: [[0, 'email']] });
    for (const k of groups.ah) await kit.enrollment(ids.door, cid[k], { holdout: true, steps: [[0, 'email']] });
    // returns within the window (day 3 after selection), and one too late (day 20) that never counts
    const back = (list: string[], n: number, day = '2026-09-04T10:00:00Z') => list.slice(0, n).map((k) => [k, day] as [string, string]);
    await kit.visits([...back(groups.wc, 48), ...back(groups.wh, 8), ...back(groups.dc, 6), ...back(groups.dh, 14), ...back(groups.ac, 2), ...back(groups.ah, 1), ['wc119', '2026-09-21T10:00:00Z']]);
    // the staff task report: Sam called three members of the automation (two of them came back, above)
    const staff = await seedStaff(stack.app.ds, businessId, [{ key: 'sam', firstName: 'Sam', lastName: 'Desk' }]);
    for (const k of ['ac0', 'ac1', 'ac4']) {
      const task = await kit.task({ client: cid[k], origin: `automation:${ids.door}:step:call`, createdAt: '2026-09-01T09:00:00Z', completedAt: '2026-09-02T12:00:00Z', outcome: 'reached' });
      await stack.app.ds.query(`UPDATE staff_task SET assignee_staff_id = $1 WHERE id = $2`, [staff.sam, task]);
    }
    await request(stack.app.url).post('/api/v1/follow-up/recompute').set('Authorization', `Bearer ${apiKey}`).expect(200);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('should show a manager the ranking and a report with the intervals the API computed, and download a table as CSV', async () => {
    const manager = await seedUser(stack.app, { businessId, role: 'manager', name: 'Maja Manager' });
    const { context, page } = await newPage(stack);
    await journey('reports-manager', page, async () => {
      await signIn(page, manager.email, manager.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Which actions worked' }).click();
      await page.getByRole('heading', { level: 1, name: 'Which actions worked' }).waitFor();
      // the date range, chosen in the form, lands in the URL
      await page.getByRole('textbox', { name: 'From', exact: true }).fill(RANGE.from);
      await page.getByRole('textbox', { name: 'To', exact: true }).fill(RANGE.to);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((u) => u.searchParams.get('from') === RANGE.from && u.searchParams.get('to') === RANGE.to);
      await page.getByTestId('reports-range').getByText('25 Aug 2026').waitFor();

      const api = await (await page.request.get(`/api/v1/reports/actions?from=${RANGE.from}&to=${RANGE.to}`)).json();
      expect(api.overall.map((a: { name: string }) => a.name)).toEqual(['Win-back', 'Discount blast', 'Door greeting']);
      const [winback, blast, door] = api.overall as Array<{ id: string; name: string; lift: Lift; converted: number; contacted: number; controlConverted: number; control: number }>;
      expect([winback.converted, winback.contacted, winback.controlConverted, winback.control]).toEqual([48, 120, 8, 40]);
      expect(winback.lift).toMatchObject({ negative: false, smallSample: false });
      expect(blast.lift).toMatchObject({ negative: true, smallSample: false });
      expect(door.lift).toMatchObject({ smallSample: true });

      // each row, in the API's order, draws the API's interval and prints its numbers
      const rows = page.getByTestId('ranking').getByTestId('ranking-row');
      await rows.nth(2).waitFor();
      expect(await rows.count()).toBe(3);
      for (const [i, a] of api.overall.entries()) {
        const row = rows.nth(i);
        expect(await row.getByRole('link').first().innerText()).toBe(a.name);
        const lift = row.getByTestId('ranking-lift');
        expect({
          name: a.name,
          estimate: Number(await lift.getAttribute('data-estimate')),
          lower: Number(await lift.getAttribute('data-lower')),
          upper: Number(await lift.getAttribute('data-upper')),
        }).toEqual({
          name: a.name,
          estimate: a.lift.estimate,
          lower: a.lift.lower,
          upper: a.lift.upper,
        });
        expect(await lift.locator('[data-part="numbers"]').innerText()).toBe(`${pts(a.lift.estimate)} [${pts(a.lift.lower)}, ${pts(a.lift.upper)}]`);
        await lift.getByRole('img', { name: `Lift ${pts(a.lift.estimate)} percentage points, 95 % interval from ${pts(a.lift.lower)} to ${pts(a.lift.upper)}` }).waitFor();
        expect(await row.locator('[data-part="contacted"]').innerText()).toContain(`${a.converted} of ${a.contacted}`);
        expect(await row.locator('[data-part="control"]').innerText()).toContain(`${a.controlConverted} of ${a.control}`);
        // clicks and replies beside conversion, as the API counts them
        const e = (a as unknown as { engagement: { delivered: number; clicked: number } }).engagement;
        expect(await row.locator('[data-part="engagement"]').innerText()).toContain(e.delivered ? `${e.clicked} of ${e.delivered} delivered clicked` : 'no message delivered');
      }
      expect(api.overall.map((a: { engagement: object }) => a.engagement)).toEqual([
        expect.objectContaining({ delivered: 120, clicked: 30, clickThroughRate: 0.25, replyRate: null }),
        expect.objectContaining({ delivered: 40, clicked: 0, clickThroughRate: 0, smsDelivered: 40, replied: 10, replyRate: 0.25 }),
        expect.objectContaining({ delivered: 0, clickThroughRate: null, replyRate: null }),
      ]);
      expect(await rows.nth(0).locator('[data-part="ctr"]').innerText()).toMatch(/^25(?:[.,]0+)?\s?%$/);
      expect(await rows.nth(1).locator('[data-part="reply"]').innerText()).toMatch(/^replies: 25(?:[.,]0+)?\s?% \(10 of 40 SMS\)$/);
      // nothing delivered: a dash, not a division by zero
      expect(await rows.nth(2).locator('[data-part="ctr"]').innerText()).toBe('–');
      // the channels table carries each channel's clicks as the API counts them
      const labels: Record<string, string> = { email: 'Email', sms: 'SMS' };
      const messaging = (api.channels as Array<{ channel: string; engagement: { delivered: number; clicked: number } }>).filter((c) => labels[c.channel]);
      expect(messaging.length).toBeGreaterThan(0);
      for (const c of messaging) {
        const row = page
          .getByTestId('channels')
          .getByRole('row')
          .filter({ has: page.getByRole('cell', { name: labels[c.channel], exact: true }) });
        expect(await row.locator('[data-part="engagement"]').innerText()).toContain(
          c.engagement.delivered ? `${c.engagement.clicked} of ${c.engagement.delivered} delivered clicked` : 'no message delivered',
        );
      }
      // the interval bar is drawn where the numbers say: the estimate's dot sits between its ends
      const box = async (i: number, part: string) => (await rows.nth(i).getByTestId('ranking-lift').locator(`[data-part="${part}"]`).boundingBox())!;
      const bar = await box(0, 'interval');
      const dot = await box(0, 'estimate');
      expect(dot.x + dot.width / 2).toBeGreaterThan(bar.x);
      expect(dot.x + dot.width / 2).toBeLessThan(bar.x + bar.width);
      // negative in red, the small sample says so
      const red = await rows
        .nth(1)
        .getByTestId('ranking-lift')
        .locator('[data-part="estimate"]')
        .evaluate((el) => getComputedStyle(el).fill);
      const blue = await rows
        .nth(0)
        .getByTestId('ranking-lift')
        .locator('[data-part="estimate"]')
        .evaluate((el) => getComputedStyle(el).fill);
      expect(red).not.toBe(blue);
      expect(red).toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
      const [r, g, b] = red.match(/\d+/g)!.map(Number);
      expect(r).toBeGreaterThan(g + 60);
      expect(r).toBeGreaterThan(b + 60);
      await rows.nth(2).getByText('Not enough data yet').waitFor();
      expect(await rows.nth(0).getByText('Not enough data yet').count()).toBe(0);

      // the staff task report, as the API counts it
      const sam = api.staffTasks.staff.find((x: { staff: { firstName: string } | null }) => x.staff?.firstName === 'Sam');
      expect(sam).toMatchObject({ doneByStaff: 3 });
      const samRow = page.getByTestId('staff-tasks').getByRole('row', { name: /Sam Desk/ });
      expect(await samRow.innerText()).toContain(`${sam.ledToReturn} of ${sam.doneByStaff}`);

      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'reports-ranking');
      // on a phone the tables scroll sideways; the plot keeps its numbers beside it
      await page.setViewportSize(PHONE);
      await snapshot(page, 'reports-ranking-phone');
      await page.setViewportSize(DESKTOP);

      // the ranking as CSV: the same rows and the API's unrounded figures
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Ranking as CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`which-actions-worked-${RANGE.from}-${RANGE.to}.csv`);
      const csv = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\r\n');
      const header = csv[0].split(',');
      const lines = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
      expect(lines.map((l) => [l.rank, l.name, l.contacted, l.converted, l.control, l.control_converted, l.lift, l.lift_lower_95, l.lift_upper_95, l.small_sample])).toEqual(
        api.overall.map((a: { rank: number; name: string; contacted: number; converted: number; control: number; controlConverted: number; lift: Lift }) => [
          String(a.rank),
          a.name,
          String(a.contacted),
          String(a.converted),
          String(a.control),
          String(a.controlConverted),
          String(a.lift.estimate),
          String(a.lift.lower),
          String(a.lift.upper),
          String(a.lift.smallSample),
        ]),
      );

      // one report: contacted against control, per step, variant and channel
      await rows.nth(0).getByRole('link', { name: 'Win-back' }).click();
      await page.getByRole('heading', { level: 1, name: 'Win-back' }).waitFor();
      const rep = await (await page.request.get(`/api/v1/reports/campaigns/${ids.winback}`)).json();
      const summary = page.getByTestId('summary').getByTestId('summary-lift');
      expect(Number(await summary.getAttribute('data-estimate'))).toBe(rep.lift.estimate);
      expect(await summary.locator('[data-part="numbers"]').innerText()).toBe(`${pts(rep.lift.estimate)} [${pts(rep.lift.lower)}, ${pts(rep.lift.upper)}]`);
      expect(rep.medianDaysToReturn).toBe(3);
      expect(await page.getByTestId('median-days').locator('[data-part="value"]').innerText()).toBe('3');
      const variants = page.getByTestId('variants').getByTestId('variants-row');
      expect(await variants.count()).toBe(2);
      for (const [i, v] of rep.steps[0].variants.entries()) {
        expect(Number(await variants.nth(i).getByTestId('variants-lift').getAttribute('data-estimate'))).toBe(v.lift.estimate);
      }
      expect(await page.getByTestId('source-channels').getByTestId('source-channels-row').count()).toBe(rep.channels.length);
      expect(rep.engagement).toMatchObject({ delivered: 120, clicked: 30, clickThroughRate: 0.25 });
      expect(await page.getByTestId('source-channels').locator('[data-part="engagement"]').first().innerText()).toContain('30 of 120 delivered clicked');
      expect(await axeViolations(page)).toEqual([]);
      await snapshot(page, 'reports-campaign');

      // the automation's small sample reads as such on its own report too
      await page.goto(`/reports/automations/${ids.door}`);
      await page.getByRole('heading', { level: 1, name: 'Door greeting' }).waitFor();
      await page.getByTestId('summary').getByText('Not enough data yet').waitFor();
      expect(pageErrors(page)).toEqual([]);
    });
    await context.close();
  });
});
