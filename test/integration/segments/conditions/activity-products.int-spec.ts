import { DataSource } from 'typeorm';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20 (Europe/Stockholm, UTC+1); {last: 30} = local days 2026-02-19 .. 2026-03-20,
// {next: 7} = 2026-03-20 .. 2026-03-26.
//   BOOKED_EDGE   Yoga booked at 00:00 on the window's first day, starting 2026-03-25
//   BOOKED_BEFORE Spinning booked at 23:59 the day before the window, starting 2026-02-20
//   CANCELLED     Yoga booked 2026-03-10 for 2026-03-22, cancelled: never counts
//   NO_BOOKED_AT  Spinning starting 2026-03-12, the source sent no booking time
//   SHAKE         bought a protein shake at 23:59 today
//   REFUND        only a refund of a T-shirt (negative amount) in the window
//   TEE_OLD       bought a T-shirt at 23:59 the day before the window
//   MEMBER        bought the monthly membership 2026-03-01
//   NONE          nothing
// Another business has the same products and a client NONE who bought a shake today.
const today = '2026-03-20';
const last30 = { last: 30 };
const ALL = ['BOOKED_BEFORE', 'BOOKED_EDGE', 'CANCELLED', 'MEMBER', 'NONE', 'NO_BOOKED_AT', 'REFUND', 'SHAKE', 'TEE_OLD'];
const PRODUCTS = [
  { externalId: 'yoga', name: 'Yoga', kind: 'other', labels: ['group_class', 'mind_body'] },
  { externalId: 'spin', name: 'Spinning', kind: 'other', labels: ['group_class', 'cardio'] },
  { externalId: 'shake', name: 'Protein Shake', kind: 'retail', labels: ['food'] },
  { externalId: 'tee', name: 'T-Shirt', kind: 'retail', labels: ['merchandise'] },
  { externalId: 'monthly', name: 'All Access Monthly', kind: 'membership', labels: ['all_access'] },
];

const productId = async (ds: DataSource, businessId: string, externalId: string): Promise<string> => {
  const [row] = await ds.query(`SELECT id::text AS id FROM product WHERE business_id = $1 AND external_id = $2`, [businessId, externalId]);
  return row.id;
};

