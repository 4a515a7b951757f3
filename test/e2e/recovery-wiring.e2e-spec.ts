import request from 'supertest';
import { ConversionRepository } from '../../src/follow-up/attribution/conversion.repository';
import { RecoveryIntakeService } from '../../src/recovery/intake/recovery-intake.service';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('recovery wiring: the automation trigger and the segment condition', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  const auth = (b = biz) => ({ Authorization: `Bearer ${b.apiKey}` });
  const imp = (entity: string, records: object[], b = biz) => request(app.url).post(`/api/v1/import/${entity}`).set(auth(b)).send(records).expect(200);
  const clientId = async (ext: string, b = biz): Promise<string> => (await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = $2`, [b.businessId, ext]))[0].id;
  const preview = async (condition: object, b = biz) =>
    (
      await request(app.url)
        .post('/api/v1/segments/preview')
        .set(auth(b))
        .send({ conditions: { condition: 'in_recovery', ...condition } })
        .expect(200)
    ).body as { count: number; sample: Array<{ id: string }> };

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
    await imp(
      'clients',
      ['ann', 'ben', 'cat', 'dan'].map((externalId) => ({ externalId })),
    );
  });
  afterAll(() => app.close());

  it('should enroll a member into an automation triggered by "recovery entry created"', async () => {
    const automation = (
      await request(app.url)
        .post('/api/v1/automations')
        .set(auth())
        .send({ name: 'Win back', enabled: true, holdoutPercent: 0, trigger: { kind: 'recovery_entry_created' }, steps: [{ key: 'w', type: 'wait', days: 3 }] })
        .expect(201)
    ).body;
    expect(automation.trigger).toEqual({ kind: 'recovery_entry_created' });
    await imp('subscriptions', [{ externalId: 'ann-1', clientExternalId: 'ann', startsOn: day(-100), endsOn: day(30), billed: true, cancelledAt: `${day(-1)}T10:00:00Z` }]);
    const [entry] = await waitFor(async () => {
      const rows: Array<{ id: string }> = await app.ds.query(`SELECT id::text FROM recovery_entry WHERE business_id = $1`, [biz.businessId]);
      return rows.length > 0 && rows;
    });
    const runs = await waitFor(async () => {
      const rows: Array<{ client_id: string; occurrence_key: string }> = await app.ds.query(`SELECT client_id::text, occurrence_key FROM automation_enrollment WHERE automation_id = $1`, [
        automation.id,
      ]);
      return rows.length > 0 && rows;
    });
    expect(runs).toEqual([{ client_id: await clientId('ann'), occurrence_key: `recovery:${entry.id}` }]);

    // the goal "regained contract" counts the entry regained in the window, though the member's
    // cancelled contract still ran on the day of the exposure (no new-subscription conversion then)
    await app.ds.query(`UPDATE automation SET goal = '{"kind": "regained_contract", "withinDays": 14}'::jsonb WHERE id = $1`, [automation.id]);
    await imp('subscriptions', [{ externalId: 'ann-2', clientExternalId: 'ann', startsOn: day(0), billed: true, autoRenew: true }]);
    await waitFor(async () => (await app.ds.query(`SELECT outcome FROM recovery_entry WHERE id = $1`, [entry.id]))[0].outcome === 'regained');
    await app.worker!.get(ConversionRepository, { strict: false }).pass(biz.businessId, 'regained_contract', new Date(Date.now() + 20 * 86_400_000), 30);
    const conversions = await app.ds.query(`SELECT event_id::text FROM exposure_conversion WHERE business_id = $1 AND source_id = $2 AND goal_kind = 'regained_contract'`, [
      biz.businessId,
      automation.id,
    ]);
    expect(conversions).toEqual([{ event_id: `-${entry.id}` }]);
    // a bad trigger field is refused with its path
    const bad = await request(app.url)
      .post('/api/v1/automations')
      .set(auth())
      .send({ name: 'Bad', trigger: { kind: 'recovery_entry_created', segmentId: '1' }, steps: [{ key: 'w', type: 'wait', days: 1 }] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('trigger.segmentId');
  });

  it('should match members in recovery by phase and by outcome, with the value explain shows', async () => {
    const intake = app.worker!.get(RecoveryIntakeService);
    await app.ds.query(
      `INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, ends_on, billed, cancelled_at)
       SELECT $1, 'test', c.external_id || '-s', c.id, $2::date, $3::date, true, now() - interval '2 days' FROM client c
        WHERE c.business_id = $1 AND c.external_id IN ('ben', 'cat', 'dan')`,
      [biz.businessId, day(-100), day(30)],
    );
    await intake.daily(biz.businessId);
    const phases: Array<{ id: string }> = await app.ds.query(
      `SELECT p.id::text FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id AND g.active WHERE p.business_id = $1 ORDER BY p.position`,
      [biz.businessId],
    );
    const [ben, cat, dan] = [await clientId('ben'), await clientId('cat'), await clientId('dan')];
    await app.ds.query(`UPDATE recovery_entry SET phase_id = $1 WHERE client_id = $2`, [phases[1].id, cat]);
    await app.ds.query(`UPDATE recovery_entry SET outcome = 'lost', outcome_at = now() WHERE client_id = $1`, [dan]);

    expect((await preview({})).count).toBe(4);
    const open = await preview({ outcome: 'open' });
    expect(open.sample.map((c) => c.id).sort()).toEqual([ben, cat].sort());
    expect((await preview({ phaseId: phases[1].id })).sample.map((c) => c.id)).toEqual([cat]);
    expect((await preview({ phaseId: phases[0].id, outcome: 'open' })).sample.map((c) => c.id)).toEqual([ben]);
    expect((await preview({ outcome: 'lost' })).sample.map((c) => c.id)).toEqual([dan]);
    expect((await preview({ outcome: 'regained' })).sample.map((c) => c.id)).toEqual([await clientId('ann')]);
    expect((await preview({ outcome: 'not_edited' })).count).toBe(0);

    const bad = await request(app.url)
      .post('/api/v1/segments/preview')
      .set(auth())
      .send({ conditions: { condition: 'in_recovery', outcome: 'maybe', phaseId: 'x' } })
      .expect(400);
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['outcome', 'phaseId']);

    const explain = await request(app.url)
      .post('/api/v1/segments/explain')
      .set(auth())
      .send({ clientId: dan, conditions: { condition: 'in_recovery', outcome: 'lost' } })
      .expect(200);
    expect(JSON.stringify(explain.body)).toContain('"value":"lost"');

    // another business sees none of these
    const other = await newBusiness(app.ds, { timezone: 'UTC' });
    expect((await preview({}, other)).count).toBe(0);
  });
});
