import request from 'supertest';
import { lockPhasesExclusive } from '../../src/recovery';
import { RecoveryIntakeService } from '../../src/recovery/intake/recovery-intake.service';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const DAY = 86_400_000;
const day = (offset: number, from = Date.now()) => new Date(from + offset * DAY).toISOString().slice(0, 10);

interface EntryRow {
  id: string;
  source_kind: string;
  source_key: string;
  cancelled_on: string | null;
  reason: string | null;
  contract_ends_on: string | null;
  monthly_value: string;
  phase_id: string | null;
  outcome: string | null;
  outcome_reason: string | null;
  outcome_by: string | null;
}

describe('recovery intake: entries from every ingest path, the daily backstop, record existing', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  const auth = (b = biz) => ({ Authorization: `Bearer ${b.apiKey}` });
  const imp = (entity: string, records: object[], b = biz) => request(app.url).post(`/api/v1/import/${entity}`).set(auth(b)).send(records).expect(200);
  const intake = () => app.worker!.get(RecoveryIntakeService);
  const entries = async (ext: string, b = biz): Promise<EntryRow[]> =>
    app.ds.query(
      `SELECT e.id::text, e.source_kind, e.source_key, e.cancelled_on::text, e.reason, e.contract_ends_on::text, e.monthly_value::text, e.phase_id::text,
              e.outcome, e.outcome_reason, e.outcome_by
         FROM recovery_entry e JOIN client c ON c.id = e.client_id WHERE c.external_id = $1 AND e.business_id = $2 ORDER BY e.id`,
      [ext, b.businessId],
    );
  const firstPhase = async (b = biz): Promise<string> =>
    (
      await app.ds.query(`SELECT p.id::text FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id AND g.active WHERE p.business_id = $1 ORDER BY p.position LIMIT 1`, [b.businessId])
    )[0].id;
  const clientId = async (ext: string, b = biz): Promise<string> => (await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = $2`, [b.businessId, ext]))[0].id;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
    await imp(
      'clients',
      ['anna', 'bert', 'carl', 'dora', 'emil', 'fay', 'gus'].map((externalId) => ({ externalId })),
    );
  });
  afterAll(() => app.close());

  it('should create one entry for a cancellation, however often and in whatever order it is delivered', async () => {
    const cancelled = {
      externalId: 'anna-1',
      clientExternalId: 'anna',
      startsOn: day(-300),
      endsOn: day(40),
      billed: true,
      price: 200,
      billingUnit: 'day',
      billingInterval: 7,
      cancelledAt: `${day(-2)}T09:30:00Z`,
      cancellationKind: 'ordinary',
      cancellationReason: 'moving',
      updatedAt: `${day(-2)}T09:30:00Z`,
    };
    await imp('subscriptions', [cancelled]);
    const [entry] = await waitFor(async () => (await entries('anna')).length > 0 && entries('anna'));
    expect(entry).toMatchObject({
      source_kind: 'cancellation',
      source_key: expect.stringMatching(/^subscription:\d+$/),
      cancelled_on: day(-2),
      reason: 'moving',
      contract_ends_on: day(40),
      // the monthly cost condition's formula: floor(200 / 7 * 31)
      monthly_value: '885',
      phase_id: await firstPhase(),
      outcome: null,
    });
    const events = await app.ds.query(`SELECT kind, actor FROM recovery_entry_event WHERE entry_id = $1`, [entry.id]);
    expect(events).toEqual([{ kind: 'created', actor: 'auto' }]);
    // recovery.entry_created carries the new entry
    const created = await waitFor(async () => {
      const jobs = await app.http!.get(JobQueue).queue(QueueName.AutomationEvents).getJobs(['waiting', 'active', 'completed', 'delayed']);
      const mine = jobs.filter((j) => j.name === JobName.RecoveryEntryCreated && j.data.businessId === biz.businessId).flatMap((j) => j.data.entries);
      return mine.length > 0 && mine;
    });
    expect(created).toEqual([{ entryId: entry.id, clientId: await clientId('anna'), sourceKind: 'cancellation' }]);

    // the same record again, and an older version of it arriving late (not cancelled yet): both
    // ingests run the intake (a marker client proves each ran) and nothing changes
    await imp('subscriptions', [cancelled, { externalId: 'gus-1', clientExternalId: 'gus', startsOn: day(-10), endsOn: day(20), cancelledAt: `${day(-1)}T10:00:00Z` }]);
    await waitFor(async () => (await entries('gus')).length > 0);
    const { cancelledAt: _c, cancellationKind: _k, cancellationReason: _r, ...older } = cancelled;
    await imp('subscriptions', [
      { ...older, updatedAt: `${day(-20)}T00:00:00Z` },
      { externalId: 'gus-2', clientExternalId: 'gus', startsOn: day(-10), endsOn: day(20), cancelledAt: `${day(-1)}T10:00:00Z` },
    ]);
    await waitFor(async () => (await entries('gus')).length > 1);
    expect(await entries('anna')).toEqual([entry]);
    // and the daily backstop finds nothing new
    const daily = await intake().daily(biz.businessId);
    expect(daily.created).toEqual([]);
    expect(await entries('anna')).toEqual([entry]);
  });

  it('should close the entry as Not edited, with the reason, when the cancellation is withdrawn at the source', async () => {
    await imp('subscriptions', [
      { externalId: 'bert-1', clientExternalId: 'bert', startsOn: day(-100), endsOn: day(30), billed: true, cancelledAt: `${day(-1)}T08:00:00Z`, updatedAt: `${day(-1)}T08:00:00Z` },
    ]);
    await waitFor(async () => (await entries('bert')).length > 0);
    await imp('subscriptions', [{ externalId: 'bert-1', clientExternalId: 'bert', startsOn: day(-100), endsOn: day(30), billed: true, cancelledAt: null, updatedAt: `${day(0)}T00:00:01Z` }]);
    const [closed] = await waitFor(async () => (await entries('bert'))[0]?.outcome !== null && entries('bert'));
    expect(closed).toMatchObject({ outcome: 'not_edited', outcome_reason: 'the cancellation was withdrawn at the source', outcome_by: 'auto' });
    const kinds = await app.ds.query(`SELECT kind, data->>'outcome' AS outcome FROM recovery_entry_event WHERE entry_id = $1 ORDER BY id`, [closed.id]);
    expect(kinds).toEqual([
      { kind: 'created', outcome: null },
      { kind: 'outcome', outcome: 'not_edited' },
    ]);
  });

  it('should leave out a cancellation whose reason is excluded, and an extraordinary one whose reason is not selected', async () => {
    await app.ds.query(`UPDATE recovery_settings SET ordinary_excluded_reasons = '{deceased}', extraordinary_reasons = '{fraud}' WHERE business_id = $1`, [biz.businessId]);
    try {
      await imp('subscriptions', [
        { externalId: 'carl-1', clientExternalId: 'carl', startsOn: day(-50), endsOn: day(30), cancelledAt: `${day(-1)}T08:00:00Z`, cancellationReason: 'deceased' },
        { externalId: 'carl-2', clientExternalId: 'carl', startsOn: day(-50), endsOn: day(30), cancelledAt: `${day(-1)}T08:00:00Z`, cancellationKind: 'extraordinary', cancellationReason: 'illness' },
        { externalId: 'carl-3', clientExternalId: 'carl', startsOn: day(-50), endsOn: day(30), cancelledAt: `${day(-1)}T08:00:00Z`, cancellationKind: 'extraordinary', cancellationReason: 'fraud' },
      ]);
      // the selected extraordinary reason enters, in the same intake as the other two
      const rows = await waitFor(async () => (await entries('carl')).length > 0 && entries('carl'));
      expect(rows.map((r) => r.reason)).toEqual(['fraud']);
      expect((await intake().daily(biz.businessId)).created).toEqual([]);
    } finally {
      await app.ds.query(`UPDATE recovery_settings SET ordinary_excluded_reasons = '{}', extraordinary_reasons = NULL WHERE business_id = $1`, [biz.businessId]);
    }
  });

  it('should take a subscription without auto-renewal in exactly N days before it ends (pinned time)', async () => {
    const b = await newBusiness(app.ds, { timezone: 'UTC' });
    await app.ds.query(`UPDATE recovery_settings SET non_renewing_days_before = 30 WHERE business_id = $1`, [b.businessId]);
    await imp('clients', [{ externalId: 'nina' }], b);
    // ends on 2031-03-31: entering from 2031-03-01 on (30 days before)
    await app.ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, auto_renew, billed, price, billing_unit, billing_interval)
       SELECT $1, 'test', 'nina-1', id, '2030-04-01', '2031-03-31', false, true, 4000, 'month', 1 FROM client WHERE business_id = $1 AND external_id = 'nina'`,
      [b.businessId],
    );
    expect((await intake().daily(b.businessId, new Date('2031-02-28T23:59:00Z'))).created).toEqual([]);
    const { created } = await intake().daily(b.businessId, new Date('2031-03-01T00:01:00Z'));
    expect(created).toEqual([expect.objectContaining({ sourceKind: 'non_renewing' })]);
    expect((await entries('nina', b))[0]).toMatchObject({ contract_ends_on: '2031-03-31', cancelled_on: null, monthly_value: '4000' });
  });

  it('should take in a used-up quota, and regain its client on a new pack', async () => {
    await imp('quotas', [{ externalId: 'dora-q1', clientExternalId: 'dora', totalUnits: 10, usedUnits: 9 }]);
    await imp('quotas', [{ externalId: 'dora-q1', clientExternalId: 'dora', totalUnits: 10, usedUnits: 10 }]);
    const [entry] = await waitFor(async () => (await entries('dora')).length > 0 && entries('dora'));
    expect(entry).toMatchObject({ source_kind: 'quota', source_key: expect.stringMatching(/^quota:\d+$/), outcome: null });
    await imp('quotas', [{ externalId: 'dora-q2', clientExternalId: 'dora', totalUnits: 10, usedUnits: 0 }]);
    await waitFor(async () => (await entries('dora'))[0].outcome === 'regained');
  });

  it('should mark the entry Regained when a new active subscription arrives for the client', async () => {
    await imp('subscriptions', [{ externalId: 'emil-1', clientExternalId: 'emil', startsOn: day(-200), endsOn: day(10), billed: true, cancelledAt: `${day(-5)}T08:00:00Z` }]);
    await waitFor(async () => (await entries('emil')).length > 0);
    await imp('subscriptions', [{ externalId: 'emil-2', clientExternalId: 'emil', startsOn: day(0), billed: true, autoRenew: true }]);
    const [entry] = await waitFor(async () => (await entries('emil'))[0].outcome === 'regained' && entries('emil'));
    expect(entry).toMatchObject({ outcome: 'regained', outcome_by: 'auto', outcome_reason: 'a new active subscription arrived' });
  });

  it('should mark an entry Lost after the auto-Lost days without an outcome, in the daily pass (pinned time)', async () => {
    const b = await newBusiness(app.ds, { timezone: 'UTC' });
    await imp('clients', [{ externalId: 'olga' }], b);
    await app.ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, billed, cancelled_at, cancellation_reason)
       SELECT $1, 'test', 'olga-1', id, '2029-01-01', '2030-12-31', true, '2030-06-01T10:00:00Z', 'price' FROM client WHERE business_id = $1 AND external_id = 'olga'`,
      [b.businessId],
    );
    const t0 = new Date('2030-06-02T04:30:00Z');
    expect((await intake().daily(b.businessId, t0)).created).toHaveLength(1);
    expect((await intake().daily(b.businessId, new Date(t0.getTime() + 59 * DAY))).lost).toBe(0);
    expect((await entries('olga', b))[0].outcome).toBeNull();
    expect((await intake().daily(b.businessId, new Date(t0.getTime() + 60 * DAY))).lost).toBe(1);
    expect((await entries('olga', b))[0]).toMatchObject({ outcome: 'lost', outcome_reason: 'no outcome after 60 days', outcome_by: 'auto' });
    // off (null) never marks Lost
    await app.ds.query(`UPDATE recovery_entry SET outcome = NULL, outcome_at = NULL WHERE business_id = $1`, [b.businessId]);
    await app.ds.query(`UPDATE recovery_settings SET auto_lost_days = NULL WHERE business_id = $1`, [b.businessId]);
    expect((await intake().daily(b.businessId, new Date(t0.getTime() + 400 * DAY))).lost).toBe(0);
  });

  it('should record existing cancellations as a job with progress, under the current settings', async () => {
    const b = await newBusiness(app.ds, { timezone: 'UTC' });
    await imp('clients', [{ externalId: 'p1' }, { externalId: 'p2' }, { externalId: 'p3' }], b);
    // written straight to the table: data that was there before recovery existed
    await app.ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, billed, cancelled_at, cancellation_reason)
       SELECT $1, 'test', c.external_id || '-s', c.id, $2::date, $3::date, true, now() - interval '3 days',
              CASE c.external_id WHEN 'p3' THEN 'deceased' ELSE 'price' END
         FROM client c WHERE c.business_id = $1`,
      [b.businessId, day(-100), day(20)],
    );
    // p2's contract has already ended: not running, not recorded
    await app.ds.query(`UPDATE subscription SET ends_on = $2 WHERE business_id = $1 AND external_id = 'p2-s'`, [b.businessId, day(-1)]);
    await app.ds.query(`UPDATE recovery_settings SET ordinary_excluded_reasons = '{deceased}' WHERE business_id = $1`, [b.businessId]);
    const start = await request(app.url).post('/api/v1/recovery/record-existing').set(auth(b)).expect(202);
    expect(start.body).toMatchObject({ jobId: expect.any(String), state: 'queued' });
    const done = await waitFor(async () => {
      const res = await request(app.url).get(`/api/v1/recovery/record-existing/${start.body.jobId}`).set(auth(b)).expect(200);
      return res.body.state === 'done' && res.body;
    });
    // two clients have a cancelled subscription still running; p3's reason is excluded
    expect(done.progress).toEqual({ total: 2, done: 2, created: 1 });
    expect((await entries('p1', b)).map((e) => e.source_kind)).toEqual(['cancellation']);
    expect(await entries('p3', b)).toEqual([]);
    // another business cannot read the job; a malformed id is a 404 too
    await request(app.url).get(`/api/v1/recovery/record-existing/${start.body.jobId}`).set(auth()).expect(404);
    await request(app.url).get(`/api/v1/recovery/record-existing/not-a-job`).set(auth(b)).expect(404);
  });

  it('should keep each business to its own clients', async () => {
    const other = await newBusiness(app.ds, { timezone: 'UTC' });
    const anna = await clientId('anna');
    // another business's intake with this business's client ids touches nothing here
    const before = await app.ds.query(`SELECT count(*)::int AS n FROM recovery_entry WHERE business_id = $1`, [biz.businessId]);
    const r = await intake().intakeClients(other.businessId, [anna]);
    expect(r.created).toEqual([]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM recovery_entry WHERE business_id = $1`, [other.businessId])).toEqual([{ n: 0 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM recovery_entry WHERE business_id = $1`, [biz.businessId])).toEqual(before);
    // an entry's client always belongs to the entry's business
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM recovery_entry e JOIN client c ON c.id = e.client_id WHERE c.business_id <> e.business_id`)).toEqual([{ n: 0 }]);
  });

  it('should place an entry in the newly active group when the intake runs while a group is being activated', async () => {
    const b = await newBusiness(app.ds, { timezone: 'UTC' });
    await imp('clients', [{ externalId: 'rita' }], b);
    await app.ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, billed, cancelled_at)
       SELECT $1, 'test', 'rita-1', id, '2029-01-01', '2030-12-31', true, '2030-06-01T10:00:00Z' FROM client WHERE business_id = $1 AND external_id = 'rita'`,
      [b.businessId],
    );
    const winter = (
      await request(app.url)
        .post('/api/v1/recovery/phase-groups')
        .set(auth(b))
        .send({ name: 'Winter', phases: ['Fresh', 'Called'] })
        .expect(201)
    ).body;
    const oldFirst = await firstPhase(b);
    // the order forced: an activation holds the phase lock exclusively when the intake starts
    const activation = app.ds.createQueryRunner();
    await activation.connect();
    try {
      await activation.startTransaction();
      await lockPhasesExclusive(activation.manager, b.businessId);
      const [{ pid }] = await activation.query(`SELECT pg_backend_pid() AS pid`);
      const running = intake().daily(b.businessId, new Date('2030-06-02T04:30:00Z'));
      // the intake waits on that lock (without the shared lock it would read the old group now)
      await waitFor(async () => (await app.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND $1 = ANY (pg_blocking_pids(pid))`, [pid]))[0].n === 1);
      await activation.query(`UPDATE recovery_phase_group SET active = false WHERE business_id = $1 AND active`, [b.businessId]);
      await activation.query(`UPDATE recovery_phase_group SET active = true WHERE business_id = $1 AND id = $2`, [b.businessId, winter.id]);
      await activation.commitTransaction();
      expect((await running).created).toHaveLength(1);
    } finally {
      if (activation.isTransactionActive) await activation.rollbackTransaction();
      await activation.release();
    }
    const fresh = winter.phases.find((ph: { name: string }) => ph.name === 'Fresh').id;
    expect(await firstPhase(b)).toBe(fresh);
    expect((await entries('rita', b)).map((e) => e.phase_id)).toEqual([fresh]);
    expect(fresh).not.toBe(oldFirst);
  });
});
