import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { HealthRepository } from '../../../src/risk/health/health.repository';
import { healthScore, isUsageDrop } from '../../../src/risk/rules/health-score';
import { addDays, daysBetween } from '../../../src/common/local-date';
import { DEFAULT_RISK_SETTINGS, HealthSettings, RiskSettings } from '../../../src/risk/rules/risk-settings';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';
import { prng } from '../../support/prng';

// The set-based health pass and the pure reference (src/risk/rules/health-score.ts) must agree
// on every client, to the last bit of every signal and contribution. Seeded random histories.

const TZ = 'America/Los_Angeles';
const TODAY = '2026-03-31';

type Spec = {
  ext: string;
  flag: boolean | null;
  startsOn: string | null;
  endsOn: string | null;
  days: string[];
  bookings: Array<{ day: string; state: 'booked' | 'attended' | 'no_show' | 'late_cancelled' | 'cancelled'; active: boolean }>;
  invoices: Array<{ due: string; paid: boolean }>;
};

function randomSpecs(n: number, seed: number, withBookings: boolean, withInvoices: boolean): Spec[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const startsOn = rnd() < 0.08 ? null : addDays(TODAY, -Math.floor(rnd() * (pick([40, 90, 400]) as number)));
    const endsOn = startsOn && rnd() < 0.1 ? [startsOn, addDays(TODAY, -Math.floor(rnd() * 5))].sort()[1] : null;
    // a habit (visits per week) that may slow down or stop lately
    const perWeek = pick([0, 0.5, 1, 2, 3, 4, 6]);
    const lateFactor = pick([1, 1, 0.5, 0.2, 0, 1.5]);
    const span = Math.floor(rnd() * 260);
    const days = new Set<string>();
    for (let d = 0; d < span; d++) {
      const rate = (d < 28 ? perWeek * lateFactor : perWeek) / 7;
      if (rnd() < rate) days.add(addDays(TODAY, -d));
    }
    const bookings = withBookings
      ? Array.from({ length: Math.floor(rnd() * 5) }, () => ({
          day: addDays(TODAY, Math.floor(rnd() * 100) - 80),
          state: pick(['booked', 'attended', 'no_show', 'late_cancelled', 'cancelled'] as const),
          active: rnd() < 0.7,
        }))
      : [];
    const invoices = withInvoices ? Array.from({ length: Math.floor(rnd() * 3) }, () => ({ due: addDays(TODAY, Math.floor(rnd() * 60) - 40), paid: rnd() < 0.6 })) : [];
    return { ext: `c${i}`, flag: pick([null, null, null, true, false]), startsOn, endsOn, days: [...days], bookings, invoices };
  });
}

async function seed(db: TestDb, businessId: string, specs: Spec[]): Promise<void> {
  const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
  await write({ entity: 'clients', records: specs.map((s) => ({ externalId: s.ext, ...(s.flag === null ? {} : { isMember: s.flag }) })) });
  await write({
    entity: 'subscriptions',
    records: specs.filter((s) => s.startsOn).map((s) => ({ externalId: `s-${s.ext}`, clientExternalId: s.ext, startsOn: s.startsOn, billed: true, endsOn: s.endsOn })),
  });
  // visits at 23:30 local time: the UTC date is the next day, the local day is what counts
  const visits = specs.flatMap((s) => s.days.map((d, k) => ({ externalId: `v-${s.ext}-${k}`, clientExternalId: s.ext, visitedAt: `${d}T23:30:00` })));
  for (let i = 0; i < visits.length; i += 5000) await write({ entity: 'visits', records: visits.slice(i, i + 5000) });
  const rows = (xs: Array<[string, unknown[]]>) => xs;
  const bookings = rows(specs.flatMap((s) => s.bookings.map((k, j) => [`${s.ext}`, [`b-${s.ext}-${j}`, k.day, k.state, k.active]] as [string, unknown[]])));
  if (bookings.length)
    await db.ds.query(
      `INSERT INTO booking (business_id, source, external_id, client_id, kind, starts_at, state, no_show_active)
       SELECT $1, 'import', x.ext, c.id, 'class', (x.day::date + time '12:00') AT TIME ZONE $2, x.state, x.active
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bool[]) AS x(client, ext, day, state, active)
         JOIN client c ON c.business_id = $1 AND c.external_id = x.client`,
      [businessId, TZ, bookings.map((b) => b[0]), bookings.map((b) => b[1][0]), bookings.map((b) => b[1][1]), bookings.map((b) => b[1][2]), bookings.map((b) => b[1][3])],
    );
  const invoices = specs.flatMap((s) => s.invoices.map((n, j) => ({ client: s.ext, ext: `i-${s.ext}-${j}`, ...n })));
  if (invoices.length)
    await db.ds.query(
      `INSERT INTO invoice (business_id, source, external_id, client_id, amount, due_on, paid_at)
       SELECT $1, 'import', x.ext, c.id, 1000, x.due::date, CASE WHEN x.paid THEN now() END
         FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[]) AS x(client, ext, due, paid)
         JOIN client c ON c.business_id = $1 AND c.external_id = x.client`,
      [businessId, invoices.map((n) => n.client), invoices.map((n) => n.ext), invoices.map((n) => n.due), invoices.map((n) => n.paid)],
    );
}

