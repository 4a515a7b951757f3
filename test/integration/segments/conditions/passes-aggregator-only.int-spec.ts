import { AGGREGATOR_SOURCES } from '../../../../src/segments/conditions/passes/aggregator-only.condition';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// Bookings by booked_via:
//   A classpass, ClassPass                      aggregator-only
//   B classpass, app                            also direct
//   C 'Urban Sports Club'                       aggregator-only (spaces and case normalised)
//   D booked_via missing                        unknown counts as direct
//   E no bookings
//   F web
//   G Wellhub, gympass, 'EGYM Wellpass' (cancelled)   aggregator-only (any state counts)
//   H mindbody_app                              the business's own passes: direct
//   S_<n> one booking through each listed aggregator, spelled in upper case with spaces
// Another business's X booked only through classpass and never appears.
describe('condition: aggregator_only', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const spelled = AGGREGATOR_SOURCES.map((s) => s.toUpperCase().replace(/_/g, ' '));
  const perSource = spelled.map((_, i) => `S_${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', ...perSource].map((externalId) => ({ externalId })) });
    let n = 0;
    const booking = (client: string, bookedVia?: string, state = 'attended') => ({
      externalId: `b${++n}`,
      clientExternalId: client,
      kind: 'class',
      startsAt: `2026-03-${String(1 + (n % 19)).padStart(2, '0')}T17:00:00Z`,
      state,
      ...(bookedVia === undefined ? {} : { bookedVia }),
    });
    await write({
      entity: 'bookings',
      records: [
        booking('A', 'classpass'),
        booking('A', 'ClassPass'),
        booking('B', 'classpass'),
        booking('B', 'app'),
        booking('C', 'Urban Sports Club'),
        booking('D'),
        booking('F', 'web'),
        booking('G', 'Wellhub'),
        booking('G', 'gympass'),
        booking('G', 'EGYM Wellpass', 'cancelled'),
        booking('H', 'mindbody_app'),
        ...spelled.map((via, i) => booking(perSource[i], via)),
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await writer(db.ds, other)({ entity: 'bookings', records: [{ externalId: 'bX', clientExternalId: 'X', kind: 'class', startsAt: '2026-03-10T17:00:00Z', bookedVia: 'classpass' }] });
  });
  afterAll(() => db.drop());

  const aggregatorOnly = (value: unknown) => ({ condition: 'aggregator_only', value });

  it('should match clients whose every booking came through an aggregator', async () => {
    await expect(matching(db.ds, biz, aggregatorOnly(true), { today })).resolves.toEqual(['A', 'C', 'G', ...perSource]);
  });

  it('should match everyone else with false, which is also NOT true', async () => {
    await expect(matching(db.ds, biz, aggregatorOnly(false), { today })).resolves.toEqual(['B', 'D', 'E', 'F', 'H']);
    await expect(matching(db.ds, biz, { not: aggregatorOnly(true) }, { today })).resolves.toEqual(['B', 'D', 'E', 'F', 'H']);
    await expect(matching(db.ds, biz, { not: aggregatorOnly(false) }, { today })).resolves.toEqual(['A', 'C', 'G', ...perSource]);
  });

  it('should stop matching once the client books directly', async () => {
    await writer(db.ds, biz)({ entity: 'bookings', records: [{ externalId: 'bA-direct', clientExternalId: 'A', kind: 'appointment', startsAt: '2026-03-25T09:00:00Z', bookedVia: 'front_desk' }] });
    await expect(matching(db.ds, biz, aggregatorOnly(true), { today })).resolves.toEqual(['C', 'G', ...perSource]);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(aggregatorOnly('yes'))).toEqual([{ path: 'value', reason: 'value must be true or false' }]);
    expect(problemsOf({ and: [{ condition: 'aggregator_only' }] })).toEqual([{ path: 'and[0].value', reason: 'value must be true or false' }]);
  });
});
