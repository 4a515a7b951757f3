import request from 'supertest';
import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';
import { isMemberSql } from '../../../src/clients/membership.sql';
import { RetentionReportRepository } from '../../../src/reports/retention-report.repository';
import { RetentionMonth, RetentionReportService } from '../../../src/reports/retention-report.service';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';
import { startTestApp, TestApp } from '../../support/test-app';

// Hand-built history, today = 2026-03-20 (Europe/Stockholm), months 2025-12 .. 2026-03.
// Membership islands (docs/reports.md), day intervals with e inclusive, open = still running:
//   A [2025-11-01, 2026-01-31]          B [2026-01-01, open)         C [2025-12-10, 2026-02-28] (two overlapping subs)
//   D [2025-12-01, 2025-12-20] + [2026-01-05, open) (gap, rejoin; two adjacent subs merge)
//   E [2026-02-10, 2026-03-10] clip card first seen 10 Feb     F never (unbilled sub only)
//   M [2026-02-20, 2026-03-05] clip card sold 20 Feb (its sale dates it)
//   G [2026-01-15, open) cancelled, ends 31 Mar (after today)  H [2026-02-01, open) ends today
//   I [2026-01-20, open) is_member=true, no packages, created at the source 20 Jan
//   J [2025-10-01, 2026-03-19] is_member=false: running sub cut at yesterday
//   K [2025-12-05, open) home location L2 (everyone else L1)   L sub starting 2026-04-01: never
//   another business's clients with subscriptions and statuses must never count
describe('retention report (hand-built history)', () => {
  let db: TestDb;
  let businessId: string;
  let otherId: string;
  let l1: string;
  let l2: string;
  let service: RetentionReportService;
  const TODAY = '2026-03-20';
  const write = (biz: string, batch: IngestBatch) => db.ds.transaction((m) => new CanonicalWriter(m).write(biz, 'import', batch, { mode: 'strict' }));
  const sub = (externalId: string, client: string, startsOn: string, extra: Record<string, unknown> = { billed: true }) => ({
    externalId,
    clientExternalId: client,
    startsOn,
    ...extra,
  });
  const report = (query: { from?: string; to?: string; location?: string } = { from: '2025-12', to: '2026-03' }) => service.report(businessId, query, { today: TODAY });
  const figures = (m: RetentionMonth) => [m.month, m.membersAtStart, m.newMembers, m.cancelled, m.membersAtEnd, m.churnRate, m.retentionRate];
  const status = async (biz: string, ext: string, to: string | null, at: string) =>
    db.ds.query(
      `INSERT INTO status_change (business_id, client_id, from_status, to_status, changed_at, reason)
       SELECT $1, id, NULL, $3, $4, 'rule' FROM client WHERE business_id = $1 AND external_id = $2`,
      [biz, ext, to, at],
    );

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    ({ businessId: otherId } = await newBusiness(db.ds, { timezone: 'Europe/Stockholm' }));
    service = new RetentionReportService(new RetentionReportRepository(db.ds));

    await write(businessId, {
      entity: 'locations',
      records: [
        { externalId: 'L1', name: 'Main' },
        { externalId: 'L2', name: 'North' },
      ],
    });
    [l1, l2] = (await db.ds.query(`SELECT id::text FROM location WHERE business_id = $1 ORDER BY external_id`, [businessId])).map((r: { id: string }) => r.id);
    const clients = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M'].map((c) => ({
      externalId: c,
      homeLocationExternalId: c === 'K' ? 'L2' : 'L1',
      ...(c === 'I' ? { isMember: true, createdAt: '2026-01-20T09:00:00Z' } : c === 'J' ? { isMember: false } : {}),
    }));
    await write(businessId, { entity: 'clients', records: clients });
    await write(businessId, {
      entity: 'subscriptions',
      records: [
        sub('a', 'A', '2025-11-01', { billed: true, endsOn: '2026-01-31' }),
        sub('b', 'B', '2026-01-01', { autoRenew: true }),
        sub('c1', 'C', '2025-12-10', { billed: true, endsOn: '2026-02-15' }),
        sub('c2', 'C', '2026-02-01', { trailingBilling: true, endsOn: '2026-02-28' }),
        sub('d1', 'D', '2025-12-01', { billed: true, endsOn: '2025-12-20' }),
        sub('d2', 'D', '2026-01-05', { billed: true, endsOn: '2026-01-31' }),
        sub('d3', 'D', '2026-02-01'),
        sub('f', 'F', '2025-12-01', {}),
        sub('g', 'G', '2026-01-15', { billed: true, cancelledAt: '2026-03-01T10:00:00Z', endsOn: '2026-03-31' }),
        sub('h', 'H', '2026-02-01', { billed: true, endsOn: '2026-03-20' }),
        sub('j', 'J', '2025-10-01'),
        sub('k', 'K', '2025-12-05'),
        sub('l', 'L', '2026-04-01'),
      ],
    });
    await write(businessId, { entity: 'products', records: [{ externalId: 'pack10', name: '10 classes', kind: 'class_pack' }] });
    await write(businessId, {
      entity: 'sales',
      records: [
        { externalId: 'sale-old', clientExternalId: 'M', productExternalId: 'pack10', soldAt: '2025-06-01T10:00:00Z' },
        { externalId: 'sale-m', clientExternalId: 'M', productExternalId: 'pack10', soldAt: '2026-02-20T10:00:00Z' },
        { externalId: 'sale-late', clientExternalId: 'M', productExternalId: 'pack10', soldAt: '2026-03-25T10:00:00Z' },
      ],
    });
    await write(businessId, {
      entity: 'quotas',
      records: [
        { externalId: 'e', clientExternalId: 'E', totalUnits: 10, usedUnits: 3, expiresOn: '2026-03-10' },
        { externalId: 'e-used', clientExternalId: 'A', totalUnits: 5, usedUnits: 5 },
        { externalId: 'm', clientExternalId: 'M', productExternalId: 'pack10', totalUnits: 10, usedUnits: 1, expiresOn: '2026-03-05' },
      ],
    });
    // when Comeback first saw the clip card
    await db.ds.query(`UPDATE quota SET created_at = '2026-02-10T08:00:00+01' WHERE business_id = $1 AND external_id = 'e'`, [businessId]);

    await write(otherId, { entity: 'clients', records: [{ externalId: 'A' }, { externalId: 'X' }] });
    await write(otherId, { entity: 'subscriptions', records: [sub('xa', 'A', '2025-06-01'), sub('xx', 'X', '2026-01-10', { billed: true, endsOn: '2026-02-10' })] });

    await status(businessId, 'B', 'loving_it', '2026-01-10T12:00:00Z');
    await status(businessId, 'B', 'at_risk', '2026-02-15T12:00:00Z');
    await status(businessId, 'K', 'loving_it', '2025-12-20T12:00:00Z');
    // 00:30 on 1 March in Stockholm: a March change, so K is still loving_it at the end of February
    await status(businessId, 'K', 'in_trouble', '2026-02-28T23:30:00Z');
    await status(businessId, 'A', 'loving_it', '2025-11-15T12:00:00Z');
    await status(businessId, 'A', null, '2026-02-01T06:00:00Z');
    await status(otherId, 'A', 'raving_fan', '2025-12-01T12:00:00Z');
    await status(otherId, 'X', 'at_risk', '2026-01-15T12:00:00Z');
  });
  afterAll(() => db.drop());

  it('should count members at start and end, new members and cancellations for every month exactly', async () => {
    const r = await report();
    expect(r).toMatchObject({ from: '2025-12', to: '2026-03', location: null, asOf: TODAY });
    expect(r.months.map(figures)).toEqual([
      // start: A J; new: C D K; cancelled: D (20 Dec); end: A J C K
      ['2025-12', 2, 3, 1, 4, 0.5, 0.5],
      // new: B D(rejoin) G I; cancelled: A (31 Jan)
      ['2026-01', 4, 4, 1, 7, 0.25, 0.75],
      // new: H E M; cancelled: C (28 Feb)
      ['2026-02', 7, 3, 1, 9, 0.1429, 0.8571],
      // to today: cancelled M (5 Mar), E (10 Mar) and J (flag false); G (ends 31 Mar) and H (ends today) still members
      ['2026-03', 9, 0, 3, 6, 0.3333, 0.6667],
    ]);
  });

  it('should satisfy end = start + new - cancelled, and carry each end into the next start', async () => {
    const { months } = await report();
    for (const m of months) expect(m.membersAtEnd).toBe(m.membersAtStart + m.newMembers - m.cancelled);
    for (let i = 1; i < months.length; i++) expect(months[i].membersAtStart).toBe(months[i - 1].membersAtEnd);
  });

  it("should end the current month with today's member count (isMemberSql)", async () => {
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM client c WHERE c.business_id = $1 AND c.deleted_at IS NULL AND ${isMemberSql('c', `'${TODAY}'::date`)}`, [businessId]);
    expect(n).toBe(6);
    expect((await report()).months[3].membersAtEnd).toBe(n);
  });

  it('should report churn and retention as null when nobody was a member at the start, and filter by home location', async () => {
    const north = await report({ from: '2025-12', to: '2026-03', location: l2 });
    expect(north.months.map(figures)).toEqual([
      ['2025-12', 0, 1, 0, 1, null, null],
      ['2026-01', 1, 0, 0, 1, 0, 1],
      ['2026-02', 1, 0, 0, 1, 0, 1],
      ['2026-03', 1, 0, 0, 1, 0, 1],
    ]);
    const main = await report({ from: '2025-12', to: '2026-03', location: l1 });
    expect(main.months.map((m) => [m.membersAtStart, m.newMembers, m.cancelled, m.membersAtEnd])).toEqual([
      [2, 2, 1, 3],
      [3, 4, 1, 6],
      [6, 3, 1, 8],
      [8, 0, 3, 5],
    ]);
  });

  it('should reconstruct the status mix at the end of each month from the history', async () => {
    const r = await report();
    const none = { in_trouble: 0, at_risk: 0, loving_it: 0, raving_fan: 0, suspended: 0 };
    expect(r.months.map((m) => m.statusMix)).toEqual([
      { ...none, loving_it: 2 }, // A, K
      { ...none, loving_it: 3 }, // A, B, K
      { ...none, loving_it: 1, at_risk: 1 }, // A lost its status 1 Feb; B at risk; K
      { ...none, at_risk: 1, in_trouble: 1 }, // B; K (changed 00:30 local on 1 March)
    ]);
    expect((await report({ from: '2026-03', to: '2026-03', location: l2 })).months[0].statusMix).toEqual({ ...none, in_trouble: 1 });
  });

  it('should give each joining month its cohort size and the share still a member after 1, 2, 3 months', async () => {
    const r = await report();
    expect(r.cohorts).toEqual([
      // C D F K registered in December; F never had a counting package; C ended 28 Feb
      {
        month: '2025-12',
        size: 4,
        retention: [
          { after: 1, members: 3, share: 0.75 },
          { after: 2, members: 2, share: 0.5 },
          { after: 3, members: 2, share: 0.5 },
        ],
      },
      {
        month: '2026-01',
        size: 2,
        retention: [
          { after: 1, members: 2, share: 1 },
          { after: 2, members: 2, share: 1 },
        ],
      }, // B G
      { month: '2026-02', size: 1, retention: [{ after: 1, members: 1, share: 1 }] }, // H
      { month: '2026-03', size: 0, retention: [] },
    ]);
  });

  it('should never count another business, and show that business its own figures', async () => {
    const other = await service.report(otherId, { from: '2025-12', to: '2026-03' }, { today: TODAY });
    expect(other.months.map((m) => [m.membersAtStart, m.newMembers, m.cancelled, m.membersAtEnd, m.statusMix.raving_fan, m.statusMix.at_risk])).toEqual([
      [1, 0, 0, 1, 1, 0],
      [1, 1, 0, 2, 1, 1],
      [2, 0, 1, 1, 1, 1],
      [1, 0, 0, 1, 1, 1],
    ]);
    await expect(service.report(otherId, { location: l1 }, { today: TODAY })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('should default to the last 12 full months plus the current one and reject bad ranges naming the field', async () => {
    const r = await service.report(businessId, {}, { today: TODAY });
    expect([r.from, r.to, r.months.length]).toEqual(['2025-03', '2026-03', 13]);
    await expect(service.report(businessId, { from: '2026-03', to: '2026-01' }, { today: TODAY })).rejects.toMatchObject({ code: 'invalid', message: /^from:/ });
    await expect(service.report(businessId, { from: '2023-01', to: '2026-01' }, { today: TODAY })).rejects.toMatchObject({ code: 'invalid', message: /^from:/ });
    await expect(service.report(businessId, { from: '2023-02', to: '2026-01' }, { today: TODAY })).resolves.toMatchObject({ from: '2023-02' });
    await expect(service.report(businessId, { to: '2026-04' }, { today: TODAY })).rejects.toMatchObject({ code: 'invalid', message: /^to:/ });
  });
});

describe('GET /api/v1/reports/retention', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  const auth = (x: { apiKey: string }) => ({ Authorization: `Bearer ${x.apiKey}` });

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'UTC' });
    b = await newBusiness(app.ds, { timezone: 'UTC' });
    const put = (x: { apiKey: string }, entity: string, records: unknown[]) => request(app.url).post(`/api/v1/import/${entity}`).set(auth(x)).send(records).expect(200);
    await put(a, 'clients', [{ externalId: 'a1' }, { externalId: 'a2' }]);
    await put(a, 'subscriptions', [
      { externalId: 's1', clientExternalId: 'a1', startsOn: '2020-01-01', billed: true },
      { externalId: 's2', clientExternalId: 'a2', startsOn: '2020-01-01', billed: true },
    ]);
    await put(b, 'clients', [{ externalId: 'b1' }]);
    await put(b, 'subscriptions', [{ externalId: 's1', clientExternalId: 'b1', startsOn: '2020-01-01', autoRenew: true }]);
  });
  afterAll(() => app.close());

  it('should show each business only its own members', async () => {
    const ra = await request(app.url).get('/api/v1/reports/retention').set(auth(a)).expect(200);
    const rb = await request(app.url).get('/api/v1/reports/retention').set(auth(b)).expect(200);
    expect(ra.body.months).toHaveLength(13);
    expect(ra.body.months.every((m: RetentionMonth) => m.membersAtStart === 2 && m.membersAtEnd === 2 && m.churnRate === 0)).toBe(true);
    expect(rb.body.months.every((m: RetentionMonth) => m.membersAtStart === 1 && m.membersAtEnd === 1 && m.retentionRate === 1)).toBe(true);
  });

  it('should answer 400 naming the field for a bad query and 404 for a location of another business', async () => {
    const get = (qs: string) => request(app.url).get(`/api/v1/reports/retention?${qs}`).set(auth(a));
    expect((await get('from=2025-13').expect(400)).body.message).toMatch(/^from: /);
    expect((await get('to=2025-1').expect(400)).body.message).toMatch(/^to: /);
    expect((await get('location=north').expect(400)).body.message).toMatch(/^location: /);
    expect((await get('from=2025-06&to=2025-01').expect(400)).body.message).toMatch(/^from: /);
    expect((await get('from=2020-01&to=2025-01').expect(400)).body.message).toMatch(/^from: .*36 months/);
    expect((await get('to=2999-01').expect(400)).body.message).toMatch(/^to: /);
    expect((await get('bogus=1').expect(400)).body.message).toMatch(/bogus/);
    await get('location=123456').expect(404);
    await request(app.url).get('/api/v1/reports/retention').expect(401);
  });
});