const active = (s: Spec, today: string) => !!s.startsOn && s.startsOn <= today && (s.endsOn === null || s.endsOn >= today);
const between = (days: string[], from: string, to: string) => days.filter((d) => d >= from && d <= to).length;

/** The reference's inputs for one client, computed independently from the seeded spec. */
function expected(specs: Spec[], settings: RiskSettings, hasBookings: boolean, hasInvoices: boolean) {
  const h: HealthSettings = settings.health;
  const F = h.frequency.windowDays;
  const B = h.frequency.baselineDays;
  const scored = specs.filter((s) => (s.flag ?? active(s, TODAY)) && active(s, TODAY));
  const baseline = (s: Spec) => between(s.days, s.startsOn && s.startsOn > addDays(TODAY, -(F + B - 1)) ? s.startsOn : addDays(TODAY, -(F + B - 1)), addDays(TODAY, -F));
  const full = scored
    .filter((s) => s.startsOn === null || daysBetween(s.startsOn, TODAY) - F + 1 >= B)
    .map(baseline)
    .sort((a, b) => a - b);
  const m = full.length === 0 ? null : full.length % 2 ? full[(full.length - 1) / 2] : (full[full.length / 2 - 1] + full[full.length / 2]) / 2;
  const median = m === null ? null : (m * F) / B;
  const T = h.trend.windowDays;
  const U = h.usageDrop.windowDays;
  const R = h.reliability.windowDays;
  return new Map(
    scored.map((s) => {
      const result = healthScore(
        {
          today: TODAY,
          registeredOn: s.startsOn,
          lastVisitOn: s.days.length ? s.days.reduce((a, b) => (a > b ? a : b)) : null,
          sessionsLast28Days: between(s.days, addDays(TODAY, -(F - 1)), TODAY),
          baselineSessions: baseline(s),
          businessMedianSessions28: median,
          sessionsLast14Days: between(s.days, addDays(TODAY, -(T - 1)), TODAY),
          sessionsPrevious14Days: between(s.days, addDays(TODAY, -(2 * T - 1)), addDays(TODAY, -T)),
          hasFutureBooking: hasBookings ? s.bookings.some((k) => k.state === 'booked' && k.day > TODAY) : null,
          noShows: s.bookings.filter((k) => k.state === 'no_show' && k.active && k.day > addDays(TODAY, -R) && k.day <= TODAY).length,
          lateCancellations: s.bookings.filter((k) => k.state === 'late_cancelled' && k.day > addDays(TODAY, -R) && k.day <= TODAY).length,
          overdueInvoices: hasInvoices ? s.invoices.filter((n) => !n.paid && n.due < TODAY).length : null,
        },
        settings,
      );
      const usage = { recentSessions: between(s.days, addDays(TODAY, -(U - 1)), TODAY), earlierSessions: between(s.days, addDays(TODAY, -(2 * U - 1)), addDays(TODAY, -U)) };
      return [s.ext, { score: result.score, band: result.band, signals: result.signals, contributions: result.contributions, usageDropped: isUsageDrop(usage, h) }];
    }),
  );
}

