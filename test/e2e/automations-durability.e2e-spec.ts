import request from 'supertest';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';
import { automationsBusiness, AutomationsFixture, emailStep } from '../support/automations-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Runs are durable: their position lives in PostgreSQL, waits are delayed jobs plus next_at. The
// worker is closed while runs wait and a new one takes over; every client gets each email exactly
// once, whether the delayed jobs survived in Redis or were lost (the sweep finds the due runs).
describe('automation runs across a restart of the worker', () => {
  let sink: SmtpSink;
  let api: TestApp;
  const env = () => ({ SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example', AUTOMATIONS_CRON: '*/2 * * * * *' });
  const startWorker = () => startTestApp({ http: false, worker: true, db: api.db, env: env() });
  const subjects = (f: AutomationsFixture, subject: string) => sink.messages.filter((m) => m.subject === subject && f.emails.includes(m.envelopeTo[0]));
  const states = async (automationId: string): Promise<Record<string, number>> => {
    const rows: Array<{ state: string; n: number }> = await api.ds.query(`SELECT state, count(*)::int AS n FROM automation_enrollment WHERE automation_id = $1 GROUP BY 1`, [automationId]);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  };

  /** 30 clients enrolled into "first -> wait -> second", all of them waiting after the first email. */
  async function waitingRuns(prefix: string, worker: TestApp) {
    const f = await automationsBusiness(api.ds, api.url, prefix, 30);
    const a = (
      await request(api.url)
        .post('/api/v1/automations')
        .set('Authorization', `Bearer ${f.apiKey}`)
        .send({
          name: 'Two emails',
          enabled: true,
          holdoutPercent: 0,
          trigger: { kind: 'status_changed', to: ['at_risk'] },
          steps: [emailStep('first', `first ${prefix}`), { key: 'pause', type: 'wait', seconds: 4 }, emailStep('second', `second ${prefix}`)],
        })
        .expect(201)
    ).body;
    const at = new Date().toISOString();
    await worker.worker!.get(JobQueue).enqueue(JobName.ClientStatusChanged, {
      businessId: f.businessId,
      changes: f.clients.map((clientId) => ({ clientId, from: 'loving_it', to: 'at_risk', tags: [], score: 0, changedAt: at, reason: 'rule' as const })),
    });
    await waitFor(async () => subjects(f, `first ${prefix}`).length === 30 && (await states(a.id)).waiting === 30, 20_000);
    return { f, a };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    api = await startTestApp({ env: env() });
  });
  afterAll(async () => {
    await api.close();
    await sink.close();
  });

  it('should finish every run exactly once when a new worker takes over from the delayed jobs', async () => {
    const first = await startWorker();
    const { f, a } = await waitingRuns('kept', first);
    await first.close();
    // the wake time passes while no worker runs
    await new Promise((r) => setTimeout(r, 5000));
    expect(subjects(f, 'second kept')).toHaveLength(0);
    const second = await startWorker();
    try {
      await waitFor(async () => subjects(f, 'second kept').length === 30 && (await states(a.id)).done === 30, 30_000);
      await new Promise((r) => setTimeout(r, 2000));
      expect(subjects(f, 'first kept')).toHaveLength(30);
      expect(subjects(f, 'second kept')).toHaveLength(30);
      expect(new Set(subjects(f, 'second kept').map((m) => m.envelopeTo[0])).size).toBe(30);
      expect(await states(a.id)).toEqual({ done: 30 });
    } finally {
      await second.close();
    }
  }, 90_000);

  it('should finish runs whose wake jobs Redis lost, through the sweep, exactly once', async () => {
    const first = await startWorker();
    const { f, a } = await waitingRuns('lost', first);
    await first.close();
    // Redis loses every automation job; the runs have been due for a minute by the time a worker is back
    const queue = api.http!.get(JobQueue).queue(QueueName.Automations);
    await queue.empty();
    await queue.clean(0, 'delayed');
    expect(await queue.getDelayedCount()).toBe(0);
    await api.ds.query(`UPDATE automation_enrollment SET next_at = now() - interval '1 minute' WHERE automation_id = $1 AND state = 'waiting'`, [a.id]);
    const second = await startWorker();
    try {
      await waitFor(async () => subjects(f, 'second lost').length === 30 && (await states(a.id)).done === 30, 30_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect(subjects(f, 'first lost')).toHaveLength(30);
      expect(subjects(f, 'second lost')).toHaveLength(30);
      expect(await states(a.id)).toEqual({ done: 30 });
    } finally {
      await second.close();
    }
  }, 90_000);

  it('should resume runs a dead worker held (an expired claim) without sending twice', async () => {
    const first = await startWorker();
    const { f, a } = await waitingRuns('claimed', first);
    await first.close();
    // a worker claimed them at the second email, sent some, and died: its lease has run out
    await api.ds.query(`UPDATE automation_enrollment SET claim = gen_random_uuid(), state = 'active', step_index = 2, next_at = now() - interval '1 minute' WHERE automation_id = $1`, [a.id]);
    const second = await startWorker();
    try {
      await waitFor(async () => subjects(f, 'second claimed').length === 30 && (await states(a.id)).done === 30, 30_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect(subjects(f, 'second claimed')).toHaveLength(30);
      // a run retried at a step it had already dispatched reaches nobody twice (the step's origin)
      await api.ds.query(`UPDATE automation_enrollment SET state = 'active', step_index = 2, next_at = now() - interval '1 minute', claim = NULL WHERE automation_id = $1`, [a.id]);
      await waitFor(async () => (await states(a.id)).done === 30, 30_000);
      await new Promise((r) => setTimeout(r, 2000));
      expect(subjects(f, 'second claimed')).toHaveLength(30);
    } finally {
      await second.close();
    }
  }, 90_000);
});
