import { RiskRunRepository } from '../../../src/risk/assessment/risk-run.repository';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

describe('batch ranges of a business', () => {
  let db: TestDb;
  afterAll(() => db?.drop());

  it('should cut the clients into contiguous, non-overlapping ranges of the batch size, in id order', async () => {
    db = await createTestDb();
    const { businessId } = await newBusiness(db.ds);
    const other = await newBusiness(db.ds);
    // 2,500 clients of the business interleaved with another's, ids running past 1,000 and 10,000
    await db.ds.query(
      `INSERT INTO client (business_id, source, external_id)
       SELECT CASE WHEN g % 5 = 0 THEN $2::uuid ELSE $1::uuid END, 'import', 'c' || g FROM generate_series(1, 3125) g`,
      [businessId, other.businessId],
    );
    const ranges = await new RiskRunRepository(db.ds).ranges(businessId, 100);
    expect(ranges).toHaveLength(25);
    const sizes = await Promise.all(
      ranges.map(async (r) => (await db.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1 AND id >= $2 AND id < $3`, [businessId, r.fromId, r.toId]))[0].n),
    );
    expect(sizes).toEqual(Array(25).fill(100));
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].fromId).toBe(ranges[i - 1].toId);
    expect(BigInt(ranges[10].fromId)).toBeGreaterThan(BigInt(ranges[9].fromId));
  });
});
