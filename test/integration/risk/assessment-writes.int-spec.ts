import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { DEFAULT_ASSESSMENT_PARAMS } from '../../../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../../../src/risk/assessment/risk-assessment.repository';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// What the pass writes, and what it leaves alone (docs/benchmarks.md, bench:risk): no lock on an
// unchanged status row, no lock on client rows, and the deletes the foreign keys used to cascade.
describe('risk pass writes', () => {
  let db: TestDb;
  let businessId: string;
  let repo: RiskAssessmentRepository;
  const TODAY = '2026-03-31';
  const write = (bid: string, batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(bid, 'import', batch, { mode: 'strict' }));
  const assessAll = (bid = businessId) => repo.assess(bid, { fromId: '0', toId: '999999999' }, DEFAULT_ASSESSMENT_PARAMS, { today: TODAY });
  const counts = async (bid: string) =>
    (await db.ds.query(`SELECT (SELECT count(*) FROM client_status WHERE business_id = $1)::int AS statuses, (SELECT count(*) FROM status_change WHERE business_id = $1)::int AS history`, [bid]))[0];
  const seed = async (bid: string, clients: string[]) => {
    await write(bid, { entity: 'clients', records: clients.map((externalId) => ({ externalId })) });
    await write(bid, { entity: 'subscriptions', records: clients.map((c) => ({ externalId: `s-${c}`, clientExternalId: c, startsOn: '2025-05-01', billed: true })) });
    await write(bid, { entity: 'visits', records: clients.map((c) => ({ externalId: `v-${c}`, clientExternalId: c, visitedAt: '2026-03-30T12:00:00Z' })) });
  };

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    repo = new RiskAssessmentRepository(db.ds);
    await seed(businessId, ['a', 'b', 'c']);
  });
  afterAll(() => db.drop());

  it('should insert statuses and history without locking client rows', async () => {
    const clients = () => db.ds.query(`SELECT id, xmin::text, xmax::text FROM client WHERE business_id = $1 ORDER BY id`, [businessId]);
    const before = await clients();
    await expect(assessAll()).resolves.toMatchObject({ assessed: 3, rowsWritten: 3 });
    // a foreign key to client would have locked each one FOR KEY SHARE (xmax set to the pass)
    expect(await clients()).toEqual(before);
  });

  it('should neither lock nor rewrite an unchanged status row', async () => {
    const rows = () => db.ds.query(`SELECT client_id, xmin::text, xmax::text FROM client_status WHERE business_id = $1 ORDER BY client_id`, [businessId]);
    const before = await rows();
    expect(before).toHaveLength(3);
    await expect(assessAll()).resolves.toMatchObject({ assessed: 3, rowsWritten: 0, changes: [] });
    // ON CONFLICT DO UPDATE ... WHERE locks every row it reaches (xmax set) even when it updates none
    expect(await rows()).toEqual(before);
  });

  it("should delete a client's status and history with the client, and a business's with the business", async () => {
    const [{ id }] = await db.ds.query(`SELECT id FROM client WHERE business_id = $1 AND external_id = 'a'`, [businessId]);
    await expect(counts(businessId)).resolves.toEqual({ statuses: 3, history: 3 });
    await db.ds.query(`DELETE FROM client WHERE id = $1`, [id]);
    await expect(counts(businessId)).resolves.toEqual({ statuses: 2, history: 2 });
    await expect(db.ds.query(`SELECT count(*)::int AS n FROM status_change WHERE client_id = $1`, [id])).resolves.toEqual([{ n: 0 }]);

    const other = (await newBusiness(db.ds, { timezone: 'UTC' })).businessId;
    await seed(other, ['x', 'y']);
    await assessAll(other);
    await expect(counts(other)).resolves.toEqual({ statuses: 2, history: 2 });
    await db.ds.query(`DELETE FROM business WHERE id = $1`, [other]);
    await expect(counts(other)).resolves.toEqual({ statuses: 0, history: 0 });
    // the first business is untouched
    await expect(counts(businessId)).resolves.toEqual({ statuses: 2, history: 2 });
  });
});
