import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Member = the source's flag where it has one, otherwise an active package
// (an active subscription, or a clip card with units left that has not expired).
describe('condition: member', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const member = (value: unknown) => ({ condition: 'member', value });
  const all = ['ACTIVE_SUB', 'ENDED_SUB', 'FLAG_NO', 'FLAG_YES', 'NOTHING', 'QUOTA', 'QUOTA_EXPIRED', 'QUOTA_USED_UP', 'TRAILING_SUB'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({
      entity: 'clients',
      records: all.map((externalId) => ({ externalId, ...(externalId === 'FLAG_YES' ? { isMember: true } : externalId === 'FLAG_NO' ? { isMember: false } : {}) })),
    });
    const sub = (externalId: string, clientExternalId: string, r: Record<string, unknown> = {}) => ({ externalId, clientExternalId, startsOn: '2025-06-01', billed: true, ...r });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'ACTIVE_SUB', { endsOn: today }),
        sub('s2', 'ENDED_SUB', { endsOn: '2026-03-19' }),
        sub('s3', 'FLAG_NO'), // the source's flag wins over an active subscription
        sub('s4', 'TRAILING_SUB', { billed: false, trailingBilling: true }),
      ],
    });
    await write({
      entity: 'quotas',
      records: [
        { externalId: 'q1', clientExternalId: 'QUOTA', totalUnits: 10, usedUnits: 9, expiresOn: today },
        { externalId: 'q2', clientExternalId: 'QUOTA_USED_UP', totalUnits: 10, usedUnits: 10 },
        { externalId: 'q3', clientExternalId: 'QUOTA_EXPIRED', totalUnits: 10, usedUnits: 2, expiresOn: '2026-03-19' },
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'FLAG_YES', isMember: true }] });
  });
  afterAll(() => db.drop());

  it('should match members: the flag, else an active subscription or clip card', async () => {
    await expect(matching(db.ds, biz, member(true), { today })).resolves.toEqual(['ACTIVE_SUB', 'FLAG_YES', 'QUOTA', 'TRAILING_SUB']);
  });

  it('should match non-members with value false, the same set as NOT member', async () => {
    const nonMembers = ['ENDED_SUB', 'FLAG_NO', 'NOTHING', 'QUOTA_EXPIRED', 'QUOTA_USED_UP'];
    await expect(matching(db.ds, biz, member(false), { today })).resolves.toEqual(nonMembers);
    await expect(matching(db.ds, biz, { not: member(true) }, { today })).resolves.toEqual(nonMembers);
    await expect(matching(db.ds, biz, { not: member(false) }, { today })).resolves.toEqual(all.filter((c) => !nonMembers.includes(c)));
  });

  it('should follow today (ends-today subscription and clip card lapse tomorrow)', async () => {
    await expect(matching(db.ds, biz, member(true), { today: '2026-03-21' })).resolves.toEqual(['FLAG_YES', 'TRAILING_SUB']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(member('yes'))).toEqual([{ path: 'value', reason: 'value must be true or false' }]);
    expect(problemsOf({ and: [member(true), { condition: 'member', value: true, on: true }] })).toEqual([{ path: 'and[1].on', reason: 'property on should not exist' }]);
  });
});
