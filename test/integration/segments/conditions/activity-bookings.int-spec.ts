import { DataSource } from 'typeorm';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20 (Europe/Stockholm, UTC+1), {last: 30} = local days 2026-02-19 .. 2026-03-20:
// the window starts at 2026-02-19T00:00+01:00 and ends before 2026-03-21T00:00+01:00.
const today = '2026-03-20';
const last30 = { last: 30 };

const productId = async (ds: DataSource, businessId: string, externalId: string): Promise<string> => {
  const [row] = await ds.query(`SELECT id::text AS id FROM product WHERE business_id = $1 AND external_id = $2`, [businessId, externalId]);
  return row.id;
};

const PRODUCTS = [
  { externalId: 'yoga', name: 'Yoga', kind: 'other', labels: ['group_class'], serviceCategory: 'group_class' },
  { externalId: 'spin', name: 'Spinning', kind: 'other', labels: ['group_class'], serviceCategory: 'group_class' },
  { externalId: 'hiit', name: 'HIIT', kind: 'other', labels: ['group_class'], serviceCategory: 'group_class' },
  { externalId: 'pt', name: 'Personal Training', kind: 'service', serviceCategory: 'personal_training' },
  { externalId: 'physio', name: 'Physiotherapy', kind: 'service', serviceCategory: 'physio' },
  { externalId: 'massage', name: 'Sports Massage', kind: 'service', serviceCategory: 'massage' },
];

