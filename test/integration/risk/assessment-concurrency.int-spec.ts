import { QueryRunner } from 'typeorm';
import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { DEFAULT_ASSESSMENT_PARAMS } from '../../../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../../../src/risk/assessment/risk-assessment.repository';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// A scheduled pass reads a batch's inputs once (its snapshot), then writes row by row. A
// real-time re-assessment (a check-in arrived) that reads later has the fresher inputs: its
// status must stand whichever of the two commits first, and the pass must not record or
// announce a change computed from what it read before.
describe('risk pass against a concurrent real-time write', () => {
  let db: TestDb;
  let repo: RiskAssessmentRepository;
  const write = (bid: string, batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(bid, 'import', batch, { mode: 'strict' }));
  const assess = (bid: string, today: string) => repo.assess(bid, { fromId: '0', toId: '999999999' }, DEFAULT_ASSESSMENT_PARAMS, { today });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const begin = async (): Promise<QueryRunner> => {
    const q = db.ds.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    return q;
  };
  const commit = async (q: QueryRunner) => {
    await q.commitTransaction();
    await q.release();
  };

  beforeAll(async () => {
    db = await createTestDb();
    repo = new RiskAssessmentRepository(db.ds);
  });
  afterAll(() => db.drop());

  /** Two members who visited the day before 2026-03-31 (Loving it then); ids in order. */
  async function twoMembers(): Promise<{ businessId: string; first: string; second: string }> {
    const { businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' });
    const keys = ['a', 'b'];
    await write(businessId, { entity: 'clients', records: keys.map((externalId) => ({ externalId })) });
    await write(businessId, { entity: 'subscriptions', records: keys.map((k) => ({ externalId: `s-${k}`, clientExternalId: k, startsOn: '2025-05-01', billed: true })) });
    await write(businessId, { entity: 'visits', records: keys.map((k) => ({ externalId: `v-${k}`, clientExternalId: k, visitedAt: '2026-03-30T12:00:00Z' })) });
    await expect(assess(businessId, '2026-03-31')).resolves.toMatchObject({ rowsWritten: 2 });
    const ids: Array<{ id: string }> = await db.ds.query(`SELECT client_id::text AS id FROM client_status WHERE business_id = $1 ORDER BY client_id`, [businessId]);
    return { businessId, first: ids[0].id, second: ids[1].id };
  }
  const statusOf = async (clientId: string) => (await db.ds.query(`SELECT status, reason FROM client_status WHERE client_id = $1`, [clientId]))[0];
  const historyOf = async (clientId: string) => db.ds.query(`SELECT from_status, to_status FROM status_change WHERE client_id = $1 ORDER BY id`, [clientId]);
  // what the real-time job writes after a check-in: Loving it, from inputs read when it ran
  const realtimeWrite = (q: QueryRunner, clientId: string) =>
    q.query(`UPDATE client_status SET status = 'loving_it', tags = '{}', score = 0, reason = 'event', inputs_at = statement_timestamp() WHERE client_id = $1`, [clientId]);

  it('should keep a status read after its snapshot, record no change for it, and assess it again next time', async () => {
    const { businessId, first, second } = await twoMembers();
    // holds the pass at the first client's row after it has read every input
    const holder = await begin();
    await holder.query(`SELECT 1 FROM client_status WHERE client_id = $1 FOR UPDATE`, [first]);
    // two months on by the pass's clock: from what it reads, both are In Trouble
    let settled = false;
    const pass = assess(businessId, '2026-05-30').finally(() => (settled = true));
    await pause(300);
    expect(settled).toBe(false);
    // meanwhile the second client checked in: re-assessed in real time, committed
    const realtime = await begin();
    await realtimeWrite(realtime, second);
    await commit(realtime);
    await commit(holder);

    const result = await pass;
    expect(result).toMatchObject({ assessed: 2, rowsWritten: 1 });
    expect(result.changes).toEqual([expect.objectContaining({ clientId: first, to: 'in_trouble' })]);
    expect(await statusOf(second)).toEqual({ status: 'loving_it', reason: 'event' });
    expect(await historyOf(second)).toEqual([{ from_status: null, to_status: 'loving_it' }]);

    await expect(assess(businessId, '2026-05-30')).resolves.toMatchObject({ rowsWritten: 1, changes: [expect.objectContaining({ clientId: second, from: 'loving_it', to: 'in_trouble' })] });
  });

  it('should let a pass that read later replace a write that read earlier but committed after the pass started', async () => {
    const { businessId, second } = await twoMembers();
    // the real-time job read and wrote first, but has not committed when the pass starts
    const realtime = await begin();
    await realtimeWrite(realtime, second);
    await pause(50);
    let settled = false;
    const pass = assess(businessId, '2026-05-30').finally(() => (settled = true));
    await pause(300);
    expect(settled).toBe(false);
    await commit(realtime);
    await expect(pass).resolves.toMatchObject({ rowsWritten: 2 });
    expect(await statusOf(second)).toEqual({ status: 'in_trouble', reason: 'rule' });
  });
});
