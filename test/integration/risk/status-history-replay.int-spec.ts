import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { RiskAssessmentRepository } from '../../../src/risk/assessment/risk-assessment.repository';
import { replayDays, replayStatusHistory } from '../../../src/risk/assessment/status-history-replay';
import { addDays } from '../../../src/common/local-date';
import { assessClient } from '../../../src/risk/rules/risk-rules';
import { DEFAULT_RISK_SETTINGS, toAssessmentParams } from '../../../src/risk/rules/risk-settings';
import { RiskStatus } from '../../../src/risk/rules/risk.types';
import { newBusiness } from '../../support/factories';
import { prng } from '../../support/prng';
import { createTestDb, TestDb } from '../../support/test-db';

// The status history replay runs the rules as a pass at local midnight at the start of a past
// day would have: visits before that day, packages active on it, the member flag (a current
// fact) left out. Random but seeded members over 120 days are checked against the reference
// rules (assessClient) at every replayed day.

const TZ = 'America/Los_Angeles';
const END = '2026-03-31';
const START = addDays(END, -120);

type Spec = { ext: string; flag: boolean | null; startsOn: string | null; endsOn: string | null; days: string[] };

function specs(n: number): Spec[] {
  const rnd = prng(20260401);
  return Array.from({ length: n }, (_, i) => {
    const startsOn = rnd() < 0.08 ? null : addDays(END, -Math.floor(rnd() * 160));
    // visits come in bursts with gaps, so clients move between statuses over the months
    const days = new Set<string>();
    let d = startsOn ? addDays(startsOn, Math.floor(rnd() * 5) - 2) : addDays(END, -Math.floor(rnd() * 60));
    while (d <= END) {
      if (rnd() < 0.8) days.add(d);
      d = addDays(d, 1 + Math.floor(rnd() * (rnd() < 0.15 ? 30 : 5)));
    }
    const endsOn = startsOn && rnd() < 0.25 ? addDays(startsOn, 20 + Math.floor(rnd() * 120)) : null;
    return { ext: `c${i}`, flag: [null, null, null, true, false][Math.floor(rnd() * 5)], startsOn, endsOn, days: [...days] };
  });
}

/** What the reference rules say for a pass at local midnight at the start of `day`. */
function expected(s: Spec, day: string, previous: RiskStatus | null) {
  const active = !!s.startsOn && s.startsOn <= day && (s.endsOn === null || s.endsOn >= day);
  const before = s.days.filter((d) => d < day);
  return assessClient(
    {
      today: day,
      isMember: active,
      hasActivePackage: active,
      registeredOn: s.startsOn,
      lastVisitOn: before.length ? before.reduce((a, b) => (a > b ? a : b)) : null,
      sessionsLast7Days: before.filter((d) => d > addDays(day, -7)).length,
      currentStatus: previous,
    },
    DEFAULT_RISK_SETTINGS,
  );
}

async function load(db: TestDb, list: Spec[]): Promise<string> {
  const { businessId } = await newBusiness(db.ds, { timezone: TZ });
  const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
  await write({ entity: 'clients', records: list.map((s) => ({ externalId: s.ext, ...(s.flag === null ? {} : { isMember: s.flag }) })) });
  await write({
    entity: 'subscriptions',
    records: list.filter((s) => s.startsOn).map((s) => ({ externalId: `s-${s.ext}`, clientExternalId: s.ext, startsOn: s.startsOn, endsOn: s.endsOn, billed: true })),
  });
  // 23:30 local: the UTC date is the next day; the local day is what counts
  await write({ entity: 'visits', records: list.flatMap((s) => s.days.map((d, k) => ({ externalId: `v-${s.ext}-${k}`, clientExternalId: s.ext, visitedAt: `${d}T23:30:00` }))) });
  return businessId;
}

