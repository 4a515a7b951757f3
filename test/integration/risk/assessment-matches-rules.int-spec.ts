import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { RiskAssessmentRepository } from '../../../src/risk/assessment/risk-assessment.repository';
import { addDays } from '../../../src/common/local-date';
import { assessClient } from '../../../src/risk/rules/risk-rules';
import { DEFAULT_RISK_SETTINGS, toAssessmentParams } from '../../../src/risk/rules/risk-settings';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';
import { prng } from '../../support/prng';

// The set-based SQL pass and the pure reference rules (src/risk/rules) must agree on every
// client. Random but seeded histories cover the boundaries many times over.

describe('SQL assessment agrees with the reference rules', () => {
  let db: TestDb;
  afterAll(() => db?.drop());

  it('should give 600 random clients the same status, tags and score as assessClient', async () => {
    db = await createTestDb();
    const { businessId } = await newBusiness(db.ds, { timezone: 'America/Los_Angeles' });
    const today = '2026-03-31';
    const rnd = prng(20260331);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    type Spec = { ext: string; flag: boolean | null; startsOn: string | null; endsOn: string | null; days: string[] };
    const specs: Spec[] = Array.from({ length: 600 }, (_, i) => {
      const startsOn = rnd() < 0.1 ? null : addDays(today, -Math.floor(rnd() * 60) - (rnd() < 0.5 ? 0 : 300));
      const days = [...new Set(Array.from({ length: Math.floor(rnd() * 8) }, () => addDays(today, -Math.floor(rnd() * (rnd() < 0.5 ? 10 : 40)))))];
      // one in six subscriptions ended a few days ago (or ends today, which is still active)
      const endsOn = startsOn && rnd() < 0.17 ? [startsOn, addDays(today, -Math.floor(rnd() * 5))].sort()[1] : null;
      return { ext: `c${i}`, flag: pick([null, null, null, true, false]), startsOn, endsOn, days };
    });
    const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
    await write({ entity: 'clients', records: specs.map((s) => ({ externalId: s.ext, ...(s.flag === null ? {} : { isMember: s.flag }) })) });
    await write({
      entity: 'subscriptions',
      records: specs.filter((s) => s.startsOn).map((s) => ({ externalId: `s-${s.ext}`, clientExternalId: s.ext, startsOn: s.startsOn, billed: true, endsOn: s.endsOn })),
    });
    // visits at 23:30 local time: the UTC date is the next day, the local day is what counts
    await write({ entity: 'visits', records: specs.flatMap((s) => s.days.map((d, k) => ({ externalId: `v-${s.ext}-${k}`, clientExternalId: s.ext, visitedAt: `${d}T23:30:00` }))) });

    const settings = DEFAULT_RISK_SETTINGS;
    await new RiskAssessmentRepository(db.ds).assess(businessId, { fromId: '0', toId: '9223372036854775807' }, toAssessmentParams(settings), { today });
    const stored = new Map<string, { status: string; tags: string[]; score: number }>(
      (await db.ds.query(`SELECT c.external_id, cs.status, cs.tags, cs.score FROM client_status cs JOIN client c ON c.id = cs.client_id`)).map(
        (r: { external_id: string; status: string; tags: string[]; score: number }) => [r.external_id, r],
      ),
    );

    const mismatches: string[] = [];
    for (const s of specs) {
      const activePackage = !!s.startsOn && s.startsOn <= today && (s.endsOn === null || s.endsOn >= today);
      const expected = assessClient(
        {
          today,
          isMember: s.flag ?? activePackage,
          hasActivePackage: activePackage,
          registeredOn: s.startsOn,
          lastVisitOn: s.days.length ? s.days.reduce((a, b) => (a > b ? a : b)) : null,
          sessionsLast7Days: s.days.filter((d) => d > addDays(today, -7) && d <= today).length,
          currentStatus: null,
        },
        settings,
      );
      const got = stored.get(s.ext);
      const want = expected.status === null ? undefined : { status: expected.status, tags: [...expected.tags].sort(), score: expected.score };
      const have = got && { status: got.status, tags: [...got.tags].sort(), score: got.score };
      if (JSON.stringify(want) !== JSON.stringify(have)) mismatches.push(`${s.ext} ${JSON.stringify(s)} want ${JSON.stringify(want)} got ${JSON.stringify(have)}`);
    }
    expect(mismatches).toEqual([]);
    // the sample really covers the statuses
    expect(new Set([...stored.values()].map((v) => v.status))).toEqual(new Set(['in_trouble', 'at_risk', 'loving_it', 'suspended']));
  });
});
