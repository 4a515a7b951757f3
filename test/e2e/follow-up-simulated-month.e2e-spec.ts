import request from 'supertest';
import { newBusiness } from '../support/factories';
import { prng } from '../support/prng';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// The simulated month (issue #6): a generated business run through the real paths (import API,
// saved segments, a campaign and an automation with holdouts, email through SMTP, visits through
// the import API, the debounced follow-up pass on the worker, the report API) where the true
// effect of each action is known because the generator decides who comes back:
//   control arms return within 14 days with p = 0.20; contacted clients of the "effect" campaign
//   and of the automation with p = 0.30 (true lift 0.10); contacted clients of the "placebo"
//   campaign with p = 0.20 (true lift 0).
// Everything is seeded (mulberry32) and the holdout split is a hash, so each run sees the same
// data. The sends happen now; the test then moves the business's exposures and touches 30 days
// into the past, as if the month had passed, and writes the month's visits.
describe('follow-up: the simulated month', () => {
  const SEED = 20261123;
  const TRUE_EFFECT = 0.1;
  let sink: SmtpSink;
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  const api = () => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${biz.apiKey}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${biz.apiKey}`).send(body),
    put: (path: string, body?: object) => request(app.url).put(path).set('Authorization', `Bearer ${biz.apiKey}`).send(body),
  });
  const ids: Record<string, string> = {};
  /** generated returners per source and arm: the answer the report must find */
  const truth: Record<string, { contacted: number; contactedReturned: number; control: number; controlReturned: number }> = {};
  const reports: Record<string, any> = {};

  beforeAll(async () => {
    sink = await startSmtpSink({ keep: false });
    app = await startTestApp({
      worker: true,
      env: {
        SMTP_URL: sink.url,
        SEGMENT_DEBOUNCE_SECONDS: '1',
        FOLLOW_UP_DEBOUNCE_SECONDS: '1',
        // only the data-driven pass runs here: no scheduled pass may land between the sends and the time shift
        FOLLOW_UP_CRON: '0 0 1 1 *',
      },
    });
    biz = await newBusiness(app.ds, { name: 'Simulated Gym', timezone: 'Europe/Stockholm' });
    await api().put('/api/v1/settings/messaging', { quietHours: null, frequencyCap: null }).expect(200);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it('should run a month of campaigns and an automation and measure what each one changed', async () => {
    const started = Date.now();
    const segment = async (name: string, type: string) => {
      const s = (
        await api()
          .post('/api/v1/segments', { name, conditions: { condition: 'customer_type', values: [type] } })
          .expect(201)
      ).body;
      await waitFor(async () => (await api().get(`/api/v1/segments/${s.id}`).expect(200)).body.evaluatedAt);
      return s.id as string;
    };
    const email = (key: string) => ({ key, channel: 'email', template: { subject: `${key} {{client.first_name}}`, text: 'We miss you {{unsubscribe_url}}' } });

    // segments first (empty), then the automation on its segment, then the clients: entering the
    // segment is the automation's trigger
    const effectSeg = await segment('Lapsed (effect)', 'effect');
    const placeboSeg = await segment('Lapsed (placebo)', 'placebo');
    const autoSeg = await segment('New lapsers', 'auto');
    const automation = (
      await api()
        .post('/api/v1/automations', {
          name: 'Lapsers: email',
          enabled: true,
          holdoutPercent: 50,
          goal: { kind: 'visit', withinDays: 14 },
          trigger: { kind: 'segment_entered', segmentId: autoSeg },
          steps: [{ key: 'nudge', type: 'send', channel: 'email', template: { subject: 'Nudge {{client.first_name}}', text: 'Come back {{unsubscribe_url}}' } }],
        })
        .expect(201)
    ).body;
    ids.automation = automation.id;

    const groups: Array<[string, number]> = [
      ['effect', 2000],
      ['placebo', 1000],
      ['auto', 1000],
    ];
    const clients = groups.flatMap(([type, n]) =>
      Array.from({ length: n }, (_, i) => ({ externalId: `${type}-${i}`, firstName: `${type} ${i}`, email: `${type}-${i}@example.test`, emailConsent: true, customerType: type })),
    );
    const imported = (await api().post('/api/v1/import/clients', clients).expect(200)).body;
    expect(imported.rejected).toEqual([]);

    ids.effect = (
      await api()
        .post('/api/v1/campaigns', { name: 'Win-back (effect)', segmentId: effectSeg, holdoutPercent: 40, steps: [email('winback')] })
        .expect(201)
    ).body.id;
    ids.placebo = (
      await api()
        .post('/api/v1/campaigns', { name: 'Newsletter (placebo)', segmentId: placeboSeg, holdoutPercent: 50, steps: [email('news')] })
        .expect(201)
    ).body.id;
    await api().post(`/api/v1/campaigns/${ids.effect}/send`).expect(202);
    await api().post(`/api/v1/campaigns/${ids.placebo}/send`).expect(202);

    // every send done: both campaigns sent, all 1000 automation runs finished, no touch on its way
    await waitFor(
      async () => {
        const [r] = await app.ds.query(
          `SELECT (SELECT count(*) FROM campaign WHERE business_id = $1 AND state = 'sent')::int AS sent,
                  (SELECT count(*) FROM automation_enrollment WHERE business_id = $1 AND state NOT IN ('active', 'waiting'))::int AS runs,
                  (SELECT count(*) FROM touch WHERE business_id = $1 AND status IN ('queued', 'deferred', 'sending'))::int AS pending,
                  (SELECT count(*) FROM touch WHERE business_id = $1)::int AS touches,
                  (SELECT count(*) FROM campaign_recipient WHERE business_id = $1 AND NOT holdout)::int AS contacted,
                  (SELECT count(*) FROM automation_enrollment WHERE business_id = $1 AND NOT holdout)::int AS enrolled`,
          [biz.businessId],
        );
        return r.sent === 2 && r.runs === 1000 && r.pending === 0 && r.touches === r.contacted + r.enrolled;
      },
      40_000,
      200,
    );
    const [{ sent }] = await app.ds.query(`SELECT count(*)::int AS sent FROM touch WHERE business_id = $1 AND status = 'sent'`, [biz.businessId]);
    expect(sink.count()).toBe(sent);

    // a month passes: the exposures and touches move 30 days into the past
    const shift = `interval '30 days'`;
    await app.ds.transaction(async (m) => {
      await m.query(`UPDATE campaign SET recipients_selected_at = recipients_selected_at - ${shift}, started_at = started_at - ${shift}, finished_at = finished_at - ${shift} WHERE business_id = $1`, [
        biz.businessId,
      ]);
      await m.query(`UPDATE campaign_recipient SET selected_at = selected_at - ${shift} WHERE business_id = $1`, [biz.businessId]);
      await m.query(
        `UPDATE touch SET queued_at = queued_at - ${shift}, due_at = due_at - ${shift}, claimed_at = claimed_at - ${shift}, sent_at = sent_at - ${shift},
                delivered_at = delivered_at - ${shift}, failed_at = failed_at - ${shift} WHERE business_id = $1`,
        [biz.businessId],
      );
      await m.query(`UPDATE automation_enrollment SET enrolled_at = enrolled_at - ${shift}, triggered_at = triggered_at - ${shift} WHERE business_id = $1`, [biz.businessId]);
      await m.query(`UPDATE automation_step_log SET at = at - ${shift} WHERE business_id = $1`, [biz.businessId]);
    });
    expect(await app.ds.query(`SELECT 1 FROM follow_up_run WHERE business_id = $1`, [biz.businessId])).toEqual([]);

    // the month's visits, decided by the generator per exposure
    const exposures: Array<{ source: string; external_id: string; holdout: boolean; at: Date }> = await app.ds.query(
      `SELECT CASE r.campaign_id WHEN $2::bigint THEN 'effect' ELSE 'placebo' END AS source, c.external_id, r.holdout, r.selected_at AS at
         FROM campaign_recipient r JOIN client c ON c.id = r.client_id WHERE r.business_id = $1
       UNION ALL
       SELECT 'automation', c.external_id, e.holdout, e.enrolled_at
         FROM automation_enrollment e JOIN client c ON c.id = e.client_id WHERE e.business_id = $1
       ORDER BY 1, 2`,
      [biz.businessId, ids.effect],
    );
    expect(exposures).toHaveLength(4000);
    const random = prng(SEED);
    const DAY = 86_400_000;
    const visits: Array<{ externalId: string; clientExternalId: string; visitedAt: string }> = [];
    const visit = (client: string, at: number) => visits.push({ externalId: `visit-${visits.length}`, clientExternalId: client, visitedAt: new Date(at).toISOString() });
    for (const x of exposures) {
      const t = truth[x.source] ?? (truth[x.source] = { contacted: 0, contactedReturned: 0, control: 0, controlReturned: 0 });
      const p = x.holdout || x.source === 'placebo' ? 0.2 : 0.2 + TRUE_EFFECT;
      const at = x.at.getTime();
      // earlier habits: a visit the week before never counts
      if (random() < 0.5) visit(x.external_id, at - (1 + random() * 6) * DAY);
      const returned = random() < p;
      if (returned) visit(x.external_id, at + 3_600_000 + random() * 12.5 * DAY);
      // some come back too late: day 16 or later is outside the 14-day window
      else if (random() < 0.3) visit(x.external_id, at + (15.5 + random() * 5) * DAY);
      if (x.holdout) {
        t.control++;
        if (returned) t.controlReturned++;
      } else {
        t.contacted++;
        if (returned) t.contactedReturned++;
      }
    }
    const since = new Date();
    const written = (await api().post('/api/v1/import/visits', visits).expect(200)).body;
    expect(written.rejected).toEqual([]);
    // the import queues a debounced follow-up pass for the business; the worker runs it
    await waitFor(async () => (await app.ds.query(`SELECT 1 FROM follow_up_run WHERE business_id = $1 AND last_run_at >= $2`, [biz.businessId, since])).length > 0, 20_000, 100);

    reports.effect = (await api().get(`/api/v1/reports/campaigns/${ids.effect}`).expect(200)).body;
    reports.placebo = (await api().get(`/api/v1/reports/campaigns/${ids.placebo}`).expect(200)).body;
    reports.automation = (await api().get(`/api/v1/reports/automations/${ids.automation}`).expect(200)).body;
    reports.actions = (await api().get(`/api/v1/reports/actions`).expect(200)).body;
    const line = (name: string, r: any, truthLift: number) =>
      `${name}: contacted ${r.converted}/${r.contacted} = ${r.conversionRate}, control ${r.controlConverted}/${r.control} = ${r.controlConversionRate}, ` +
      `true lift ${truthLift.toFixed(2)}, estimated ${r.lift.estimate} [${r.lift.lower}, ${r.lift.upper}]`;
    // the figures the brief asks to report
    // eslint-disable-next-line no-console
    console.log(
      [
        `simulated month (seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s):`,
        line('effect campaign', reports.effect, TRUE_EFFECT),
        line('automation', reports.automation, TRUE_EFFECT),
        line('placebo campaign', reports.placebo, 0),
      ].join('\n  '),
    );
  }, 90_000);

  it('should find exactly the returns the generator made, in both arms', () => {
    for (const name of ['effect', 'placebo', 'automation']) {
      const r = reports[name];
      const t = truth[name];
      expect([r.contacted, r.converted, r.control, r.controlConverted]).toEqual([t.contacted, t.contactedReturned, t.control, t.controlReturned]);
      expect(r.provisional).toBe(false);
      // the holdout is the share the action asked for
      expect(r.control / r.targeted).toBeCloseTo(name === 'effect' ? 0.4 : 0.5, 1);
    }
  });

  it('should recover a true lift of 0.10 inside its 95 % interval, and exclude zero', () => {
    for (const name of ['effect', 'automation']) {
      const { lift } = reports[name];
      expect(lift.lower).toBeLessThanOrEqual(TRUE_EFFECT);
      expect(lift.upper).toBeGreaterThanOrEqual(TRUE_EFFECT);
      expect(lift.lower).toBeGreaterThan(0);
      expect(lift).toMatchObject({ significantlyPositive: true, significantlyNegative: false, smallSample: false });
    }
  });

  it('should show an interval containing zero for an action without effect', () => {
    const { lift } = reports.placebo;
    expect(lift.lower).toBeLessThanOrEqual(0);
    expect(lift.upper).toBeGreaterThanOrEqual(0);
    expect(lift.significantlyPositive).toBe(false);
  });

  it('should rank the actions that worked above the one that did not', () => {
    const names = reports.actions.overall.map((x: { kind: string; id: string }) => `${x.kind}:${x.id}`);
    expect(names).toHaveLength(3);
    expect(names[2]).toBe(`campaign:${ids.placebo}`);
    expect(reports.actions.byChannel.email).toHaveLength(3);
  });
});
