import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { FollowUpKit } from '../integration/follow-up/follow-up-fixtures';

// Click-through and reply rates beside conversion (docs/follow-up.md "Engagement"): a touch is
// clicked when its member clicked one of its links (however many times), a reply counts within
// the goal's window after the send, rates are null when nothing was delivered, and clicks of
// another campaign or recorded for another business never count.
describe('follow-up reports: engagement', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let kit: FollowUpKit;
  let ids: Record<string, string>;
  let c1: string;
  let c2: string;
  let c3: string;
  let auto: string;
  const touches: Record<string, string> = {};
  const get = (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${a.apiKey}`).expect(200);
  const click = (businessId: string, touchId: string, client: string, url = 'https://gym.example/book') =>
    app.ds.query(`INSERT INTO touch_click (business_id, touch_id, client_id, url, at) VALUES ($1, $2, $3, $4, '2026-09-01T09:00:00Z')`, [businessId, touchId, client, url]);
  const reply = (touchId: string, at: string) => app.ds.query(`UPDATE touch SET status = 'replied', replied_at = $2 WHERE id = $1`, [touchId, at]);
  const delivered = '2026-09-01T08:06:00Z';

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { name: 'A' });
    b = await newBusiness(app.ds, { name: 'B' });
    // opens count only with the pixel on (the default); A starts with it off, a test below turns it on
    await app.ds.query(`UPDATE business SET settings = jsonb_set(settings, '{messaging}', COALESCE(settings -> 'messaging', '{}') || '{"openPixel": false}') WHERE id = $1`, [a.businessId]);
    kit = new FollowUpKit(app.ds, a.businessId);
    ids = await kit.clients(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    c1 = await kit.campaign({
      name: 'Engaged',
      steps: [
        { key: 'mail', channel: 'email', variants: ['A', 'B'] },
        { key: 'text', channel: 'sms' },
      ],
    });
    await kit.recipients(c1, [{ client: ids.m1 }, { client: ids.m2 }, { client: ids.m3 }, { client: ids.m4 }, { client: ids.m5 }, { client: ids.m6, holdout: true }]);
    const t = (key: string, client: string, step: string, o: { channel?: string; variant?: string; status?: string; deliveredAt?: string | null; campaignId?: string } = {}) =>
      kit
        .touch({
          client: ids[client],
          campaignId: o.campaignId ?? c1,
          stepKey: step,
          channel: o.channel ?? 'email',
          variant: o.variant ?? null,
          status: o.status,
          deliveredAt: o.deliveredAt === undefined ? delivered : o.deliveredAt,
        })
        .then((id) => (touches[key] = id));
    await t('m1.mail', 'm1', 'mail', { variant: 'A' });
    await t('m2.mail', 'm2', 'mail', { variant: 'A' });
    // email has no delivery receipts: sent and not failed is delivered for engagement
    await t('m3.mail', 'm3', 'mail', { variant: 'B', deliveredAt: null });
    await t('m4.mail', 'm4', 'mail', { variant: 'B', status: 'failed', deliveredAt: null });
    for (const m of ['m1', 'm2', 'm3', 'm5']) await t(`${m}.text`, m, 'text', { channel: 'sms' });

    // m1 clicks two links of its email, then again: one clicked message
    await click(a.businessId, touches['m1.mail'], ids.m1);
    await click(a.businessId, touches['m1.mail'], ids.m1, 'https://gym.example/other');
    await click(a.businessId, touches['m1.mail'], ids.m1);
    await click(a.businessId, touches['m3.mail'], ids.m3);
    await click(a.businessId, touches['m5.text'], ids.m5);
    // a click row recorded for another business on m2's email: not A's click
    await click(b.businessId, touches['m2.mail'], ids.m2);
    // m1 replies a day after the SMS (counted); m2 replies 20 days after (outside the 14-day window)
    await reply(touches['m1.text'], '2026-09-02T08:05:00Z');
    await reply(touches['m2.text'], '2026-09-21T08:05:00Z');

    // another campaign: m2 clicked its email; that click is not c1's
    c2 = await kit.campaign({ name: 'Other' });
    await kit.recipients(c2, [{ client: ids.m2 }]);
    await t('m2.c2', 'm2', 'email', { campaignId: c2 });
    await click(a.businessId, touches['m2.c2'], ids.m2);

    // nothing delivered: rates are null, not a division by zero
    c3 = await kit.campaign({ name: 'Undelivered', steps: [{ key: 'text', channel: 'sms' }] });
    await kit.recipients(c3, [{ client: ids.m4 }]);
    await t('m4.c3', 'm4', 'text', { campaignId: c3, channel: 'sms', status: 'queued', deliveredAt: null });

    // an automation whose SMS the member answered
    auto = await kit.automation({ name: 'Texted', steps: [{ key: 'nudge', type: 'send', channel: 'sms', variants: [{ key: 'A', weight: 1, template: {} }] }] });
    await kit.enrollment(auto, ids.m5, { steps: [[0, 'nudge']] });
    touches['m5.auto'] = await kit.touch({ client: ids.m5, automationId: auto, stepKey: 'nudge', channel: 'sms', deliveredAt: delivered });
    await reply(touches['m5.auto'], '2026-09-01T20:00:00Z');
  }, 30_000);
  afterAll(() => app.close());

  it('should count clicks, replies and rates overall, per step, variant and channel of a campaign', async () => {
    const r = (await get(`/api/v1/reports/campaigns/${c1}`)).body;
    // 3 emails + 4 SMS delivered; clicked: m1's and m3's email, m5's SMS
    expect(r.engagement).toEqual({
      delivered: 7,
      clicked: 3,
      clickThroughRate: 0.4286,
      smsDelivered: 4,
      replied: 1,
      replyRate: 0.25,
      emailDelivered: 3,
      opened: null,
      openRate: null,
    });
    const step = (key: string) => r.steps.find((s: { key: string }) => s.key === key);
    expect(step('mail').engagement).toMatchObject({ delivered: 3, clicked: 2, clickThroughRate: 0.6667, smsDelivered: 0, replied: 0, replyRate: null });
    expect(step('mail').variants.map((v: { key: string; engagement: object }) => [v.key, v.engagement])).toEqual([
      ['A', expect.objectContaining({ delivered: 2, clicked: 1, clickThroughRate: 0.5 })],
      ['B', expect.objectContaining({ delivered: 1, clicked: 1, clickThroughRate: 1 })],
    ]);
    expect(step('text').engagement).toMatchObject({ delivered: 4, clicked: 1, clickThroughRate: 0.25, smsDelivered: 4, replied: 1, replyRate: 0.25, emailDelivered: 0 });
    expect(r.channels.map((c: { channel: string; engagement: { clickThroughRate: number; replyRate: number | null } }) => [c.channel, c.engagement.clickThroughRate, c.engagement.replyRate])).toEqual([
      ['email', 0.6667, null],
      ['sms', 0.25, 0.25],
    ]);
    // conversion sits beside it, unchanged
    expect(r).toMatchObject({ contacted: 5, control: 1, touches: { sent: 8, delivered: 6, failed: 1 } });
  });

  it('should answer null rates for a campaign with nothing delivered, and count an automation reply', async () => {
    const none = (await get(`/api/v1/reports/campaigns/${c3}`)).body;
    expect(none.engagement).toEqual({ delivered: 0, clicked: 0, clickThroughRate: null, smsDelivered: 0, replied: 0, replyRate: null, emailDelivered: 0, opened: null, openRate: null });
    expect(none.steps[0].engagement.clickThroughRate).toBeNull();
    const other = (await get(`/api/v1/reports/campaigns/${c2}`)).body;
    expect(other.engagement).toMatchObject({ delivered: 1, clicked: 1, clickThroughRate: 1 });
    const au = (await get(`/api/v1/reports/automations/${auto}`)).body;
    expect(au.engagement).toMatchObject({ delivered: 1, clicked: 0, clickThroughRate: 0, smsDelivered: 1, replied: 1, replyRate: 1 });
    expect(au.steps[0].engagement).toMatchObject({ replied: 1, replyRate: 1 });
  });

  it('should rank with the same engagement and sum it per channel', async () => {
    const r = (await get('/api/v1/reports/actions?from=2026-09-01&to=2026-09-30')).body;
    const byName = (n: string) => r.overall.find((x: { name: string }) => x.name === n);
    expect(byName('Engaged').engagement).toMatchObject({ delivered: 7, clicked: 3, clickThroughRate: 0.4286, replied: 1, replyRate: 0.25 });
    expect(byName('Undelivered').engagement).toMatchObject({ delivered: 0, clickThroughRate: null, replyRate: null });
    expect(byName('Texted').engagement).toMatchObject({ smsDelivered: 1, replied: 1 });
    const ch = (c: string) => r.channels.find((x: { channel: string }) => x.channel === c).engagement;
    // email: c1's 3 + c2's 1, clicked m1, m3 (c1) and m2 (c2); sms: c1's 4 + the automation's 1
    expect(ch('email')).toMatchObject({ delivered: 4, clicked: 3, clickThroughRate: 0.75 });
    expect(ch('sms')).toMatchObject({ delivered: 5, clicked: 1, clickThroughRate: 0.2, smsDelivered: 5, replied: 2, replyRate: 0.4 });
    // B sees none of it
    const theirs = (await request(app.url).get('/api/v1/reports/actions?from=2026-09-01&to=2026-09-30').set('Authorization', `Bearer ${b.apiKey}`).expect(200)).body;
    expect(theirs.channels).toEqual([]);
  });

  it('should count the clicks and replies of reconnect messages in its report and in the ranking', async () => {
    const [batch] = await app.ds.query(`INSERT INTO reconnect_batch (business_id, service_category, channel) VALUES ($1, 'Massage', 'both') RETURNING id::text`, [a.businessId]);
    const contact = (client: string, state: string) =>
      app.ds.query(
        `INSERT INTO reconnect_contact (business_id, batch_id, client_id, service_category, state, first_sent_at, window_days, open)
         VALUES ($1, $2, $3, 'Massage', $4, '2026-09-01T08:05:00Z', 30, true)`,
        [a.businessId, batch.id, ids[client], state],
      );
    await contact('m1', 'contacted');
    await contact('m2', 'contacted');
    await contact('m3', 'holdout');
    const sms = await kit.touch({ client: ids.m1, stepKey: 'first', channel: 'sms', origin: `reconnect:${batch.id}:first`, deliveredAt: delivered });
    await reply(sms, '2026-09-03T08:00:00Z');
    const mail = await kit.touch({ client: ids.m2, stepKey: 'first', channel: 'email', origin: `reconnect:${batch.id}:first` });
    await click(a.businessId, mail, ids.m2);
    const want = { delivered: 2, clicked: 1, clickThroughRate: 0.5, smsDelivered: 1, replied: 1, replyRate: 1 };
    const report = (await get('/api/v1/reconnect/report')).body;
    expect(report.categories.map((c: { serviceCategory: string; engagement: object }) => [c.serviceCategory, c.engagement])).toEqual([['Massage', want]]);
    expect(report.overall.engagement).toEqual(want);
    const ranked = (await get('/api/v1/reports/actions?from=2026-09-01&to=2026-09-30')).body.overall.find((x: { kind: string }) => x.kind === 'reconnect');
    expect(ranked).toMatchObject({ name: 'Reconnect: Massage', engagement: want });
  });

  it('should show opens, labelled as reported by mail clients, once the open pixel is on', async () => {
    await app.ds.query(`UPDATE business SET settings = jsonb_set(settings, '{messaging}', COALESCE(settings -> 'messaging', '{}') || '{"openPixel": true}') WHERE id = $1`, [a.businessId]);
    expect((await get(`/api/v1/reports/campaigns/${c1}`)).body.engagement).toMatchObject({ emailDelivered: 3, opened: 0, openRate: 0 });
    await app.ds.query(`INSERT INTO touch_open (business_id, touch_id, client_id) VALUES ($1, $2, $3), ($4, $5, $6)`, [
      a.businessId,
      touches['m1.mail'],
      ids.m1,
      b.businessId,
      touches['m2.mail'],
      ids.m2,
    ]);
    const r = (await get(`/api/v1/reports/campaigns/${c1}`)).body;
    expect(r.engagement).toMatchObject({ opened: 1, openRate: 0.3333 });
    expect(r.steps.find((s: { key: string }) => s.key === 'text').engagement).toMatchObject({ emailDelivered: 0, opened: 0, openRate: null });
  });
});
