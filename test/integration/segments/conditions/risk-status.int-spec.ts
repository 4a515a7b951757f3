import { describeCatalogue } from '../../../../src/segments/conditions/catalogue';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// client_status is written by the risk module; rows are inserted directly. A in_trouble, B at_risk,
// C loving_it, D raving_fan, E suspended, F no status (not a member). Another business's X is
// in_trouble and never appears.
describe('condition: status', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await db.ds.query(
      `INSERT INTO client_status (client_id, business_id, status, tags)
       SELECT c.id, c.business_id, v.status, '{}' FROM client c
         JOIN (VALUES ('A', 'in_trouble'), ('B', 'at_risk'), ('C', 'loving_it'), ('D', 'raving_fan'), ('E', 'suspended'), ('X', 'in_trouble')) AS v(ext, status)
           ON v.ext = c.external_id`,
    );
  });
  afterAll(() => db.drop());

  const status = (...statuses: string[]) => ({ condition: 'status', statuses });

  it('should match the clients whose current status is one of those given', async () => {
    await expect(matching(db.ds, biz, status('in_trouble'), { today })).resolves.toEqual(['A']);
    await expect(matching(db.ds, biz, status('at_risk', 'in_trouble'), { today })).resolves.toEqual(['A', 'B']);
    await expect(matching(db.ds, biz, status('suspended'), { today })).resolves.toEqual(['E']);
    await expect(matching(db.ds, biz, status('raving_fan', 'loving_it'), { today })).resolves.toEqual(['C', 'D']);
    await expect(matching(db.ds, biz, status('in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'), { today })).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('should treat a client without a status as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: status('loving_it') }, { today })).resolves.toEqual(['A', 'B', 'D', 'E', 'F']);
    await expect(matching(db.ds, biz, { not: status('in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended') }, { today })).resolves.toEqual(['F']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(status())).toEqual([{ path: 'statuses', reason: 'statuses must be a non-empty array of: in_trouble, at_risk, loving_it, raving_fan, suspended' }]);
    expect(problemsOf({ and: [status('at_risk'), status('at_risk', 'Loving it')] })).toEqual([
      { path: 'and[1].statuses', reason: 'statuses[1] "Loving it" is not one of: in_trouble, at_risk, loving_it, raving_fan, suspended' },
    ]);
    expect(problemsOf({ condition: 'status', statuses: 'at_risk' })).toEqual([{ path: 'statuses', reason: expect.stringContaining('must be a non-empty array') }]);
    expect(problemsOf(status('at_risk', 'at_risk'))).toEqual([{ path: 'statuses', reason: "statuses lists 'at_risk' twice" }]);
    expect(problemsOf({ condition: 'status', status: ['at_risk'] })).toEqual([
      { path: 'status', reason: 'property status should not exist' },
      { path: 'statuses', reason: expect.stringContaining('must be a non-empty array') },
    ]);
  });

  it('should list the risk conditions in the catalogue', () => {
    expect(
      describeCatalogue()
        .filter((c) => c.group === 'risk')
        .map((c) => c.type),
    ).toEqual(expect.arrayContaining(['status', 'status_tag', 'status_changed', 'health', 'churn_probability', 'expected_visits']));
    expect(describeCatalogue().find((c) => c.type === 'status')?.params).toEqual([
      { name: 'statuses', label: 'Status', type: 'enum[]', required: true, values: ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] },
    ]);
  });
});
