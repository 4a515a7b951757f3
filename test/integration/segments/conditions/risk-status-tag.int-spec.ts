import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// Tags as the assessment writes them (risk.types RISK_TAGS). A in_trouble [in_trouble, absent],
// B at_risk [low_user, absent], C at_risk [low_user, absent, new_member], D loving_it [],
// E no status. Another business's X carries every tag and never appears.
describe('condition: status_tag', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await db.ds.query(
      `INSERT INTO client_status (client_id, business_id, status, tags, score)
       SELECT c.id, c.business_id, v.status, v.tags::text[], v.score FROM client c
         JOIN (VALUES ('A', 'in_trouble', '{in_trouble,absent}', 35),
                      ('B', 'at_risk', '{low_user,absent}', 100),
                      ('C', 'at_risk', '{low_user,absent,new_member}', 100),
                      ('D', 'loving_it', '{}', 10),
                      ('X', 'in_trouble', '{in_trouble,low_user,absent,new_member}', 100)) AS v(ext, status, tags, score)
           ON v.ext = c.external_id`,
    );
  });
  afterAll(() => db.drop());

  const tag = (...tags: string[]) => ({ condition: 'status_tag', tags });

  it('should match the clients whose current status carries any of the tags', async () => {
    await expect(matching(db.ds, biz, tag('absent'), { today })).resolves.toEqual(['A', 'B', 'C']);
    await expect(matching(db.ds, biz, tag('new_member'), { today })).resolves.toEqual(['C']);
    await expect(matching(db.ds, biz, tag('in_trouble', 'new_member'), { today })).resolves.toEqual(['A', 'C']);
    await expect(matching(db.ds, biz, { and: [tag('low_user'), tag('new_member')] }, { today })).resolves.toEqual(['C']);
  });

  it('should treat no tags or no status as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: tag('absent') }, { today })).resolves.toEqual(['D', 'E']);
    await expect(matching(db.ds, biz, { not: tag('in_trouble', 'low_user', 'absent', 'new_member') }, { today })).resolves.toEqual(['D', 'E']);
  });

  it('should accept only the tags the assessment writes', () => {
    expect(problemsOf(tag('vip'))).toEqual([{ path: 'tags', reason: 'tags[0] "vip" is not one of: in_trouble, low_user, absent, new_member' }]);
    expect(problemsOf({ or: [tag('absent'), { not: tag() }] })).toEqual([{ path: 'or[1].not.tags', reason: 'tags must be a non-empty array of: in_trouble, low_user, absent, new_member' }]);
    expect(problemsOf({ condition: 'status_tag' })).toEqual([{ path: 'tags', reason: expect.stringContaining('must be a non-empty array') }]);
  });
});
