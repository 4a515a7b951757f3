import { CompileScope } from '../../../src/segments/compiler/compile-context';
import { explainTree } from '../../../src/segments/compiler/compile-tree';
import { validateTree } from '../../../src/segments/compiler/validate-tree';
import { SegmentQueryRepository } from '../../../src/segments/evaluation/segment-query.repository';
import { newBusiness } from '../../support/factories';
import { prng } from '../../support/prng';
import { createTestDb, TestDb } from '../../support/test-db';
import { matching, writer } from './segment-test-kit';

// The compiled statement and "explain" must agree for every client on random trees, including
// NOT over groups whose leaves are unknown (no birth date, no status): the statement leaves
// leaves bare and coalesces only NOT operands, explain combines two-valued leaves in TypeScript.
describe('condition tree semantics (statement vs explain, random trees)', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const scope = (): CompileScope => ({ businessId: biz, today, timezone: 'Europe/Stockholm' });

  const LEAVES = [
    { condition: 'age', operator: '>=', value: 30 },
    { condition: 'age', operator: '<', value: 20 },
    { condition: 'gender', values: ['female'] },
    { condition: 'status', statuses: ['at_risk'] },
    { condition: 'suspended', value: true },
  ];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const births = ['1980-01-01', '2010-06-01', undefined, '1999-12-31'];
    const genders = ['female', 'male', 'unknown'];
    await writer(
      db.ds,
      biz,
    )({
      entity: 'clients',
      records: Array.from({ length: 24 }, (_, i) => ({
        externalId: `c${String(i).padStart(2, '0')}`,
        ...(births[i % 4] ? { birthDate: births[i % 4] } : {}),
        gender: genders[i % 3],
        suspended: i % 5 === 0,
      })),
    });
    // statuses for some clients only (the rest have no row: unknown, so false)
    await db.ds.query(
      `INSERT INTO client_status (client_id, business_id, status) SELECT id, business_id, CASE WHEN id % 2 = 0 THEN 'at_risk' ELSE 'loving_it' END
         FROM client WHERE business_id = $1 AND right(external_id, 1) IN ('1', '2', '3', '4')`,
      [biz],
    );
  });
  afterAll(() => db.drop());

  it('should select exactly the clients explain says match, for 60 random trees', async () => {
    const rnd = prng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const build = (depth: number): object => {
      const r = rnd();
      if (depth >= 3 || r < 0.35) return pick(LEAVES);
      if (r < 0.55) return { not: build(depth + 1) };
      const children = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => build(depth + 1));
      return r < 0.8 ? { and: children } : { or: children };
    };
    const clients: Array<{ id: string; external_id: string }> = await db.ds.query(`SELECT id::text, external_id FROM client WHERE business_id = $1 ORDER BY external_id`, [biz]);
    const repo = new SegmentQueryRepository(db.ds);
    let nonTrivial = 0;
    for (let t = 0; t < 60; t++) {
      const conditions = { not: build(0) };
      const { tree } = validateTree(conditions);
      const listed = await matching(db.ds, biz, conditions, { today });
      const explained: string[] = [];
      for (const c of clients) {
        const leaves = await repo.leafResults(tree!, scope(), c.id);
        if (explainTree(tree!, leaves!).result) explained.push(c.external_id);
      }
      expect({ conditions, listed }).toEqual({ conditions, listed: explained });
      if (listed.length > 0 && listed.length < clients.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(20);
  });
});
