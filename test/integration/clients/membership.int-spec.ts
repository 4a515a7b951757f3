import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { hasActivePackageSql, isMemberSql } from '../../../src/clients/membership.sql';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// today = 2026-03-31 throughout
describe('membership definitions (README glossary, segments.md)', () => {
  let db: TestDb;
  let businessId: string;
  const write = (batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(businessId, 'import', batch, { mode: 'strict' }));

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds));
    const clients = [
      'billed',
      'trailing',
      'renewing',
      'unbilled',
      'cancelled-running',
      'cancelled-ended',
      'future',
      'ended',
      'ends-today',
      'quota-left',
      'quota-used',
      'quota-expired',
      'flag-false',
      'flag-true',
      'nothing',
    ];
    await write({ entity: 'clients', records: clients.map((c) => ({ externalId: c, ...(c === 'flag-false' ? { isMember: false } : c === 'flag-true' ? { isMember: true } : {}) })) });
    const sub = (externalId: string, client: string, extra: Record<string, unknown>) => ({ externalId, clientExternalId: client, startsOn: '2026-01-01', ...extra });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'billed', { billed: true }),
        sub('s2', 'trailing', { trailingBilling: true }),
        sub('s3', 'renewing', { autoRenew: true }),
        sub('s4', 'unbilled', {}),
        sub('s5', 'cancelled-running', { billed: true, cancelledAt: '2026-03-01T10:00:00Z', endsOn: '2026-04-30' }),
        sub('s6', 'cancelled-ended', { billed: true, cancelledAt: '2026-02-01T10:00:00Z', endsOn: '2026-03-30' }),
        sub('s7', 'future', { billed: true, startsOn: '2026-04-01' }),
        sub('s8', 'ended', { billed: true, endsOn: '2026-02-28' }),
        sub('s9', 'ends-today', { billed: true, endsOn: '2026-03-31' }),
        sub('s10', 'flag-false', { billed: true }),
      ],
    });
    await write({
      entity: 'quotas',
      records: [
        { externalId: 'q1', clientExternalId: 'quota-left', totalUnits: 10, usedUnits: 9, expiresOn: '2026-03-31' },
        { externalId: 'q2', clientExternalId: 'quota-used', totalUnits: 10, usedUnits: 10 },
        { externalId: 'q3', clientExternalId: 'quota-expired', totalUnits: 10, usedUnits: 2, expiresOn: '2026-03-30' },
      ],
    });
  });
  afterAll(() => db.drop());

  const matching = async (predicate: string): Promise<string[]> =>
    (await db.ds.query(`SELECT external_id FROM client c WHERE c.business_id = $1 AND ${predicate} ORDER BY 1`, [businessId])).map((r: { external_id: string }) => r.external_id);

  it('should count as an active package exactly the running subscriptions that are billed, in arrears or renewing, and clip cards with units left', async () => {
    expect(await matching(hasActivePackageSql('c', `'2026-03-31'::date`))).toEqual(['billed', 'cancelled-running', 'ends-today', 'flag-false', 'quota-left', 'renewing', 'trailing'].sort());
  });

  it("should take the source's member flag where there is one, and an active package otherwise", async () => {
    expect(await matching(isMemberSql('c', `'2026-03-31'::date`))).toEqual(['billed', 'cancelled-running', 'ends-today', 'flag-true', 'quota-left', 'renewing', 'trailing'].sort());
  });
});
