import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Every client has one billed, open-ended (active) subscription unless
// noted, with one freeze; a freeze overlaps a period when it starts by its last day and has
// not ended before its first (no end = open).
describe('condition: subscription_frozen', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const frozen = (period: Record<string, unknown>) => ({ condition: 'subscription_frozen', ...period });
  const freezes: Record<string, [string, string | undefined]> = {
    NOW: ['2026-03-15', '2026-03-25'],
    OPEN: ['2026-03-01', undefined],
    ENDS_TODAY: ['2026-03-10', today],
    STARTS_TODAY: [today, '2026-03-30'],
    ENDED_YESTERDAY: ['2026-03-01', '2026-03-19'],
    STARTS_TOMORROW: ['2026-03-21', '2026-03-31'],
    FEBRUARY: ['2026-02-01', '2026-02-28'],
    APRIL: ['2026-04-01', '2026-04-14'],
  };
  const all = [...Object.keys(freezes), 'INACTIVE_SUB', 'FROZEN_ENDED_SUB', 'NO_FREEZE'].sort();

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, r: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId,
      startsOn: '2025-06-01',
      billed: true,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        ...Object.keys(freezes).map((c) => sub(`s-${c}`, c)),
        sub('s-NO_FREEZE', 'NO_FREEZE'),
        // frozen now, but the subscription is not active (unbilled, not renewing)
        sub('s-INACTIVE_SUB', 'INACTIVE_SUB', { billed: false }),
        // an active subscription without a freeze, and a frozen one that ended yesterday
        sub('s-FROZEN_ENDED_SUB-a', 'FROZEN_ENDED_SUB'),
        sub('s-FROZEN_ENDED_SUB-b', 'FROZEN_ENDED_SUB', { endsOn: '2026-03-19' }),
      ],
    });
    await write({
      entity: 'freezes',
      records: [
        ...Object.entries(freezes).map(([c, [startsOn, endsOn]]) => ({ externalId: `f-${c}`, subscriptionExternalId: `s-${c}`, startsOn, endsOn })),
        { externalId: 'f-INACTIVE_SUB', subscriptionExternalId: 's-INACTIVE_SUB', startsOn: '2026-03-01', endsOn: '2026-03-31' },
        { externalId: 'f-FROZEN_ENDED_SUB', subscriptionExternalId: 's-FROZEN_ENDED_SUB-b', startsOn: '2026-03-01' },
      ],
    });
    const writeOther = writer(db.ds, other);
    await writeOther({ entity: 'clients', records: [{ externalId: 'NOW' }] });
    await writeOther({ entity: 'subscriptions', records: [sub('s-NOW', 'NOW')] });
    await writeOther({ entity: 'freezes', records: [{ externalId: 'f-NOW', subscriptionExternalId: 's-NOW', startsOn: '2026-03-15' }] });
  });
  afterAll(() => db.drop());

  it('should match a freeze covering today (first and last day included, open end still frozen)', async () => {
    await expect(matching(db.ds, biz, frozen({ today: true }), { today })).resolves.toEqual(['ENDS_TODAY', 'NOW', 'OPEN', 'STARTS_TODAY']);
  });

  it('should match a freeze overlapping a period, edges included', async () => {
    // FEBRUARY ends on from, OPEN starts on to
    await expect(matching(db.ds, biz, frozen({ from: '2026-02-28', to: '2026-03-01' }), { today })).resolves.toEqual(['ENDED_YESTERDAY', 'FEBRUARY', 'OPEN']);
    // NOW ends the day before from; STARTS_TODAY and STARTS_TOMORROW run into it
    await expect(matching(db.ds, biz, frozen({ from: '2026-03-26', to: '2026-03-31' }), { today })).resolves.toEqual(['OPEN', 'STARTS_TODAY', 'STARTS_TOMORROW']);
    await expect(matching(db.ds, biz, frozen({ from: '2026-04-14', to: '2026-04-14' }), { today })).resolves.toEqual(['APRIL', 'OPEN']);
    await expect(matching(db.ds, biz, frozen({ from: '2026-01-01', to: '2026-01-31' }), { today })).resolves.toEqual([]);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: frozen({ today: true }) }, { today })).resolves.toEqual([
      'APRIL',
      'ENDED_YESTERDAY',
      'FEBRUARY',
      'FROZEN_ENDED_SUB',
      'INACTIVE_SUB',
      'NO_FREEZE',
      'STARTS_TOMORROW',
    ]);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(frozen({}))).toEqual([
      { path: 'from', reason: 'from must be a date (YYYY-MM-DD), or give today: true' },
      { path: 'to', reason: 'to must be a date (YYYY-MM-DD), or give today: true' },
    ]);
    expect(problemsOf({ and: [frozen({ today: false })] })).toEqual([{ path: 'and[0].today', reason: 'today must be true (or give from and to instead)' }]);
    expect(problemsOf(frozen({ today: true, from: '2026-03-01' }))).toEqual([{ path: 'from', reason: 'from is not read with today: give either today or from and to' }]);
    expect(problemsOf(frozen({ from: '2026-03-10', to: '2026-03-01' }))).toEqual([{ path: 'to', reason: 'to must not be before from' }]);
    expect(problemsOf(frozen({ from: '2026-02-30', to: '2026-03-01' }))).toEqual([{ path: 'from', reason: 'from must be a date (YYYY-MM-DD), or give today: true' }]);
  });
});