describe('activity conditions on bookings', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  // Attended classes starting in {last: 30}:
  //   EDGE_IN 2 (HIIT at 00:00 on the first day and 23:59 today)   EDGE_OUT 0 (23:59 the day before, 00:00 tomorrow)
  //   YOGA2 2 (two Yoga classes the same day)                      SPIN 1 (plus a no-show, a late cancel, a booked one)
  //   APPT_ONLY 0 (an attended appointment)                        VISIT_ONLY 0 (class check-in, no booking)
  //   NONE 0
  describe('condition: class_attendance', () => {
    let biz: string;
    let yoga: string;
    let otherYoga: string;
    const attendance = (operator: string, value: number, extra: object = {}) => ({ condition: 'class_attendance', operator, value, window: last30, ...extra });
    const ALL = ['APPT_ONLY', 'EDGE_IN', 'EDGE_OUT', 'NONE', 'SPIN', 'VISIT_ONLY', 'YOGA2'];

    beforeAll(async () => {
      ({ businessId: biz } = await newBusiness(db.ds));
      const { businessId: other } = await newBusiness(db.ds);
      const write = writer(db.ds, biz);
      await write({ entity: 'products', records: PRODUCTS });
      await write({ entity: 'clients', records: ALL.map((externalId) => ({ externalId })) });
      let n = 0;
      const cls = (client: string, product: string, name: string, startsAt: string, state = 'attended') => ({
        externalId: `b${++n}`,
        clientExternalId: client,
        productExternalId: product,
        kind: 'class',
        name,
        startsAt,
        state,
      });
      await write({
        entity: 'bookings',
        records: [
          cls('EDGE_IN', 'hiit', 'HIIT', '2026-02-19T00:00:00+01:00'),
          cls('EDGE_IN', 'hiit', 'HIIT', '2026-03-20T23:59:00+01:00'),
          cls('EDGE_OUT', 'hiit', 'HIIT', '2026-02-18T23:59:00+01:00'),
          cls('EDGE_OUT', 'hiit', 'HIIT', '2026-03-21T00:00:00+01:00'),
          cls('YOGA2', 'yoga', 'Yoga', '2026-03-10T08:00:00+01:00'),
          cls('YOGA2', 'yoga', 'Yoga', '2026-03-10T18:00:00+01:00'),
          cls('SPIN', 'spin', 'Spinning', '2026-03-01T18:00:00+01:00'),
          cls('SPIN', 'spin', 'Spinning', '2026-03-03T18:00:00+01:00', 'no_show'),
          cls('SPIN', 'spin', 'Spinning', '2026-03-05T18:00:00+01:00', 'late_cancelled'),
          cls('SPIN', 'spin', 'Spinning', '2026-03-20T18:00:00+01:00', 'booked'),
          { externalId: 'appt', clientExternalId: 'APPT_ONLY', productExternalId: 'pt', kind: 'appointment', startsAt: '2026-03-10T10:00:00+01:00', state: 'attended' },
        ],
      });
      await write({ entity: 'visits', records: [{ externalId: 'v1', clientExternalId: 'VISIT_ONLY', kind: 'class', visitedAt: '2026-03-10T18:00:00+01:00' }] });
      yoga = await productId(db.ds, biz, 'yoga');
      // the same class in another business, attended by a client with our YOGA2's external id
      const writeOther = writer(db.ds, other);
      await writeOther({ entity: 'products', records: PRODUCTS });
      await writeOther({ entity: 'clients', records: [{ externalId: 'NONE' }] });
      await writeOther({
        entity: 'bookings',
        records: [{ externalId: 'x', clientExternalId: 'NONE', productExternalId: 'yoga', kind: 'class', name: 'Yoga', startsAt: '2026-03-10T08:00:00+01:00', state: 'attended' }],
      });
      otherYoga = await productId(db.ds, other, 'yoga');
    });

    const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

    it('should count attended class bookings starting in the window, edges included', async () => {
      await expect(ours(attendance('>=', 1))).resolves.toEqual(['EDGE_IN', 'SPIN', 'YOGA2']);
      await expect(ours(attendance('=', 2))).resolves.toEqual(['EDGE_IN', 'YOGA2']);
      await expect(ours(attendance('=', 1))).resolves.toEqual(['SPIN']);
    });

    it('should match clients with no attended classes when zero satisfies the comparison', async () => {
      await expect(ours(attendance('=', 0))).resolves.toEqual(['APPT_ONLY', 'EDGE_OUT', 'NONE', 'VISIT_ONLY']);
      await expect(ours(attendance('<=', 1))).resolves.toEqual(['APPT_ONLY', 'EDGE_OUT', 'NONE', 'SPIN', 'VISIT_ONLY']);
    });

    it('should filter by product or name, either one matching', async () => {
      await expect(ours(attendance('>=', 1, { productIds: [yoga] }))).resolves.toEqual(['YOGA2']);
      await expect(ours(attendance('>=', 1, { names: ['SPINNING'] }))).resolves.toEqual(['SPIN']);
      await expect(ours(attendance('>=', 1, { productIds: [yoga], names: ['Spinning'] }))).resolves.toEqual(['SPIN', 'YOGA2']);
      await expect(ours(attendance('=', 0, { productIds: [yoga] }))).resolves.toEqual(ALL.filter((c) => c !== 'YOGA2'));
    });

    it("should never count another business's bookings or products", async () => {
      await expect(ours(attendance('>=', 1, { productIds: [otherYoga] }))).resolves.toEqual([]);
      await expect(ours(attendance('=', 0, { productIds: [otherYoga] }))).resolves.toEqual(ALL);
    });

    it('should name the bad parameter', () => {
      expect(problemsOf(attendance('>=', 1, { productIds: [yoga, 'yoga'] }))).toEqual([{ path: 'productIds', reason: 'productIds[1] must be a product id (digits, as a string)' }]);
      expect(problemsOf(attendance('>=', 1, { names: 'Yoga' }))).toEqual([{ path: 'names', reason: 'names must be a list of texts' }]);
      expect(problemsOf(attendance('>=', 1, { names: ['Yoga', ''] }))).toEqual([{ path: 'names', reason: 'names[1] must be text of 1 to 200 characters' }]);
      expect(problemsOf(attendance('>=', 1, { names: [] }))).toEqual([{ path: 'names', reason: 'names must name at least one' }]);
      expect(problemsOf({ or: [{ condition: 'class_attendance', operator: '>=', value: 1 }] })).toEqual([{ path: 'or[0].window', reason: expect.stringContaining('window must be an object') }]);
    });
  });

  // Bookings with no_show_active: NS2 2 (one a year old; an expired no-show does not count),
  // NS1 1 (an appointment), NONE_ACTIVE 0 (only an expired no-show), NONE 0.
  describe('condition: active_no_shows', () => {
    let biz: string;
    const noShows = (operator: string, value: number) => ({ condition: 'active_no_shows', operator, value });

    beforeAll(async () => {
      ({ businessId: biz } = await newBusiness(db.ds));
      const write = writer(db.ds, biz);
      await write({ entity: 'clients', records: ['NS2', 'NS1', 'NONE_ACTIVE', 'NONE'].map((externalId) => ({ externalId })) });
      const b = (externalId: string, client: string, startsAt: string, noShowActive: boolean, kind = 'class') => ({
        externalId,
        clientExternalId: client,
        kind,
        startsAt,
        state: 'no_show',
        noShowActive,
      });
      await write({
        entity: 'bookings',
        records: [
          b('a', 'NS2', '2025-03-01T18:00:00+01:00', true),
          b('b', 'NS2', '2026-03-19T18:00:00+01:00', true),
          b('c', 'NS2', '2026-03-12T18:00:00+01:00', false),
          b('d', 'NS1', '2026-03-02T10:00:00+01:00', true, 'appointment'),
          b('e', 'NONE_ACTIVE', '2026-03-02T10:00:00+01:00', false),
        ],
      });
      const { businessId: other } = await newBusiness(db.ds);
      await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'NONE' }] });
      await writer(db.ds, other)({ entity: 'bookings', records: [b('x', 'NONE', '2026-03-19T18:00:00+01:00', true), b('y', 'NONE', '2026-03-18T18:00:00+01:00', true)] });
    });

    const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

    it('should count active no-shows whatever their date', async () => {
      await expect(ours(noShows('>=', 1))).resolves.toEqual(['NS1', 'NS2']);
      await expect(ours(noShows('=', 2))).resolves.toEqual(['NS2']);
      await expect(ours(noShows('>', 2))).resolves.toEqual([]);
    });

    it('should match clients without active no-shows when zero satisfies the comparison', async () => {
      await expect(ours(noShows('=', 0))).resolves.toEqual(['NONE', 'NONE_ACTIVE']);
      await expect(ours(noShows('<', 2))).resolves.toEqual(['NONE', 'NONE_ACTIVE', 'NS1']);
      await expect(ours({ not: noShows('<', 2) })).resolves.toEqual(['NS2']);
    });

    it('should name the bad parameter', () => {
      expect(problemsOf({ ...noShows('>=', 1), window: { last: 30 } })).toEqual([{ path: 'window', reason: expect.stringContaining('should not exist') }]);
      expect(problemsOf(noShows('>=', '2' as unknown as number))).toEqual(expect.arrayContaining([{ path: 'value', reason: 'value must be a number' }]));
      expect(problemsOf(noShows('>=', 2.5))).toEqual([{ path: 'value', reason: 'value must be a whole number' }]);
    });
  });

  // Appointment bookings (not cancelled) starting in the window:
  //   PT2 2 in {last: 30} (attended + late cancel; a cancelled one does not count)
  //   NO_CAT 1 (no category on the booking: its product's, massage, stands in)
  //   PHYSIO_FUTURE 1 in {next: 7} (starts 2026-03-25), 0 in {last: 30}
  //   EDGE_OUT 0 (23:59 the day before the window)   CLASS_ONLY 0 (a class)   NONE 0
  describe('condition: service_bookings', () => {
    let biz: string;
    let pt: string;
    const service = (operator: string, value: number, window: object = last30, extra: object = {}) => ({ condition: 'service_bookings', operator, value, window, ...extra });

    beforeAll(async () => {
      ({ businessId: biz } = await newBusiness(db.ds));
      const write = writer(db.ds, biz);
      await write({ entity: 'products', records: PRODUCTS });
      await write({ entity: 'clients', records: ['PT2', 'NO_CAT', 'PHYSIO_FUTURE', 'EDGE_OUT', 'CLASS_ONLY', 'NONE'].map((externalId) => ({ externalId })) });
      let n = 0;
      const appt = (client: string, product: string, serviceCategory: string | undefined, startsAt: string, state = 'attended') => ({
        externalId: `b${++n}`,
        clientExternalId: client,
        productExternalId: product,
        kind: 'appointment',
        startsAt,
        state,
        ...(serviceCategory ? { serviceCategory } : {}),
      });
      await write({
        entity: 'bookings',
        records: [
          appt('PT2', 'pt', 'personal_training', '2026-03-02T10:00:00+01:00'),
          appt('PT2', 'pt', 'personal_training', '2026-03-09T10:00:00+01:00', 'late_cancelled'),
          appt('PT2', 'pt', 'personal_training', '2026-03-16T10:00:00+01:00', 'cancelled'),
          appt('NO_CAT', 'massage', undefined, '2026-03-04T10:00:00+01:00'),
          appt('PHYSIO_FUTURE', 'physio', 'physio', '2026-03-25T10:00:00+01:00', 'booked'),
          appt('EDGE_OUT', 'pt', 'personal_training', '2026-02-18T23:59:00+01:00'),
          { externalId: 'cls', clientExternalId: 'CLASS_ONLY', productExternalId: 'yoga', kind: 'class', startsAt: '2026-03-10T08:00:00+01:00', state: 'attended' },
        ],
      });
      pt = await productId(db.ds, biz, 'pt');
    });

    const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

    it('should count appointment bookings that were not cancelled', async () => {
      await expect(ours(service('>=', 1))).resolves.toEqual(['NO_CAT', 'PT2']);
      await expect(ours(service('=', 2))).resolves.toEqual(['PT2']);
      await expect(ours(service('>=', 1, { last: 31 }))).resolves.toEqual(['EDGE_OUT', 'NO_CAT', 'PT2']);
      await expect(ours(service('=', 0))).resolves.toEqual(['CLASS_ONLY', 'EDGE_OUT', 'NONE', 'PHYSIO_FUTURE']);
    });

    it('should count upcoming bookings in a future window', async () => {
      await expect(ours(service('>=', 1, { next: 7 }))).resolves.toEqual(['PHYSIO_FUTURE']);
      await expect(ours(service('>=', 1, { next: 5 }))).resolves.toEqual([]);
    });

    it('should filter by service category (the product standing in) or product', async () => {
      await expect(ours(service('>=', 1, last30, { serviceCategories: ['massage'] }))).resolves.toEqual(['NO_CAT']);
      await expect(ours(service('>=', 1, { next: 7 }, { serviceCategories: ['physio'] }))).resolves.toEqual(['PHYSIO_FUTURE']);
      await expect(ours(service('>=', 1, last30, { productIds: [pt] }))).resolves.toEqual(['PT2']);
      await expect(ours(service('>=', 1, last30, { serviceCategories: ['massage'], productIds: [pt] }))).resolves.toEqual(['NO_CAT', 'PT2']);
      await expect(ours(service('=', 0, last30, { serviceCategories: ['personal_training'] }))).resolves.toEqual(['CLASS_ONLY', 'EDGE_OUT', 'NONE', 'NO_CAT', 'PHYSIO_FUTURE']);
    });

    it('should name the bad parameter', () => {
      expect(problemsOf(service('>=', 1, last30, { serviceCategories: [] }))).toEqual([{ path: 'serviceCategories', reason: 'serviceCategories must name at least one' }]);
      expect(problemsOf(service('>=', 1, last30, { productIds: [42] }))).toEqual([{ path: 'productIds', reason: 'productIds[0] must be a product id (digits, as a string)' }]);
    });
  });
});
