import { ChildProcess } from 'node:child_process';
import { ActionsService } from '../../src/actions/actions.service';
import { mailableAudience } from '../support/actions-fixtures';
import { spawnWorkerOf } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

jest.setTimeout(240_000);

/**
 * A worker process is SIGKILLed in the middle of a batch, and Bull hands its jobs to another
 * worker once their locks expire (QUEUE_LOCK_MS, shortened here: the lock and the stalled check). Nothing
 * reaches the SMTP server twice: every touch recorded sent arrived exactly once, what the dead
 * worker had claimed but not handed to the relay is sent by the second worker, only what it had
 * handed over is settled as in doubt (arrived at most once, never resent), and everything still
 * queued is sent by the second worker (test/fault-injection/delivery-kill-mid-send has the
 * precise checks).
 */
// a dead worker's jobs are taken over within ~2 x 8 s instead of ~2 x 30 s (QUEUE_LOCK_MS)
const FAST_TAKEOVER = { QUEUE_LOCK_MS: '8000' };

describe('exactly-once delivery when a worker dies mid-send', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let second: TestApp | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_URL: sink.url, ...FAST_TAKEOVER } });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await second?.close();
    await app.close();
    await sink.close();
  });

  it('should never send a touch twice after the worker is killed and its jobs are retried', async () => {
    const n = 600;
    const { businessId, ids } = await mailableAudience(app.ds, 'crash', n);
    // a slowish relay: ~50 messages/s per connection, so the kill lands mid-batch
    sink.setDelay(20);
    const r = await app
      .http!.get(ActionsService)
      .dispatch({ businessId, origin: 'campaign:99:step:1', channel: 'email', clientIds: ids, template: { subject: 'Hi', text: 'Back soon?' }, batchSize: 300 });
    expect(r).toMatchObject({ queued: n, jobs: 2 });

    child = spawnWorkerOf(app, FAST_TAKEOVER);
    await waitFor(async () => sink.count() >= 150, 90_000, 5);
    child.kill('SIGKILL');
    await new Promise((res) => child!.once('exit', res));
    const atKill = await statusCounts(app, businessId);
    const arrivedAtKill = sink.count();
    expect(atKill.sending ?? 0).toBeGreaterThan(0); // killed with messages in flight
    expect(atKill.queued ?? 0).toBeGreaterThan(0); // and work left to do

    second = await startTestApp({ http: false, worker: true, db: app.db, env: { SMTP_URL: sink.url, ...FAST_TAKEOVER } });
    const final = await waitFor(
      async () => {
        const c = await statusCounts(app, businessId);
        return (c.sent ?? 0) + (c.failed ?? 0) === n && c;
      },
      180_000,
      250,
    );

    const touches: Array<{ email: string; status: string; error_code: string | null }> = await app.ds.query(
      `SELECT c.email, t.status, t.error_code FROM touch t JOIN client c ON c.id = t.client_id WHERE t.business_id = $1 AND t.origin = 'campaign:99:step:1'`,
      [businessId],
    );
    const arrivals = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.envelopeTo) arrivals.set(to, (arrivals.get(to) ?? 0) + 1);

    // nobody got the message twice
    expect([...arrivals.values()].filter((k) => k > 1)).toEqual([]);
    // every touch recorded sent arrived exactly once
    const sent = touches.filter((t) => t.status === 'sent');
    expect(sent.filter((t) => arrivals.get(t.email) !== 1)).toEqual([]);
    // of the in-flight chunks at the kill, only those handed over are in doubt, never resent; at
    // most what a worker can hold in flight (4 jobs x 20-message chunks)
    const inDoubt = touches.filter((t) => t.status === 'failed');
    expect(inDoubt.every((t) => t.error_code === 'in_doubt')).toBe(true);
    expect(inDoubt.length).toBeLessThanOrEqual(atKill.sending);
    expect(inDoubt.length).toBeLessThanOrEqual(80);
    // what arrived is exactly: everything sent, plus those in-doubt ones the relay had taken
    const inDoubtArrived = inDoubt.filter((t) => arrivals.get(t.email) === 1).length;
    expect(sink.count()).toBe(sent.length + inDoubtArrived);
    expect(sent.length).toBe(n - inDoubt.length);
    expect(final.sent).toBeGreaterThan(arrivedAtKill - (atKill.sending ?? 0));
  });
});

async function statusCounts(app: TestApp, businessId: string): Promise<Record<string, number>> {
  const rows = await app.ds.query(`SELECT status, count(*)::int AS n FROM touch WHERE business_id = $1 AND origin = 'campaign:99:step:1' GROUP BY status`, [businessId]);
  return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
}
