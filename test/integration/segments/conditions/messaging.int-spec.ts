// Loading actions and tasks adds their conditions to the catalogue, as the composition root does.
import '../../../../src/actions';
import '../../../../src/tasks';
import { describeCatalogue } from '../../../../src/segments/conditions/catalogue';
import { validateTree } from '../../../../src/segments/compiler/validate-tree';
import { SegmentQueryRepository } from '../../../../src/segments/evaluation/segment-query.repository';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// The messaging conditions (docs/segments.md "Messaging") over touches, clicks, opens, the consent
// ledger, the sleeping flag, reached tasks and SMS replies. Today is 2026-03-20 in Stockholm
// (UTC+1), so "the last 7 days" starts at 2026-03-13T23:00:00Z: rows one second either side of
// that boundary are in and out. Rows of another business, even ones pointing at this business's
// clients, never count.
describe('messaging conditions', () => {
  let db: TestDb;
  let biz: string;
  let other: string;
  const ids: Record<string, string> = {};
  const today = '2026-03-20';
  const IN = '2026-03-13T23:00:00Z';
  const OUT = '2026-03-13T22:59:59Z';
  const week = { last: 7 };
  let seq = 0;

  async function touch(
    business: string,
    client: string,
    t: { channel?: string; status?: string; campaignId?: number; automationId?: number; claimedAt?: string; clickedAt?: string; openedAt?: string; repliedAt?: string },
  ) {
    const [row] = await db.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, campaign_id, automation_id, status, claimed_at, sent_at, clicked_at, opened_at, replied_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id::text`,
      [
        business,
        ids[client],
        t.channel ?? 'email',
        `test:${++seq}`,
        t.campaignId ?? null,
        t.automationId ?? null,
        t.status ?? 'delivered',
        t.claimedAt ?? IN,
        t.clickedAt ?? null,
        t.openedAt ?? null,
        t.repliedAt ?? null,
      ],
    );
    return row.id as string;
  }
  const click = (business: string, touchId: string, client: string, at: string) =>
    db.ds.query(`INSERT INTO touch_click (business_id, touch_id, client_id, url, at) VALUES ($1, $2, $3, 'https://x.test', $4)`, [business, touchId, ids[client], at]);
  const open = (business: string, touchId: string, client: string, at: string) =>
    db.ds.query(`INSERT INTO touch_open (business_id, touch_id, client_id, at) VALUES ($1, $2, $3, $4)`, [business, touchId, ids[client], at]);
  const consent = (business: string, client: string, channel: string, granted: boolean, at: string) =>
    db.ds.query(`INSERT INTO consent_event (business_id, client_id, channel, granted, source, recorded_at) VALUES ($1, $2, $3, $4, 'staff', $5)`, [business, ids[client], channel, granted, at]);
  const task = (business: string, client: string, outcome: string, completedAt: string) =>
    db.ds.query(
      `INSERT INTO staff_task (business_id, client_id, reason, reason_key, due_on, due_at, state, outcome, created_by, origin, completed_at)
       VALUES ($1, $2, 'call', $3, '2026-03-01', '2026-03-01T23:00:00Z', 'done', $4, 'user', 'test', $5)`,
      [business, ids[client], `test-${++seq}`, outcome, completedAt],
    );

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    ({ businessId: other } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    for (const r of await db.ds.query(`SELECT external_id, id::text FROM client`)) ids[r.external_id] = r.id;

    // received: A at the first instant of the window, B one second before it, C's campaign
    // message failed (its automation one went out), D got campaign 2; X (other business) campaign 1
    const a1 = await touch(biz, 'A', { campaignId: 1, claimedAt: IN });
    const b1 = await touch(biz, 'B', { campaignId: 1, claimedAt: OUT });
    await touch(biz, 'C', { campaignId: 1, claimedAt: IN, status: 'failed' });
    const c5 = await touch(biz, 'C', { automationId: 5, claimedAt: '2026-03-18T10:00:00Z', status: 'sent', openedAt: '2026-03-18T11:00:00Z' });
    await touch(biz, 'D', { campaignId: 2, claimedAt: '2026-03-19T10:00:00Z', clickedAt: IN });
    const x1 = await touch(other, 'X', { campaignId: 1, claimedAt: IN });
    // clicks: A's own click in the window, B's click just before it; opens: B's pixel in the window
    await click(biz, a1, 'A', IN);
    await click(biz, b1, 'B', OUT);
    await open(biz, b1, 'B', '2026-03-20T22:59:59Z');
    // another business's click and open rows naming this business's client F
    await click(other, x1, 'F', IN);
    await open(other, x1, 'F', IN);
    void c5;

    // consent (email): A granted then withdrew, B withdrew then granted, C and D by the booking
    // system, E and F nothing (the business default). Another business's newer grant for A.
    await consent(biz, 'A', 'email', true, '2026-01-01T00:00:00Z');
    await consent(biz, 'A', 'email', false, '2026-02-01T00:00:00Z');
    await consent(biz, 'B', 'email', false, '2026-01-01T00:00:00Z');
    await consent(biz, 'B', 'email', true, '2026-02-01T00:00:00Z');
    await consent(other, 'A', 'email', true, '2026-03-01T00:00:00Z');
    await consent(biz, 'C', 'sms', true, '2026-02-01T00:00:00Z');
    await db.ds.query(`UPDATE client SET email_consent = v.c FROM (VALUES ($1::bigint, false), ($2::bigint, true)) v(id, c) WHERE client.id = v.id`, [ids.C, ids.D]);

    // sleeping: A flagged, B has a row that is not; X flagged in the other business
    await db.ds.query(
      `INSERT INTO client_contact_pref (client_id, business_id, sleeping, sleeping_since) VALUES ($1, $3, true, '2026-02-02T00:00:00Z'), ($2, $3, false, NULL), ($4, $5, true, now())`,
      [ids.A, ids.B, biz, ids.X, other],
    );

    // last human contact: A reached 10 days ago; B reached then replied to an SMS 2 days ago; C's
    // task was not answered; D replied at 00:30 local today (23:30 UTC yesterday); E reached at
    // 23:59:59 local 11 days ago; an email "reply" never counts. Other business: F reached.
    await task(biz, 'A', 'reached', '2026-03-10T12:00:00Z');
    await task(biz, 'B', 'reached', '2026-03-10T12:00:00Z');
    await touch(biz, 'B', { channel: 'sms', claimedAt: '2026-03-17T12:00:00Z', status: 'replied', repliedAt: '2026-03-18T12:00:00Z' });
    await task(biz, 'C', 'no_answer', '2026-03-19T12:00:00Z');
    await touch(biz, 'D', { channel: 'sms', claimedAt: '2026-03-19T12:00:00Z', status: 'replied', repliedAt: '2026-03-19T23:30:00Z' });
    await task(biz, 'E', 'reached', '2026-03-09T22:59:59Z');
    await touch(biz, 'F', { channel: 'email', claimedAt: '2026-03-17T12:00:00Z', status: 'replied', repliedAt: '2026-03-18T12:00:00Z' });
    await task(other, 'F', 'reached', '2026-03-19T12:00:00Z');
    await touch(other, 'F', { channel: 'sms', claimedAt: '2026-03-17T12:00:00Z', status: 'replied', repliedAt: '2026-03-19T12:00:00Z' });
  });
  afterAll(() => db.drop());

  const m = (tree: unknown) => matching(db.ds, biz, tree, { today });
  /** The explain value of a single-leaf tree for one client. */
  async function actual(tree: unknown, client: string) {
    const { tree: valid } = validateTree(tree);
    const leaves = await new SegmentQueryRepository(db.ds).leafResults(valid!, { businessId: biz, today, timezone: 'Europe/Stockholm' }, ids[client]);
    return leaves!.get('')!;
  }

  describe('received_action', () => {
    it('should match a message from the campaign claimed on a day of the window, not one a second before it, nor a failed one', async () => {
      await expect(m({ condition: 'received_action', campaignId: '1', window: week })).resolves.toEqual(['A']);
      await expect(m({ condition: 'received_action', campaignId: '1', window: { last: 8 } })).resolves.toEqual(['A', 'B']);
      await expect(m({ condition: 'received_action', automationId: '5', window: week })).resolves.toEqual(['C']);
      // any message: B's and F's later SMS / email too
      await expect(m({ condition: 'received_action', window: week })).resolves.toEqual(['A', 'B', 'C', 'D', 'F']);
      await expect(m({ condition: 'received_action', campaignId: '2', window: { from: '2026-03-20', to: '2026-03-25' } })).resolves.toEqual([]);
    });

    it('should leave out recent recipients under NOT (the campaign audience case)', async () => {
      await expect(m({ not: { condition: 'received_action', campaignId: '1', window: week } })).resolves.toEqual(['B', 'C', 'D', 'E', 'F']);
    });

    it('should explain with the number of messages and the latest', async () => {
      await expect(actual({ condition: 'received_action', campaignId: '1', window: week }, 'A')).resolves.toEqual({
        result: true,
        actual: { value: 1, lastReceivedAt: expect.stringMatching(/^2026-03-13T23:00:00/) },
      });
      await expect(actual({ condition: 'received_action', campaignId: '1', window: week }, 'B')).resolves.toEqual({ result: false, actual: { value: 0, lastReceivedAt: null } });
    });
  });

  describe('clicked_message / opened_message', () => {
    it('should match our own clicks and the provider-reported ones in the window, by campaign too', async () => {
      await expect(m({ condition: 'clicked_message', window: week })).resolves.toEqual(['A', 'D']);
      await expect(m({ condition: 'clicked_message', window: { last: 8 } })).resolves.toEqual(['A', 'B', 'D']);
      await expect(m({ condition: 'clicked_message', campaignId: '1', window: week })).resolves.toEqual(['A']);
      await expect(m({ condition: 'clicked_message', campaignId: '2', window: week })).resolves.toEqual(['D']);
    });

    it('should match pixel opens and provider-reported opens in the window', async () => {
      await expect(m({ condition: 'opened_message', window: week })).resolves.toEqual(['B', 'C']);
      await expect(m({ condition: 'opened_message', automationId: '5', window: week })).resolves.toEqual(['C']);
      await expect(m({ condition: 'opened_message', window: { last: 1 } })).resolves.toEqual(['B']);
    });

    it('should explain with the count and the latest moment', async () => {
      await expect(actual({ condition: 'clicked_message', window: week }, 'D')).resolves.toEqual({ result: true, actual: { value: 1, lastClickedAt: expect.stringMatching(/^2026-03-13T23:00:00/) } });
      await expect(actual({ condition: 'opened_message', window: week }, 'B')).resolves.toMatchObject({ result: true, actual: { value: 1 } });
    });
  });

  describe('consent', () => {
    it('should follow the latest ledger entry, then the booking system, then the business default', async () => {
      await expect(m({ condition: 'consent', channel: 'email' })).resolves.toEqual(['B', 'D', 'E', 'F']);
      await expect(m({ condition: 'consent', channel: 'email', granted: false })).resolves.toEqual(['A', 'C']);
      await expect(m({ condition: 'consent', channel: 'sms' })).resolves.toEqual(['C']);
      await expect(m({ not: { condition: 'consent', channel: 'sms' } })).resolves.toEqual(['A', 'B', 'D', 'E', 'F']);
    });

    it("should read the business's unknown-consent setting", async () => {
      await db.ds.query(`UPDATE business SET settings = jsonb_set(settings, '{messaging}', '{"unknownConsent": {"email": false}}') WHERE id = $1`, [biz]);
      try {
        await expect(m({ condition: 'consent', channel: 'email' })).resolves.toEqual(['B', 'D']);
        await expect(actual({ condition: 'consent', channel: 'email' }, 'E')).resolves.toEqual({ result: false, actual: { value: false, source: 'business_default', recordedAt: null } });
      } finally {
        await db.ds.query(`UPDATE business SET settings = settings - 'messaging' WHERE id = $1`, [biz]);
      }
    });

    it('should explain with the consent in force and where it comes from', async () => {
      await expect(actual({ condition: 'consent', channel: 'email' }, 'A')).resolves.toEqual({
        result: false,
        actual: { value: false, source: 'staff', recordedAt: expect.stringMatching(/^2026-02-01/) },
      });
      await expect(actual({ condition: 'consent', channel: 'email' }, 'D')).resolves.toEqual({ result: true, actual: { value: true, source: 'booking_system', recordedAt: null } });
    });
  });

  describe('sleeping_member', () => {
    it('should match the flagged clients, and the rest with value false', async () => {
      await expect(m({ condition: 'sleeping_member', value: true })).resolves.toEqual(['A']);
      await expect(m({ condition: 'sleeping_member', value: false })).resolves.toEqual(['B', 'C', 'D', 'E', 'F']);
      await expect(actual({ condition: 'sleeping_member', value: true }, 'A')).resolves.toEqual({ result: true, actual: { value: true, sleepingSince: expect.stringMatching(/^2026-02-02/) } });
      await expect(actual({ condition: 'sleeping_member', value: true }, 'C')).resolves.toEqual({ result: false, actual: { value: false, sleepingSince: null } });
    });
  });

  describe('last_human_contact', () => {
    it('should take the latest reached task or SMS reply, in local days', async () => {
      await expect(m({ condition: 'last_human_contact', operator: '<=', value: 10 })).resolves.toEqual(['A', 'B', 'D']);
      await expect(m({ condition: 'last_human_contact', operator: '>', value: 10 })).resolves.toEqual(['E']);
      await expect(m({ condition: 'last_human_contact', operator: '=', value: 11 })).resolves.toEqual(['E']);
      await expect(m({ condition: 'last_human_contact', operator: '=', value: 0 })).resolves.toEqual(['D']);
      await expect(m({ condition: 'last_human_contact', operator: 'between', value: 2, to: 10 })).resolves.toEqual(['A', 'B']);
      // never reached: no value, so only NOT matches them
      await expect(m({ not: { condition: 'last_human_contact', operator: '<=', value: 10 } })).resolves.toEqual(['C', 'E', 'F']);
    });

    it('should explain with the days, the moment and its source', async () => {
      await expect(actual({ condition: 'last_human_contact', operator: '<=', value: 10 }, 'B')).resolves.toEqual({
        result: true,
        actual: { value: 2, lastContactAt: expect.stringMatching(/^2026-03-18T12:00:00/), source: 'sms_reply' },
      });
      await expect(actual({ condition: 'last_human_contact', operator: '<=', value: 10 }, 'E')).resolves.toEqual({
        result: false,
        actual: { value: 11, lastContactAt: expect.stringMatching(/^2026-03-09T22:59:59/), source: 'task_reached' },
      });
      await expect(actual({ condition: 'last_human_contact', operator: '<=', value: 10 }, 'F')).resolves.toEqual({ result: false, actual: null });
    });
  });

  it('should name the bad parameter with its path', () => {
    expect(problemsOf({ and: [{ condition: 'received_action', campaignId: 12, window: week }] })).toEqual([
      { path: 'and[0].campaignId', reason: 'campaignId must be a campaign id (digits, as a string)' },
    ]);
    expect(problemsOf({ condition: 'received_action', campaignId: '1', automationId: '2', window: week })).toEqual([{ path: 'automationId', reason: 'give campaignId or automationId, not both' }]);
    expect(problemsOf({ condition: 'clicked_message' })).toEqual([{ path: 'window', reason: expect.stringContaining('window must be an object') }]);
    expect(problemsOf({ condition: 'opened_message', window: { last: 0 } })).toEqual([{ path: 'window', reason: expect.stringContaining('last must be a whole number of days') }]);
    expect(problemsOf({ condition: 'consent', channel: 'fax' })).toEqual([{ path: 'channel', reason: 'channel must be one of email, sms, push' }]);
    expect(problemsOf({ condition: 'consent', channel: 'sms', granted: 'yes' })).toEqual([{ path: 'granted', reason: 'granted must be true or false' }]);
    expect(problemsOf({ condition: 'sleeping_member' })).toEqual([{ path: 'value', reason: 'value must be true or false' }]);
    expect(problemsOf({ condition: 'last_human_contact', operator: '<', value: -1 })).toEqual([{ path: 'value', reason: expect.stringContaining('value') }]);
  });

  it('should list the six messaging conditions in the catalogue, in the messaging group', () => {
    expect(
      describeCatalogue()
        .filter((c) => c.group === 'messaging')
        .map((c) => c.type),
    ).toEqual(['last_human_contact', 'received_action', 'consent', 'sleeping_member', 'clicked_message', 'opened_message']);
  });
});
