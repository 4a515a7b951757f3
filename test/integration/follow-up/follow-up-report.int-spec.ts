import { Principal } from '../../../src/auth/principal';
import { ConversionRepository } from '../../../src/follow-up/attribution/conversion.repository';
import { ActionsReportRepository } from '../../../src/follow-up/reports/actions-report.repository';
import { ActionsReportService } from '../../../src/follow-up/reports/actions-report.service';
import { ReconnectRankingRepository } from '../../../src/follow-up/reports/reconnect-ranking.repository';
import { SourceReportRepository } from '../../../src/follow-up/reports/source-report.repository';
import { SourceReportService } from '../../../src/follow-up/reports/source-report.service';
import { TasksReportRepository } from '../../../src/tasks/tasks-report.repository';
import { newBusiness } from '../../support/factories';
import { seedStaff } from '../../support/tasks-fixtures';
import { createTestDb, TestDb } from '../../support/test-db';
import { FollowUpKit } from './follow-up-fixtures';

// Every report figure on hand-built data with a known answer. Intervals are Newcombe's hybrid
// score interval (its implementation is checked against the published values in lift.spec.ts).
//
// Campaign R (visit within 14 days), exposed 2026-09-01 08:00Z: contacted c0..c39, control h0..h29.
//   email step, variants A (c0..c19) and B (c20..c39); sms step.
//   converters: A c0..c9, B c20..c25 (days 1,1,2,2,2,3,3,4,5,5 | 6,7,8,10,12,14); control h0..h5 (2,6,9,13,13,14)
//   email: c18, c19 blocked; c39 failed before sending; the rest sent 1 Sep 08:05Z
//   sms (sent 2 Sep 08:00Z): delivered c0..c24, c26..c30; sent c31..c35; failed after sending c25, c36, c37; queued c38, c39
//   subscriptions on the conversion day: c0 60000/month, c20 30000/month, c5 2000 per 7 days (8857/month); h0 50000
describe('follow-up reports (hand-built)', () => {
  let db: TestDb;
  let kit: FollowUpKit;
  let ids: Record<string, string>;
  let principal: Principal;
  let sources: SourceReportService;
  let actions: ActionsReportService;
  const campaigns: Record<string, string> = {};
  let automationId: string;
  const NOW = new Date('2026-10-20T00:00:00Z');
  const at = (day: number) => new Date(Date.UTC(2026, 8, 1 + day, 10)).toISOString();
  const c = (i: number) => `c${i}`;
  const h = (i: number) => `h${i}`;
  const range = (n: number, f: (i: number) => string, from = 0) => Array.from({ length: n - from }, (_, i) => f(i + from));

  beforeAll(async () => {
    db = await createTestDb();
    const biz = await newBusiness(db.ds);
    kit = new FollowUpKit(db.ds, biz.businessId);
    principal = { businessId: biz.businessId, role: 'manager', kind: 'api_key', keyId: '00000000-0000-0000-0000-000000000000', userId: null, staffId: null };
    const conversions = new ConversionRepository(db.ds);
    sources = new SourceReportService(new SourceReportRepository(db.ds), conversions);
    actions = new ActionsReportService(new ActionsReportRepository(db.ds), conversions, new TasksReportRepository(db.ds), new ReconnectRankingRepository(db.ds));
    const names = [
      ...range(40, c),
      ...range(30, h),
      ...range(150, (i) => `q${i}`),
      ...range(10, (i) => `n${i}`),
      ...range(20, (i) => `s${i}`),
      ...range(100, (i) => `u${i}`),
      ...range(8, (i) => `w${i}`),
      'old',
      'staffed',
    ];
    ids = await kit.clients(names);
    const visits: Array<[string, string]> = [];

    // R
    campaigns.R = await kit.campaign({
      name: 'R',
      steps: [
        { key: 'email', channel: 'email', variants: ['A', 'B'] },
        { key: 'sms', channel: 'sms' },
      ],
      holdoutPercent: 40,
    });
    await kit.recipients(campaigns.R, [...range(40, c).map((k) => ({ client: ids[k] })), ...range(30, h).map((k) => ({ client: ids[k], holdout: true }))]);
    const days = [1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 10, 12, 14];
    [...range(10, c), ...range(26, c, 20)].forEach((k, i) => visits.push([k, at(days[i])]));
    [2, 6, 9, 13, 13, 14].forEach((d, i) => visits.push([h(i), at(d)]));
    for (let i = 0; i < 40; i++) {
      const email = i === 18 || i === 19 ? { status: 'blocked' } : i === 39 ? { status: 'failed', sentAt: null } : {};
      await kit.touch({ client: ids[c(i)], campaignId: campaigns.R, stepKey: 'email', variant: i < 20 ? 'A' : 'B', ...email });
      const sms =
        i <= 30 && i !== 25 ? { deliveredAt: '2026-09-02T08:00:05Z' } : i <= 35 && i !== 25 ? {} : i === 25 || i === 36 || i === 37 ? { status: 'failed' } : { status: 'queued', sentAt: null };
      await kit.touch({ client: ids[c(i)], campaignId: campaigns.R, stepKey: 'sms', channel: 'sms', sentAt: '2026-09-02T08:00:00Z', ...sms });
    }
    await kit.write({
      entity: 'subscriptions',
      records: [
        { externalId: 's-c0', clientExternalId: 'c0', startsOn: '2026-01-01', price: 60000, billed: true },
        { externalId: 's-c20', clientExternalId: 'c20', startsOn: '2026-01-01', price: 30000, billed: true },
        { externalId: 's-c5', clientExternalId: 'c5', startsOn: '2026-01-01', price: 2000, billingUnit: 'day', billingInterval: 7, billed: true },
        { externalId: 's-h0', clientExternalId: 'h0', startsOn: '2026-01-01', price: 50000, billed: true },
      ],
    });

    // Q (sms only): 20/100 contacted vs 15/50 control returned
    campaigns.Q = await kit.campaign({ name: 'Q', steps: [{ key: 'sms', channel: 'sms' }], selectedAt: '2026-09-10T08:00:00Z' });
    await kit.recipients(
      campaigns.Q,
      range(150, (i) => `q${i}`).map((k, i) => ({ client: ids[k], holdout: i >= 100, at: '2026-09-10T08:00:00Z' })),
    );
    for (let i = 0; i < 100; i++) await kit.touch({ client: ids[`q${i}`], campaignId: campaigns.Q, stepKey: 'sms', channel: 'sms', sentAt: '2026-09-10T08:05:00Z' });
    [...range(20, (i) => `q${i}`), ...range(115, (i) => `q${i}`, 100)].forEach((k) => visits.push([k, at(12)]));

    // N (email, no holdout): 5/10
    campaigns.N = await kit.campaign({ name: 'N', holdoutPercent: 0 });
    await kit.recipients(
      campaigns.N,
      range(10, (i) => `n${i}`).map((k) => ({ client: ids[k] })),
    );
    range(5, (i) => `n${i}`).forEach((k) => visits.push([k, at(3)]));

    // S (email, small): 5/10 vs 1/10
    campaigns.S = await kit.campaign({ name: 'S' });
    await kit.recipients(
      campaigns.S,
      range(20, (i) => `s${i}`).map((k, i) => ({ client: ids[k], holdout: i >= 10 })),
    );
    [...range(5, (i) => `s${i}`), 's10'].forEach((k) => visits.push([k, at(3)]));

    // outside the range of the ranking: selected 1 August
    campaigns.old = await kit.campaign({ name: 'Old', selectedAt: '2026-08-01T08:00:00Z' });
    await kit.recipients(campaigns.old, [{ client: ids.old, at: '2026-08-01T08:00:00Z' }]);

    // automation (email only): 25/50 vs 10/50
    automationId = await kit.automation({ name: 'AU', steps: [{ key: 'email', type: 'send', channel: 'email', variants: [{ key: 'A', weight: 1, template: {} }] }] });
    for (let i = 0; i < 100; i++) await kit.enrollment(automationId, ids[`u${i}`], { holdout: i >= 50, steps: [[0, 'email']] });
    [...range(25, (i) => `u${i}`), ...range(60, (i) => `u${i}`, 50)].forEach((k) => visits.push([k, at(4)]));

    // a three-step automation: email, wait, call task. All runs reach the email; runs that did not
    // come back during the wait reach the call (contacted w0, w1; held out w4, w5, w6)
    campaigns.AU2 = await kit.automation({
      name: 'AU2',
      steps: [
        { key: 'email', type: 'send', channel: 'email', variants: [{ key: 'A', weight: 1, template: {} }] },
        { key: 'wait', type: 'wait', seconds: 3 * 86400 },
        { key: 'call', type: 'task', reason: 'Call' },
      ],
    });
    for (let i = 0; i < 8; i++) {
      const reachesCall = [0, 1, 4, 5, 6].includes(i);
      const enrollment = await kit.enrollment(campaigns.AU2, ids[`w${i}`], {
        holdout: i >= 4,
        steps: reachesCall
          ? [
              [0, 'email'],
              [1, 'wait'],
              [2, 'call'],
            ]
          : [
              [0, 'email'],
              [1, 'wait'],
            ],
      });
      if (i < 4) await kit.touch({ client: ids[`w${i}`], automationId: campaigns.AU2, stepKey: 'email' });
      if (i < 2) await kit.task({ client: ids[`w${i}`], origin: `automation:${campaigns.AU2}:step:call`, completedAt: i === 0 ? '2026-09-05T09:00:00Z' : null });
      expect(enrollment).toBeTruthy();
    }
    // w2, w3 (contacted) came back during the wait; w0 after the call; w7 (held out) during the wait
    visits.push(['w2', at(1)], ['w3', at(2)], ['w0', at(5)], ['w7', at(1)]);

    // a staff member's task (not from a campaign) that led to a return visit
    const staff = await seedStaff(db.ds, kit.businessId, [{ key: 'ann', firstName: 'Ann', lastName: 'Able' }]);
    await db.ds.query(
      `INSERT INTO staff_task (business_id, client_id, assignee_staff_id, reason, reason_key, due_on, due_at, state, outcome, created_by, origin, created_at, completed_at)
       VALUES ($1, $2, $3, 'Check in', 'check_in', '2026-09-03', '2026-09-03T22:00:00Z', 'done', 'reached', 'user', 'api_key:test', '2026-09-02T08:00:00Z', '2026-09-03T09:00:00Z')`,
      [kit.businessId, ids.staffed, staff.ann],
    );
    visits.push(['staffed', at(4)]);

    await kit.visits(visits);
    await new ConversionRepository(db.ds).pass(kit.businessId, 'visit', NOW, 7);
  });
  afterAll(() => db.drop());

  describe('campaign report', () => {
    it('should give every summary figure', async () => {
      const r = await sources.report(principal, 'campaign', campaigns.R, NOW);
      expect(r.source).toMatchObject({ kind: 'campaign', id: campaigns.R, name: 'R', goal: { kind: 'visit', withinDays: 14 }, holdoutPercent: 40 });
      expect(r).toMatchObject({
        provisional: false,
        openWindows: 0,
        targeted: 70,
        contacted: 40,
        control: 30,
        touches: { total: 80, sent: 75, delivered: 30, failed: 4, blocked: 2, pending: 2 },
        converted: 16,
        conversionRate: 0.4,
        controlConverted: 6,
        controlConversionRate: 0.2,
        lift: { estimate: 0.2, lower: -0.0204, upper: 0.3864, negative: false, significantlyNegative: false, significantlyPositive: false, smallSample: false },
        medianDaysToReturn: 4.5,
        controlMedianDaysToReturn: 11,
        retainedMonthlyRevenue: 98857,
        attribution: { convertedTouches: 31, creditedLast: 16, creditedFirst: 16 },
      });
      expect(r.method.interval).toMatch(/Newcombe/);
    });

    it('should give every figure per step and per variant, the variants compared with each other', async () => {
      const r = await sources.report(principal, 'campaign', campaigns.R, NOW);
      const [email, sms] = r.steps;
      expect(email).toMatchObject({
        key: 'email',
        channel: 'email',
        conditional: false,
        contacted: 40,
        control: 30,
        touches: { total: 40, sent: 37, delivered: 0, failed: 1, blocked: 2, pending: 0 },
        converted: 16,
        lift: { estimate: 0.2, lower: -0.0204, upper: 0.3864 },
        attribution: { convertedTouches: 16, creditedLast: 1, creditedFirst: 16 },
      });
      expect(email.variants.map((v) => v.key)).toEqual(['A', 'B']);
      expect(email.variants[0]).toMatchObject({
        contacted: 20,
        control: 30,
        converted: 10,
        conversionRate: 0.5,
        controlConversionRate: 0.2,
        lift: { estimate: 0.3, lower: 0.035, upper: 0.5265, significantlyPositive: true, smallSample: true },
        medianDaysToReturn: 2.5,
        retainedMonthlyRevenue: 68857,
        touches: { total: 20, sent: 18, blocked: 2, failed: 0 },
        attribution: { convertedTouches: 10, creditedLast: 0, creditedFirst: 10 },
        versusReference: null,
      });
      expect(email.variants[1]).toMatchObject({
        contacted: 20,
        converted: 6,
        conversionRate: 0.3,
        lift: { estimate: 0.1, lower: -0.132, upper: 0.3428 },
        medianDaysToReturn: 9,
        retainedMonthlyRevenue: 30000,
        touches: { total: 20, sent: 19, blocked: 0, failed: 1 },
        attribution: { convertedTouches: 6, creditedLast: 1, creditedFirst: 6 },
        versusReference: { reference: 'A', estimate: -0.2, lower: -0.4533, upper: 0.097 },
      });
      expect(sms).toMatchObject({
        key: 'sms',
        channel: 'sms',
        touches: { total: 40, sent: 38, delivered: 30, failed: 3, blocked: 0, pending: 2 },
        attribution: { convertedTouches: 15, creditedLast: 15, creditedFirst: 0 },
        variants: [],
      });
      expect(r.channels.map((ch) => [ch.channel, ch.contacted, ch.control, ch.converted, ch.touches.total])).toEqual([
        ['email', 40, 30, 16, 40],
        ['sms', 40, 30, 16, 40],
      ]);
    });

    it('should say the figures are provisional while windows are open', async () => {
      const r = await sources.report(principal, 'campaign', campaigns.R, new Date('2026-09-10T00:00:00Z'));
      expect(r).toMatchObject({ provisional: true, openWindows: 70 });
    });

    it('should flag a negative lift and show no lift without a control group', async () => {
      const q = await sources.report(principal, 'campaign', campaigns.Q, NOW);
      expect(q).toMatchObject({ contacted: 100, control: 50, converted: 20, controlConverted: 15, medianDaysToReturn: 3 });
      expect(q.lift).toEqual({ estimate: -0.1, lower: -0.2528, upper: 0.0406, negative: true, significantlyNegative: false, significantlyPositive: false, smallSample: false });
      const n = await sources.report(principal, 'campaign', campaigns.N, NOW);
      expect(n).toMatchObject({ contacted: 10, control: 0, converted: 5, conversionRate: 0.5, controlConversionRate: null, lift: null });
    });

    // a malformed id never reaches the service: the route's RowIdPipe answers it with the same 404
    // (test/e2e/follow-up-reports.e2e-spec.ts)
    it('should 404 for an unknown id and another business', async () => {
      await expect(sources.report(principal, 'campaign', '999999', NOW)).rejects.toMatchObject({ code: 'not_found' });
      const other = await newBusiness(db.ds);
      await expect(sources.report({ ...principal, businessId: other.businessId }, 'campaign', campaigns.R, NOW)).rejects.toMatchObject({ code: 'not_found' });
      await expect(sources.report({ ...principal, role: 'staff' }, 'campaign', campaigns.R, NOW)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('automation report', () => {
    it('should compare enrollments that reached each step, contacted and held out', async () => {
      const r = await sources.report(principal, 'automation', automationId, NOW);
      expect(r).toMatchObject({ targeted: 100, contacted: 50, control: 50, converted: 25, controlConverted: 10, lift: { estimate: 0.3, lower: 0.1134, upper: 0.4597 } });
      expect(r.steps).toHaveLength(1);
      expect(r.steps[0]).toMatchObject({ key: 'email', channel: 'email', conditional: false, contacted: 50, control: 50, converted: 25 });
    });
  });

  describe('automation steps', () => {
    it('should compare each step over the runs that reached it in both arms, and say when earlier steps acted first', async () => {
      const r = await sources.report(principal, 'automation', campaigns.AU2, NOW);
      expect(r).toMatchObject({ targeted: 8, contacted: 4, control: 4, converted: 3, controlConverted: 1 });
      const [email, call] = r.steps;
      expect(email).toMatchObject({ key: 'email', type: 'send', conditional: false, contacted: 4, control: 4, converted: 3, touches: { total: 4, sent: 4 } });
      expect(call).toMatchObject({
        key: 'call',
        type: 'task',
        channel: 'staff_task',
        conditional: true,
        contacted: 2,
        control: 3,
        converted: 1,
        controlConverted: 0,
        touches: { total: 2, sent: 1, delivered: 1, pending: 1 },
        attribution: { convertedTouches: 1, creditedLast: 1, creditedFirst: 0 },
      });
      expect(r.channels.map((ch) => [ch.channel, ch.contacted, ch.control])).toEqual([
        ['email', 4, 4],
        ['staff_task', 2, 3],
      ]);
    });
  });

  describe('which actions worked', () => {
    it('should rank by lift: reliable first, then small samples, then actions without a control group', async () => {
      const r = await actions.report(principal, { from: '2026-09-01', to: '2026-09-30' }, NOW);
      expect(r.overall.map((x) => [x.rank, x.kind, x.name, x.rankedBy, x.lift?.estimate ?? null])).toEqual([
        [1, 'automation', 'AU', 'lift', 0.3],
        [2, 'campaign', 'R', 'lift', 0.2],
        [3, 'campaign', 'Q', 'lift', -0.1],
        [4, 'automation', 'AU2', 'lift_small_sample', 0.5],
        [5, 'campaign', 'S', 'lift_small_sample', 0.4],
        [6, 'campaign', 'N', 'no_control', null],
      ]);
      const s = r.overall.find((x) => x.name === 'S')!;
      expect(s).toMatchObject({ contacted: 10, control: 10, converted: 5, controlConverted: 1, lift: { lower: -0.0024, upper: 0.6759, smallSample: true } });
      expect(r.overall.find((x) => x.name === 'R')).toMatchObject({ channels: ['email', 'sms'], contacted: 40, control: 30, attribution: { creditedLast: 16 } });
    });

    it('should rank per channel the actions that use that channel alone', async () => {
      const r = await actions.report(principal, { from: '2026-09-01', to: '2026-09-30' }, NOW);
      expect(Object.fromEntries(Object.entries(r.byChannel).map(([ch, rows]) => [ch, rows.map((x) => x.name)]))).toEqual({
        email: ['AU', 'S', 'N'],
        sms: ['Q'],
        staff_task: [],
      });
      expect(r.channels.find((ch) => ch.channel === 'sms')).toMatchObject({ actions: 2, touches: { total: 140, sent: 138, failed: 3 } });
    });

    it('should count only exposures in the range', async () => {
      const r = await actions.report(principal, { from: '2026-08-01', to: '2026-08-31' }, NOW);
      expect(r.overall.map((x) => [x.name, x.contacted])).toEqual([['Old', 1]]);
      const sept10 = await actions.report(principal, { from: '2026-09-10', to: '2026-09-10' }, NOW);
      expect(sept10.overall.map((x) => x.name)).toEqual(['Q']);
    });

    it('should include the staff task report: outcomes per staff member and returns', async () => {
      const r = await actions.report(principal, { from: '2026-09-01', to: '2026-09-30' }, NOW);
      const ann = r.staffTasks.staff.find((s) => s.staff?.firstName === 'Ann')!;
      expect(ann).toMatchObject({ done: 1, doneByStaff: 1, ledToReturn: 1, byOutcome: { reached: 1 } });
      // and AU2's call to w0 (unassigned), who came back the day after
      expect(r.staffTasks.staff.find((s) => s.staff === null)).toMatchObject({ doneByStaff: 1, ledToReturn: 1 });
      expect(r.staffTasks.totals).toMatchObject({ doneByStaff: 2, ledToReturn: 2, returnRate: 1 });
    });

    it('should refuse a bad range', async () => {
      await expect(actions.report(principal, { from: '2026-09-31', to: '2026-10-01' }, NOW)).rejects.toMatchObject({ code: 'invalid' });
      await expect(actions.report(principal, { from: '2026-10-02', to: '2026-10-01' }, NOW)).rejects.toMatchObject({ code: 'invalid' });
      await expect(actions.report(principal, { from: '2025-01-01', to: '2026-10-01' }, NOW)).rejects.toMatchObject({ code: 'invalid' });
    });
  });
});