describe('status history replay', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());

  it('should pick every 7th day back from the end and the last day of each month', () => {
    expect(replayDays('2026-01-20', '2026-03-10')).toEqual([
      '2026-01-20',
      '2026-01-27',
      '2026-01-31',
      '2026-02-03',
      '2026-02-10',
      '2026-02-17',
      '2026-02-24',
      '2026-02-28',
      '2026-03-03',
      '2026-03-10',
    ]);
    expect(replayDays('2026-03-10', '2026-03-01')).toEqual([]);
  });

  it('should give each client, as of a past day, what the rules say about the data before that day', async () => {
    const list = specs(400);
    const businessId = await load(db, list);
    const day = addDays(END, -45);
    await new RiskAssessmentRepository(db.ds).assess(businessId, { fromId: '0', toId: '9223372036854775807' }, toAssessmentParams(DEFAULT_RISK_SETTINGS), { asOf: day });
    const rows: Array<{ ext: string; status: string; tags: string[]; score: number; since: string; changed: string }> = await db.ds.query(
      `SELECT c.external_id AS ext, cs.status, cs.tags, cs.score, cs.since::text AS since,
              (SELECT string_agg(sc.changed_at::text, ',') FROM status_change sc WHERE sc.client_id = c.id) AS changed
         FROM client_status cs JOIN client c ON c.id = cs.client_id WHERE c.business_id = $1`,
      [businessId],
    );
    const got = new Map(rows.map((r) => [r.ext, { status: r.status, tags: [...r.tags].sort(), score: r.score }]));
    const mismatches: string[] = [];
    for (const s of list) {
      const e = expected(s, day, null);
      const want = e.status === null ? undefined : { status: e.status, tags: [...e.tags].sort(), score: e.score };
      if (JSON.stringify(want) !== JSON.stringify(got.get(s.ext))) mismatches.push(`${s.ext} ${JSON.stringify(s)}: want ${JSON.stringify(want)} got ${JSON.stringify(got.get(s.ext))}`);
    }
    expect(mismatches).toEqual([]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['in_trouble', 'at_risk', 'loving_it']));
    // written at that day's local midnight (PDT, -07), not now
    const [{ midnight }] = await db.ds.query(`SELECT ($1::date::timestamp AT TIME ZONE $2)::text AS midnight`, [day, TZ]);
    expect(new Set(rows.map((r) => r.since))).toEqual(new Set([midnight]));
    expect(new Set(rows.map((r) => r.changed))).toEqual(new Set([midnight]));
  });

  it('should replay a history whose status at every replayed midnight is what the rules said then', async () => {
    const list = specs(300);
    const businessId = await load(db, list);
    const result = await replayStatusHistory(db.ds, { businessId, from: START, to: END, batchSize: 70, connections: 3 });
    expect(result.days).toEqual(replayDays(START, END));
    expect(result.statements).toBe(result.days.length * Math.ceil(300 / 70));

    const history: Array<{ ext: string; to: string | null; day: string }> = await db.ds.query(
      `SELECT c.external_id AS ext, sc.to_status AS to, to_char(sc.changed_at AT TIME ZONE $2, 'YYYY-MM-DD"T"HH24:MI:SS') AS day
         FROM status_change sc JOIN client c ON c.id = sc.client_id WHERE sc.business_id = $1 ORDER BY sc.changed_at, sc.id`,
      [businessId, TZ],
    );
    expect(history.length).toBe(result.changes);
    // every change happened at a replayed day's local midnight
    const midnights = new Set(result.days.map((d) => `${d}T00:00:00`));
    expect(history.filter((h) => !midnights.has(h.day))).toEqual([]);

    const held = new Map<string, RiskStatus | null>();
    const mismatches: string[] = [];
    for (const day of result.days) {
      for (const h of history) if (h.day === `${day}T00:00:00`) held.set(h.ext, h.to as RiskStatus | null);
      for (const s of list) {
        const want = expected(s, day, null).status;
        const have = held.get(s.ext) ?? null;
        if (want !== have) mismatches.push(`${day} ${s.ext}: want ${want} got ${have}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // the statuses now are the last replayed day's
    const now: Array<{ ext: string; status: string }> = await db.ds.query(
      `SELECT c.external_id AS ext, cs.status FROM client_status cs JOIN client c ON c.id = cs.client_id WHERE c.business_id = $1`,
      [businessId],
    );
    expect(new Map(now.map((r) => [r.ext, r.status]))).toEqual(new Map([...held].filter(([, v]) => v !== null)));
    // the data really moves: most members changed status at least twice
    const perClient = new Map<string, number>();
    for (const h of history) perClient.set(h.ext, (perClient.get(h.ext) ?? 0) + 1);
    expect([...perClient.values()].filter((n) => n >= 3).length).toBeGreaterThan(100);

    await expect(replayStatusHistory(db.ds, { businessId, from: START, to: END })).rejects.toThrow(/already has statuses/);
  });
});
