import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { HealthRepository } from '../../../src/risk/health/health.repository';
import { ENGAGEMENT_NEUTRAL, healthScore } from '../../../src/risk/rules/health-score';
import { mergeRiskSettings, RiskSettingsInvalidError } from '../../../src/risk/rules/risk-settings-merge';
import { DEFAULT_RISK_SETTINGS, HealthSettings } from '../../../src/risk/rules/risk-settings';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// The seventh health signal, engagement with messages (docs/risk-engine.md): weighing 0 by
// default it changes nothing, not a score nor a stored row; with weight an engaged member scores
// above an unengaged one with the same visits, and a member without messages gets the neutral value.

const TZ = 'Europe/Stockholm';
const TODAY = '2026-03-31';
const VISITS = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];

describe('health score: engagement with messages', () => {
  let db: TestDb;
  let businessId: string;
  let other: string;
  let ids: Record<string, string>;
  const repo = () => new HealthRepository(db.ds);
  const withWeight = (engagement: number): HealthSettings => ({ ...DEFAULT_RISK_SETTINGS.health, weights: { ...DEFAULT_RISK_SETTINGS.health.weights, engagement } });
  const rows = async () =>
    Object.fromEntries(
      (await db.ds.query(`SELECT c.external_id, h.score, h.band, h.signals, h.contributions FROM client_health h JOIN client c ON c.id = h.client_id WHERE h.business_id = $1`, [businessId])).map(
        (r: { external_id: string }) => [r.external_id, r],
      ),
    );
  let n = 0;
  const touch = async (client: string, o: { channel?: string; status?: string; sentAt?: string; repliedAt?: string | null } = {}): Promise<string> => {
    const [row] = await db.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, status, queued_at, sent_at, replied_at) VALUES ($1, $2, $3, 'test:engagement:' || $7, $4, $5, $5, $6) RETURNING id::text`,
      [businessId, ids[client], o.channel ?? 'email', o.status ?? 'sent', o.sentAt ?? '2026-03-20T10:00:00Z', o.repliedAt ?? null, ++n],
    );
    return row.id;
  };
  const click = (touchId: string, client: string, business = businessId) =>
    db.ds.query(`INSERT INTO touch_click (business_id, touch_id, client_id, url) VALUES ($1, $2, $3, 'https://gym.example')`, [business, touchId, ids[client]]);

  beforeAll(async () => {
    db = await createTestDb();
    businessId = (await newBusiness(db.ds, { timezone: TZ })).businessId;
    other = (await newBusiness(db.ds, { name: 'Other' })).businessId;
    const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
    const keys = ['engaged', 'unengaged', 'silent', 'half'];
    await write({ entity: 'clients', records: keys.map((k) => ({ externalId: k, isMember: true })) });
    await write({ entity: 'subscriptions', records: keys.map((k) => ({ externalId: `s-${k}`, clientExternalId: k, startsOn: '2025-06-01', billed: true, endsOn: null })) });
    // the same visits for everyone: only engagement tells them apart
    await write({ entity: 'visits', records: keys.flatMap((k) => VISITS.map((d, i) => ({ externalId: `v-${k}-${i}`, clientExternalId: k, visitedAt: `${d}T10:00:00` }))) });
    const rowsOf: Array<{ id: string; external_id: string }> = await db.ds.query(`SELECT id::text, external_id FROM client WHERE business_id = $1`, [businessId]);
    ids = Object.fromEntries(rowsOf.map((r) => [r.external_id, r.id]));
  }, 30_000);
  afterAll(() => db?.drop());

  it('should change no score and no stored row while engagement weighs 0 (the default)', async () => {
    expect(DEFAULT_RISK_SETTINGS.health.weights.engagement).toBe(0);
    const all = { fromId: '0', toId: '9223372036854775807' };
    const first = await repo().compute(businessId, all, DEFAULT_RISK_SETTINGS.health, { today: TODAY });
    expect(first.computed).toBe(4);
    const before = await rows();
    expect(Object.keys(before.engaged.signals)).not.toContain('engagement');

    // messages, clicks and replies arrive: with weight 0 the next pass writes nothing
    const a = await touch('engaged');
    await click(a, 'engaged');
    await touch('engaged', { channel: 'sms', repliedAt: '2026-03-21T10:00:00Z' });
    await touch('unengaged');
    await touch('unengaged', { channel: 'sms' });
    const h1 = await touch('half');
    await click(h1, 'half');
    await touch('half');
    await touch('half', { status: 'failed' });
    // outside the 90 days, and a click recorded for another business: neither counts later
    const old = await touch('half', { sentAt: '2025-12-01T10:00:00Z' });
    await click(old, 'half');
    const otherBiz = await touch('unengaged', { sentAt: '2026-03-25T10:00:00Z' });
    await click(otherBiz, 'unengaged', other);

    const again = await repo().compute(businessId, all, DEFAULT_RISK_SETTINGS.health, { today: TODAY });
    expect(again).toMatchObject({ computed: 4, rowsWritten: 0, bandChanges: [] });
    expect(await rows()).toEqual(before);
    // and each score is the six-signal reference's
    for (const k of Object.keys(before)) expect(before[k].score).toBe(before.engaged.score);
  });

  it('should score an engaged member above an unengaged one, and give the neutral value without messages', async () => {
    const settings = withWeight(20);
    await repo().compute(businessId, { fromId: '0', toId: '9223372036854775807' }, settings, { today: TODAY });
    const r = await rows();
    expect(r.engaged.signals.engagement).toBe(100);
    expect(r.unengaged.signals.engagement).toBe(0);
    expect(r.silent.signals.engagement).toBe(ENGAGEMENT_NEUTRAL);
    // 2 of 3 messages in the window went out (one failed), one clicked
    expect(r.half.signals.engagement).toBe(50);
    expect(r.engaged.score).toBeGreaterThan(r.silent.score);
    expect(r.silent.score).toBeGreaterThan(r.unengaged.score);
    // bookings and payments are unknown here: 20 of 35 + 25 + 15 + 5 + 20
    expect(r.engaged.contributions.engagement).toBeCloseTo(100 * (20 / 100), 9);

    // the stored numbers are the reference's to the last bit
    const input = (messages: number, engaged: number) => ({
      today: TODAY,
      registeredOn: '2025-06-01',
      lastVisitOn: VISITS[VISITS.length - 1],
      sessionsLast28Days: 3,
      baselineSessions: 1,
      businessMedianSessions28: null,
      sessionsLast14Days: 1,
      sessionsPrevious14Days: 2,
      hasFutureBooking: null,
      noShows: 0,
      lateCancellations: 0,
      overdueInvoices: null,
      messagesLast90Days: messages,
      engagedMessagesLast90Days: engaged,
    });
    for (const [k, m, e] of [
      ['engaged', 2, 2],
      ['unengaged', 2, 0],
      ['silent', 0, 0],
    ] as const) {
      const want = healthScore(input(m, e), { health: settings });
      expect({ score: r[k].score, signals: r[k].signals }).toEqual({ score: want.score, signals: want.signals });
    }

    // back to 0: the rows are as the first pass left them again
    await repo().compute(businessId, { fromId: '0', toId: '9223372036854775807' }, DEFAULT_RISK_SETTINGS.health, { today: TODAY });
    expect(Object.keys((await rows()).engaged.signals)).not.toContain('engagement');
  });

  it('should validate the engagement weight like the others', () => {
    expect(mergeRiskSettings(DEFAULT_RISK_SETTINGS, null, { health: { weights: { engagement: 15 } } }).health.weights.engagement).toBe(15);
    expect(() => mergeRiskSettings(DEFAULT_RISK_SETTINGS, null, { health: { weights: { engagement: -1 } } })).toThrow(RiskSettingsInvalidError);
    try {
      mergeRiskSettings(DEFAULT_RISK_SETTINGS, null, { health: { weights: { engagement: -1 } } });
    } catch (e) {
      expect((e as RiskSettingsInvalidError).problems.map((p) => p.path)).toEqual(['health.weights.engagement']);
    }
    // a business that stored its six weights before the seventh existed gets 0 for it
    const stored = { health: { weights: { frequency: 30, recency: 30, trend: 10, bookingsAhead: 10, reliability: 10, payments: 10 } } };
    expect(mergeRiskSettings(DEFAULT_RISK_SETTINGS, stored).health.weights.engagement).toBe(0);
  });
});