async function stored(db: TestDb, businessId: string) {
  const rows: Array<{ external_id: string; score: number; band: string; signals: unknown; contributions: unknown; usage_dropped: boolean }> = await db.ds.query(
    `SELECT c.external_id, h.score, h.band, h.signals, h.contributions, h.usage_dropped FROM client_health h JOIN client c ON c.id = h.client_id WHERE h.business_id = $1`,
    [businessId],
  );
  return new Map(rows.map((r) => [r.external_id, { score: r.score, band: r.band, signals: r.signals, contributions: r.contributions, usageDropped: r.usage_dropped }]));
}

// JSON with sorted keys (jsonb stores its keys in its own order)
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

function compare(want: Map<string, unknown>, have: Map<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of new Set([...want.keys(), ...have.keys()])) {
    if (canonical(want.get(k)) !== canonical(have.get(k))) out.push(`${k}: want ${canonical(want.get(k))} got ${canonical(have.get(k))}`);
  }
  return out.slice(0, 10);
}

describe('SQL health score agrees with the reference', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db?.drop());

  it('should store for 800 random clients exactly the score, band, signals and contributions of healthScore', async () => {
    const { businessId } = await newBusiness(db.ds, { timezone: TZ });
    const specs = randomSpecs(800, 20260331, true, true);
    await seed(db, businessId, specs);
    const repo = new HealthRepository(db.ds);
    // two batches by id range, like the scheduled pass
    const [{ mid }] = await db.ds.query(`SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id)::text AS mid FROM client WHERE business_id = $1`, [businessId]);
    const first = await repo.compute(businessId, { fromId: '0', toId: mid }, DEFAULT_RISK_SETTINGS.health, { today: TODAY });
    const second = await repo.compute(businessId, { fromId: mid, toId: '9223372036854775807' }, DEFAULT_RISK_SETTINGS.health, { today: TODAY });

    const want = expected(specs, DEFAULT_RISK_SETTINGS, true, true);
    expect(compare(want, await stored(db, businessId))).toEqual([]);
    expect(first.computed + second.computed).toBe(want.size);
    // the sample covers every band, the median path and both trigger states
    const values = [...want.values()];
    expect(new Set(values.map((v) => v.band))).toEqual(new Set(['green', 'yellow', 'red']));
    expect(values.some((v) => v.usageDropped)).toBe(true);
    expect(values.some((v) => v.signals.reliability! < 100 && v.signals.payments === 0 && v.signals.bookingsAhead === 100)).toBe(true);
    // no previous band: no band change on the first computation; usage drops fire
    expect(first.bandChanges.length + second.bandChanges.length).toBe(0);
    expect(first.usageDrops.length + second.usageDrops.length).toBe(values.filter((v) => v.usageDropped).length);

    // a repeat pass writes nothing and emits nothing
    const again = await repo.compute(businessId, { fromId: '0', toId: '9223372036854775807' }, DEFAULT_RISK_SETTINGS.health, { today: TODAY });
    expect(again).toMatchObject({ rowsWritten: 0, rowsRemoved: 0, bandChanges: [], usageDrops: [] });
  });

  it('should leave out bookings and payments in a business without them, and follow its own weights', async () => {
    const { businessId } = await newBusiness(db.ds, { timezone: TZ });
    const specs = randomSpecs(300, 7, false, false);
    await seed(db, businessId, specs);
    const settings: RiskSettings = {
      ...DEFAULT_RISK_SETTINGS,
      health: {
        ...DEFAULT_RISK_SETTINGS.health,
        weights: { frequency: 3, recency: 0, trend: 7, bookingsAhead: 50, reliability: 1, payments: 40, engagement: 0 },
        bands: { greenMin: 60, yellowMin: 30 },
      },
    };
    await new HealthRepository(db.ds).compute(
      businessId,
      { ids: (await db.ds.query(`SELECT id::text FROM client WHERE business_id = $1`, [businessId])).map((r: { id: string }) => r.id) },
      settings.health,
      { today: TODAY },
    );
    const want = expected(specs, settings, false, false);
    expect(compare(want, await stored(db, businessId))).toEqual([]);
    expect([...want.values()].every((v) => v.signals.bookingsAhead === null && v.signals.payments === null)).toBe(true);
  });
});