describe('product and product label conditions', () => {
  let db: TestDb;
  let biz: string;
  const ids: Record<string, string> = {};
  let otherShake: string;

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const write = writer(db.ds, biz);
    await write({ entity: 'products', records: PRODUCTS });
    await write({ entity: 'clients', records: ALL.map((externalId) => ({ externalId })) });
    const booking = (externalId: string, client: string, product: string, startsAt: string, bookedAt: string | undefined, state = 'booked') => ({
      externalId,
      clientExternalId: client,
      productExternalId: product,
      kind: 'class',
      startsAt,
      state,
      ...(bookedAt ? { bookedAt } : {}),
    });
    await write({
      entity: 'bookings',
      records: [
        booking('b1', 'BOOKED_EDGE', 'yoga', '2026-03-25T08:00:00+01:00', '2026-02-19T00:00:00+01:00'),
        booking('b2', 'BOOKED_BEFORE', 'spin', '2026-02-20T18:00:00+01:00', '2026-02-18T23:59:00+01:00', 'attended'),
        booking('b3', 'CANCELLED', 'yoga', '2026-03-22T08:00:00+01:00', '2026-03-10T12:00:00+01:00', 'cancelled'),
        booking('b4', 'NO_BOOKED_AT', 'spin', '2026-03-12T18:00:00+01:00', undefined, 'no_show'),
      ],
    });
    const sale = (externalId: string, client: string, product: string, soldAt: string, amount = 3500) => ({
      externalId,
      clientExternalId: client,
      productExternalId: product,
      soldAt,
      quantity: 1,
      amount,
    });
    await write({
      entity: 'sales',
      records: [
        sale('s1', 'SHAKE', 'shake', '2026-03-20T23:59:00+01:00'),
        sale('s2', 'REFUND', 'tee', '2026-03-05T12:00:00+01:00', -2000),
        sale('s3', 'TEE_OLD', 'tee', '2026-02-18T23:59:00+01:00'),
        sale('s4', 'MEMBER', 'monthly', '2026-03-01T12:00:00+01:00', 49900),
      ],
    });
    for (const p of PRODUCTS) ids[p.externalId] = await productId(db.ds, biz, p.externalId);

    const { businessId: other } = await newBusiness(db.ds);
    const writeOther = writer(db.ds, other);
    await writeOther({ entity: 'products', records: PRODUCTS });
    await writeOther({ entity: 'clients', records: [{ externalId: 'NONE' }] });
    await writeOther({ entity: 'sales', records: [sale('x1', 'NONE', 'shake', '2026-03-20T10:00:00+01:00')] });
    await writeOther({ entity: 'bookings', records: [booking('x2', 'NONE', 'yoga', '2026-03-21T08:00:00+01:00', '2026-03-20T08:00:00+01:00')] });
    otherShake = await productId(db.ds, other, 'shake');
  });
  afterAll(() => db.drop());

  const ours = (tree: unknown) => matching(db.ds, biz, tree, { today });

  it('product_booked: by the booking date, first day in, the day before out, cancelled and undated never', async () => {
    await expect(ours({ condition: 'product_booked', productKind: 'other', window: last30 })).resolves.toEqual(['BOOKED_EDGE']);
    await expect(ours({ condition: 'product_booked', productIds: [ids.spin], window: { from: '2026-02-18', to: '2026-02-18' } })).resolves.toEqual(['BOOKED_BEFORE']);
    await expect(ours({ condition: 'product_booked', productKind: 'other', window: { from: '2026-03-10', to: '2026-03-10' } })).resolves.toEqual([]);
  });

  it('product_booking_starts: by the start, past and future windows', async () => {
    await expect(ours({ condition: 'product_booking_starts', productKind: 'other', window: last30 })).resolves.toEqual(['BOOKED_BEFORE', 'NO_BOOKED_AT']);
    await expect(ours({ condition: 'product_booking_starts', productIds: [ids.yoga], window: { next: 7 } })).resolves.toEqual(['BOOKED_EDGE']);
    await expect(ours({ condition: 'product_booking_starts', productKind: 'other', productIds: [ids.yoga], window: { next: 5 } })).resolves.toEqual([]);
    await expect(ours({ condition: 'product_booking_starts', productKind: 'retail', window: { next: 30 } })).resolves.toEqual([]);
  });

  it('product_bought: purchases in the window (refunds are not), and "did not buy" as the complement', async () => {
    await expect(ours({ condition: 'product_bought', productKind: 'retail', bought: true, window: last30 })).resolves.toEqual(['SHAKE']);
    await expect(ours({ condition: 'product_bought', productKind: 'retail', bought: true, window: { last: 31 } })).resolves.toEqual(['SHAKE', 'TEE_OLD']);
    await expect(ours({ condition: 'product_bought', productKind: 'retail', bought: false, window: last30 })).resolves.toEqual(ALL.filter((c) => c !== 'SHAKE'));
    await expect(ours({ condition: 'product_bought', productIds: [ids.monthly], bought: true, window: last30 })).resolves.toEqual(['MEMBER']);
    // kind and ids must both hold
    await expect(ours({ condition: 'product_bought', productKind: 'retail', productIds: [ids.monthly], bought: true, window: last30 })).resolves.toEqual([]);
  });

  it("should never read another business's products or rows", async () => {
    await expect(ours({ condition: 'product_bought', productIds: [otherShake], bought: true, window: last30 })).resolves.toEqual([]);
    await expect(ours({ condition: 'product_bought', productIds: [otherShake], bought: false, window: last30 })).resolves.toEqual(ALL);
    await expect(ours({ condition: 'product_label_booked', labels: ['mind_body'], window: { last: 1 } })).resolves.toEqual([]);
  });

  it('product_label_*: the same three by label', async () => {
    await expect(ours({ condition: 'product_label_booked', labels: ['mind_body'], window: last30 })).resolves.toEqual(['BOOKED_EDGE']);
    await expect(ours({ condition: 'product_label_booking_starts', labels: ['cardio'], window: last30 })).resolves.toEqual(['BOOKED_BEFORE', 'NO_BOOKED_AT']);
    await expect(ours({ condition: 'product_label_booking_starts', labels: ['group_class'], window: { next: 7 } })).resolves.toEqual(['BOOKED_EDGE']);
    await expect(ours({ condition: 'product_label_bought', labels: ['food'], bought: true, window: last30 })).resolves.toEqual(['SHAKE']);
    await expect(ours({ condition: 'product_label_bought', labels: ['food', 'merchandise'], bought: true, window: { last: 31 } })).resolves.toEqual(['SHAKE', 'TEE_OLD']);
    await expect(ours({ condition: 'product_label_bought', labels: ['merchandise'], bought: false, window: last30 })).resolves.toEqual(ALL);
    await expect(ours({ condition: 'product_label_bought', labels: ['no such label'], bought: true, window: last30 })).resolves.toEqual([]);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf({ condition: 'product_bought', bought: true, window: last30 })).toEqual([{ path: 'productKind', reason: expect.stringContaining('give productKind, productIds or both') }]);
    expect(problemsOf({ condition: 'product_bought', productKind: 'food', bought: true, window: last30 })).toEqual([
      { path: 'productKind', reason: expect.stringContaining('productKind must be one of membership, class_pack') },
    ]);
    expect(problemsOf({ condition: 'product_bought', productKind: 'retail', bought: 'yes', window: last30 })).toEqual([
      { path: 'bought', reason: 'bought must be true (bought) or false (did not buy)' },
    ]);
    expect(problemsOf({ and: [{ condition: 'product_booked', productIds: [], window: last30 }] })).toEqual([{ path: 'and[0].productIds', reason: 'productIds must name at least one product' }]);
    expect(problemsOf({ condition: 'product_booking_starts', productKind: 'retail' })).toEqual([{ path: 'window', reason: expect.stringContaining('window must be an object') }]);
    expect(problemsOf({ condition: 'product_label_bought', labels: [], bought: true, window: last30 })).toEqual([{ path: 'labels', reason: 'labels must name at least one' }]);
    expect(problemsOf({ condition: 'product_label_booked', labels: ['a'], productKind: 'retail', window: last30 })).toEqual([
      { path: 'productKind', reason: expect.stringContaining('should not exist') },
    ]);
  });
});
