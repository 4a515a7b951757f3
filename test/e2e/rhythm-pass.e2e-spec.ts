import request from 'supertest';
import { addDays, localDate } from '../../src/common/local-date';
import { DomainEvents } from '../../src/queue/domain-events';
import { JobName } from '../../src/queue/queue-names';
import { RhythmService } from '../../src/rhythm';
import { RhythmProcessor } from '../../src/rhythm/rhythm.processor';
import { automationsBusiness } from '../support/automations-fixtures';
import { attendedDaysAgo, seedAppointments } from '../support/rhythm-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// The daily pass announces clients who crossed into overdue (client.became_overdue) and the
// automation trigger "became overdue" enrolls them; ingests recompute the touched clients.
describe('rhythm: the daily pass, client.became_overdue and recompute on ingest', () => {
  let app: TestApp;
  let rhythm: RhythmService;

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { RHYTHM_DEBOUNCE_SECONDS: '1', RHYTHM_PASS_ON_START: 'false', AUTOMATIONS_CRON: '*/2 * * * * *' } });
    rhythm = app.worker!.get(RhythmService, { strict: false });
  });
  afterAll(() => app.close());

  const create = async (apiKey: string, body: object) =>
    (
      await request(app.url)
        .post('/api/v1/automations')
        .set('Authorization', `Bearer ${apiKey}`)
        .send({ enabled: true, holdoutPercent: 0, steps: [{ key: 'x', type: 'exit' }], ...body })
        .expect(201)
    ).body as { id: string };
  const runs = (automationId: string): Promise<Array<{ client_id: string; occurrence_key: string }>> =>
    app.ds.query(`SELECT client_id::text, occurrence_key FROM automation_enrollment WHERE automation_id = $1 ORDER BY client_id`, [automationId]);

  it('should announce only the clients who crossed into overdue since the last pass, once, and enroll them by category', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'rhythm-pass', 4);
    const [already, hair, nails, fine] = f.clients;
    const hairOnly = await create(f.apiKey, { name: 'Overdue for hair', trigger: { kind: 'became_overdue', serviceCategory: 'Hair' } });
    const any = await create(f.apiKey, { name: 'Overdue for anything', trigger: { kind: 'became_overdue' } });
    // day 1 = 2026-06-01 in Stockholm; interval 20 -> overdue once 28 days have passed
    const day1 = new Date('2026-06-01T12:00:00Z');
    const day2 = new Date('2026-06-02T12:00:00Z');
    await seedAppointments(app.ds, f.businessId, [
      ...attendedDaysAgo(already, 'Hair', '2026-06-01', [80, 60, 40]),
      ...attendedDaysAgo(hair, 'Hair', '2026-06-01', [67, 47, 27]),
      ...attendedDaysAgo(nails, 'Nails', '2026-06-01', [67, 47, 27]),
      ...attendedDaysAgo(fine, 'Hair', '2026-06-01', [50, 30, 10]),
    ]);

    // the first pass: "already" was overdue before rhythm ever ran; nobody crossed since a pass
    expect(await rhythm.pass(f.businessId, day1)).toMatchObject({ day: '2026-06-01', known: 4, becameOverdue: 0 });
    const second = await rhythm.pass(f.businessId, day2);
    expect(second).toMatchObject({ day: '2026-06-02', becameOverdue: 2 });
    await waitFor(async () => ((await runs(any.id)).length === 2 ? true : undefined), 20_000);
    expect(await runs(any.id)).toEqual([
      { client_id: hair, occurrence_key: 'overdue:Hair:2026-06-02' },
      { client_id: nails, occurrence_key: 'overdue:Nails:2026-06-02' },
    ]);
    await waitFor(async () => ((await runs(hairOnly.id)).length === 1 ? true : undefined), 20_000);
    expect(await runs(hairOnly.id)).toEqual([{ client_id: hair, occurrence_key: 'overdue:Hair:2026-06-02' }]);

    // a second pass the same day announces nobody again
    expect(await rhythm.pass(f.businessId, new Date('2026-06-02T13:00:00Z'))).toMatchObject({ becameOverdue: 0 });
    const pass = await app.ds.query(`SELECT to_char(last_on, 'YYYY-MM-DD') AS last_on, became_overdue FROM rhythm_pass WHERE business_id = $1`, [f.businessId]);
    expect(pass).toEqual([{ last_on: '2026-06-02', became_overdue: 0 }]);
  });

  it('should validate the trigger: a category must be text of 1-200 characters', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'rhythm-trigger', 1);
    const res = await request(app.url)
      .post('/api/v1/automations')
      .set('Authorization', `Bearer ${f.apiKey}`)
      .send({ name: 'bad', enabled: true, trigger: { kind: 'became_overdue', serviceCategory: '' }, steps: [{ key: 'x', type: 'exit' }] })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('trigger.serviceCategory');
  });

  it('should recompute the clients an ingest touched (clients.changed), debounced', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'rhythm-ingest', 2);
    const [touched, untouched] = f.clients;
    const today = localDate(new Date(), 'Europe/Stockholm');
    await seedAppointments(app.ds, f.businessId, [...attendedDaysAgo(touched, 'Massage', today, [100, 70, 40]), ...attendedDaysAgo(untouched, 'Massage', today, [100, 70, 40])]);
    await app.worker!.get(DomainEvents).publish(JobName.ClientsChanged, [{ data: { businessId: f.businessId, source: 'import', changes: [{ clientId: touched, kinds: ['booking'] }] } }]);
    const rows = await waitFor(async () => {
      const r = (await app.ds.query(`SELECT client_id::text, to_char(last_on, 'YYYY-MM-DD') AS last_on, usual_interval_days::float8 AS i FROM client_rhythm WHERE business_id = $1`, [
        f.businessId,
      ])) as Array<{ client_id: string; last_on: string; i: number }>;
      return r.length ? r : undefined;
    }, 20_000);
    expect(rows).toEqual([{ client_id: touched, last_on: addDays(today, -40), i: 30 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM rhythm_dirty WHERE business_id = $1`, [f.businessId])).toEqual([{ n: 0 }]);
  });
  it('should run the pass of a business whose local day has none yet from the tick, once for the day', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'rhythm-tick', 1);
    const today = localDate(new Date(), 'Europe/Stockholm');
    await seedAppointments(app.ds, f.businessId, attendedDaysAgo(f.clients[0], 'Physio', today, [90, 60, 30]));
    await app.worker!.get(RhythmProcessor).tick();
    const pass = await waitFor(async () => {
      const r = (await app.ds.query(`SELECT to_char(last_on, 'YYYY-MM-DD') AS last_on, rows FROM rhythm_pass WHERE business_id = $1`, [f.businessId])) as Array<{ last_on: string; rows: number }>;
      return r.length ? r : undefined;
    }, 20_000);
    expect(pass).toEqual([{ last_on: today, rows: 1 }]);
    expect((await rhythm.businessesDue()).map((b) => b.businessId)).not.toContain(f.businessId);
  });
});
