import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. The label must be on the product of an active subscription.
describe('condition: subscription_product_label', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const label = (labels: unknown) => ({ condition: 'subscription_product_label', labels });
  const all = ['ENDED_PREMIUM', 'GYM', 'NONE', 'NO_PRODUCT', 'PREMIUM', 'UNLABELLED'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({
      entity: 'products',
      records: [
        { externalId: 'pt', name: 'Personal training', kind: 'membership', labels: ['personal-training', 'premium'] },
        { externalId: 'gym', name: 'Gym', kind: 'membership', labels: ['gym'] },
        { externalId: 'plain', name: 'Plain', kind: 'membership', labels: [] },
      ],
    });
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, productExternalId: string | undefined, r: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId,
      productExternalId,
      startsOn: '2025-06-01',
      autoRenew: true,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'PREMIUM', 'pt'),
        sub('s2', 'GYM', 'gym', { billed: true, autoRenew: false, endsOn: today }),
        sub('s3', 'NO_PRODUCT', undefined),
        sub('s4', 'ENDED_PREMIUM', 'pt', { endsOn: '2026-03-19' }),
        sub('s5', 'ENDED_PREMIUM', 'gym'),
        sub('s6', 'UNLABELLED', 'plain'),
      ],
    });
    const writeOther = writer(db.ds, other);
    await writeOther({ entity: 'products', records: [{ externalId: 'pt', name: 'PT', labels: ['premium'] }] });
    await writeOther({ entity: 'clients', records: [{ externalId: 'PREMIUM' }] });
    await writeOther({ entity: 'subscriptions', records: [sub('s1', 'PREMIUM', 'pt')] });
  });
  afterAll(() => db.drop());

  it('should match an active subscription whose product carries any of the labels', async () => {
    await expect(matching(db.ds, biz, label(['premium']), { today })).resolves.toEqual(['PREMIUM']);
    await expect(matching(db.ds, biz, label(['gym', 'premium']), { today })).resolves.toEqual(['ENDED_PREMIUM', 'GYM', 'PREMIUM']);
    await expect(matching(db.ds, biz, label(['yoga']), { today })).resolves.toEqual([]);
  });

  it('should compare labels exactly as stored', async () => {
    await expect(matching(db.ds, biz, label(['Premium']), { today })).resolves.toEqual([]);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: label(['premium']) }, { today })).resolves.toEqual(all.filter((c) => c !== 'PREMIUM'));
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(label([]))).toEqual([{ path: 'labels', reason: 'labels must name at least one label' }]);
    expect(problemsOf({ not: label(['gym', '']) })).toEqual([{ path: 'not.labels', reason: 'each of labels must be 1 to 200 characters' }]);
    expect(problemsOf(label([7]))).toContainEqual({ path: 'labels', reason: 'each of labels must be text' });
  });
});
