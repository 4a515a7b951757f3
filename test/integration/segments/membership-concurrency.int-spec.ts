import { SegmentMembershipRepository } from '../../../src/segments/membership/segment-membership.repository';
import { validateTree } from '../../../src/segments/compiler/validate-tree';
import { newBusiness } from '../../support/factories';
import { seedManyClients } from '../../support/tasks-fixtures';
import { createTestDb, TestDb } from '../../support/test-db';

// Two recomputes of one segment at once (the worker's after a change and a "recompute now", or two
// workers): they queue on the segment's row lock, and the second must see what the first wrote.

describe('segment membership recompute, two at once', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  it('should make exactly one of them the baseline of new conditions, and the other a plain diff', async () => {
    const { businessId } = await newBusiness(db.ds);
    await seedManyClients(db.ds, businessId, 'c', 50);
    const conditions = { condition: 'age', operator: '>=', value: 0 };
    const [seg] = await db.ds.query(`INSERT INTO segment (business_id, name, conditions) VALUES ($1, 'all', $2::jsonb) RETURNING id::text, version`, [businessId, JSON.stringify(conditions)]);
    const tree = validateTree({ not: conditions }).tree!;
    const scope = { businessId, today: '2026-12-07', timezone: 'Europe/Stockholm' };
    const repo = new SegmentMembershipRepository(db.ds);
    for (let round = 0; round < 5; round++) {
      // (TypeORM answers an UPDATE ... RETURNING with [rows, affected])
      const [[{ version }]] = await db.ds.query(`UPDATE segment SET version = version + 1 WHERE id = $1 RETURNING version`, [seg.id]);
      const results = await Promise.all([repo.recompute(seg.id, tree, version, scope, 'data'), repo.recompute(seg.id, tree, version, scope, 'manual')]);
      const baselines = results.map((r) => (r === 'stale' || !r ? null : r.baseline));
      expect({ round, baselines: baselines.sort() }).toEqual({ round, baselines: [false, true] });
    }
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM segment_transition WHERE segment_id = $1`, [seg.id])).toEqual([{ n: 0 }]);
  });

  it("should refuse to evaluate conditions older than the segment's, so a stale tree never becomes a version's members", async () => {
    const { businessId } = await newBusiness(db.ds);
    const [seg] = await db.ds.query(`INSERT INTO segment (business_id, name, conditions, version) VALUES ($1, 'v3', '{}'::jsonb, 3) RETURNING id::text`, [businessId]);
    const tree = validateTree({ condition: 'age', operator: '>=', value: 0 }).tree!;
    const repo = new SegmentMembershipRepository(db.ds);
    await expect(repo.recompute(seg.id, tree, 2, { businessId, today: '2026-12-07', timezone: 'Europe/Stockholm' }, 'manual')).resolves.toBe('stale');
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM segment_evaluation WHERE segment_id = $1`, [seg.id])).toEqual([{ n: 0 }]);
  });
});
