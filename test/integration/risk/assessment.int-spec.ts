import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { DEFAULT_ASSESSMENT_PARAMS } from '../../../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../../../src/risk/assessment/risk-assessment.repository';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// risk.md's worked examples (today = 2026-03-31) and the rules around them, on real PostgreSQL
describe('set-based risk assessment', () => {
  let db: TestDb;
  let businessId: string;
  let repo: RiskAssessmentRepository;
  const TODAY = '2026-03-31';
  const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));
  const assessAll = () => repo.assess(businessId, { fromId: '0', toId: '999999999' }, DEFAULT_ASSESSMENT_PARAMS, { today: TODAY });
  const statusOf = async (ext: string) =>
    (await db.ds.query(`SELECT cs.status, cs.tags, cs.score, cs.reason FROM client_status cs JOIN client c ON c.id = cs.client_id WHERE c.external_id = $1`, [ext]))[0];
  const member = (ext: string, startsOn: string) => ({ externalId: `sub-${ext}`, clientExternalId: ext, startsOn, billed: true });
  const visits = (ext: string, days: string[]) => days.map((d, k) => ({ externalId: `v-${ext}-${k}`, clientExternalId: ext, visitedAt: `${d}T12:00:00Z` }));

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    repo = new RiskAssessmentRepository(db.ds);
    const clients = ['new11', 'absent10', 'absent22', 'regular', 'guest', 'flagged-no-package', 'fan', 'fresh'];
    await write({ entity: 'clients', records: clients.map((c) => ({ externalId: c, ...(c === 'flagged-no-package' ? { isMember: true } : {}) })) });
    await write({
      entity: 'subscriptions',
      records: [
        member('new11', '2026-03-20'),
        member('absent10', '2025-05-01'),
        member('absent22', '2025-05-01'),
        member('regular', '2025-05-01'),
        member('fan', '2025-05-01'),
        member('fresh', '2026-03-29'),
      ],
    });
    await write({
      entity: 'visits',
      records: [
        ...visits('absent10', ['2026-03-01', '2026-03-21']),
        ...visits('absent22', ['2026-03-09']),
        ...visits('regular', ['2026-03-27', '2026-03-30', '2026-03-30']),
        ...visits('fan', ['2026-03-30', '2026-03-29', '2026-03-28']),
        ...visits('guest', ['2026-03-30']),
      ],
    });
  });
  afterAll(() => db.drop());

  it('should give each worked example of risk.md its status, tags and score', async () => {
    const r = await assessAll();
    expect(r.assessed).toBe(8);
    expect(await statusOf('new11')).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent', 'new_member'], score: 100 });
    expect(await statusOf('absent10')).toMatchObject({ status: 'at_risk', tags: ['low_user', 'absent'], score: 100 });
    expect(await statusOf('absent22')).toMatchObject({ status: 'in_trouble', tags: ['in_trouble', 'low_user', 'absent'] });
    // two unique visit days in 7 (two check-ins on 30 March count once), last one yesterday
    expect(await statusOf('regular')).toMatchObject({ status: 'loving_it', tags: ['low_user'], score: 10 });
  });

  it('should give non-members no status and members without an active package Suspended', async () => {
    expect(await statusOf('guest')).toBeUndefined();
    expect(await statusOf('flagged-no-package')).toMatchObject({ status: 'suspended', tags: [], score: 0 });
  });

  it('should not score Low User for a member registered less than 7 days ago', async () => {
    // registered 2 days ago, no visits: Absent 2 days -> 0, New Member 25, Low User not scored
    expect(await statusOf('fresh')).toMatchObject({ status: 'loving_it', tags: ['new_member'], score: 25 });
  });

  it('should write one status_change per change, and nothing at all on a repeat pass', async () => {
    const [{ n: before }] = await db.ds.query(`SELECT count(*)::int AS n FROM status_change`);
    expect(before).toBe(7); // every status-holder got its first status
    const again = await assessAll();
    expect(again).toMatchObject({ rowsWritten: 0, rowsRemoved: 0, changes: [] });
    const [{ n: after }] = await db.ds.query(`SELECT count(*)::int AS n FROM status_change`);
    expect(after).toBe(before);
  });

  it('should keep Raving Fan and a manual status until the rules say At Risk or In Trouble', async () => {
    await db.ds.query(`UPDATE client_status SET status = 'raving_fan', reason = 'manual' WHERE client_id = (SELECT id FROM client WHERE external_id = 'fan')`);
    await assessAll();
    expect(await statusOf('fan')).toMatchObject({ status: 'raving_fan', reason: 'manual' });
    // the fan stops coming: 14 days later they are At Risk, the manual status is released
    const later = await repo.assess(businessId, { fromId: '0', toId: '999999999' }, DEFAULT_ASSESSMENT_PARAMS, { today: '2026-04-13' });
    expect(later.changes).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'raving_fan', to: 'at_risk' })]));
    expect(await statusOf('fan')).toMatchObject({ status: 'at_risk', reason: 'rule' });
  });

  it('should remove the status of a member who stops being one, recording the change', async () => {
    await write({ entity: 'clients', records: [{ externalId: 'leaver' }] });
    await write({ entity: 'subscriptions', records: [member('leaver', '2025-05-01')] });
    await write({ entity: 'visits', records: visits('leaver', ['2026-03-28', '2026-03-29', '2026-03-30']) });
    const [{ id }] = await db.ds.query(`SELECT id::text FROM client WHERE external_id = 'leaver'`);
    await repo.assess(businessId, { ids: [id] }, DEFAULT_ASSESSMENT_PARAMS, { today: TODAY });
    expect(await statusOf('leaver')).toMatchObject({ status: 'loving_it', score: 0 });

    await write({ entity: 'subscriptions', records: [{ ...member('leaver', '2025-05-01'), endsOn: '2026-03-30' }] });
    const r = await repo.assess(businessId, { ids: [id] }, DEFAULT_ASSESSMENT_PARAMS, { today: TODAY });
    expect(r.changes).toEqual([expect.objectContaining({ clientId: id, from: 'loving_it', to: null })]);
    expect(await statusOf('leaver')).toBeUndefined();
    expect(await db.ds.query(`SELECT from_status, to_status, reason FROM status_change WHERE client_id = $1 ORDER BY id`, [id])).toEqual([
      { from_status: null, to_status: 'loving_it', reason: 'rule' },
      { from_status: 'loving_it', to_status: null, reason: 'rule' },
    ]);
  });

  it('should assess just the clients it is given', async () => {
    const [{ id }] = await db.ds.query(`SELECT id::text FROM client WHERE external_id = 'new11'`);
    await db.ds.query(`DELETE FROM client_status WHERE client_id = $1`, [id]);
    const r = await repo.assess(businessId, { ids: [id] }, DEFAULT_ASSESSMENT_PARAMS, { today: TODAY });
    expect(r.assessed).toBe(1);
    expect(r.changes).toEqual([expect.objectContaining({ clientId: id, from: null, to: 'at_risk' })]);
  });
});
