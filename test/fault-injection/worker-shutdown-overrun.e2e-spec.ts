import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ActionsService } from '../../src/actions/actions.service';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/queue-names';
import { mailableAudience, touchesOf } from '../support/actions-fixtures';
import { spawnWorkerOf } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

// Issue #15 item 6, the other half (docs/operations.md "Shutdown"): a worker told to stop while
// its jobs cannot finish within SHUTDOWN_GRACE_MS hands them back to their queue as a retry and
// exits; it neither hangs nor leaves them to wait for their locks to expire (QUEUE_LOCK_MS,
// 30 s). The relay here holds every RCPT TO unanswered, so the worker's two jobs are stuck
// mid-chunk with messages not yet handed over; the grace is 300 ms. The next worker must send
// every message exactly once, with nothing in doubt.

const ORIGIN = 'campaign:overrun:step:1';
const GRACE_MS = 300;
const REASON = 'worker shut down before the job finished; retried';

/** A relay that leaves RCPT TO unanswered while holding (a stuck or very slow relay). */
async function startHoldingRelay() {
  let holding = true;
  let held = 0;
  const arrivals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (!holding) return cb();
      held++;
    },
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const a of session.envelope.rcptTo) arrivals.set(a.address, (arrivals.get(a.address) ?? 0) + 1);
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    held: () => held,
    release: () => void (holding = false),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('a worker stopped while its jobs overrun SHUTDOWN_GRACE_MS', () => {
  let relay: Awaited<ReturnType<typeof startHoldingRelay>>;
  let app: TestApp;
  let second: TestApp | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    relay = await startHoldingRelay();
    app = await startTestApp({ env: { SMTP_URL: relay.url } });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await second?.close();
    await app?.close();
    await relay?.close();
  });

  it('should hand its running jobs back as retries, exit, and let the next worker send each message exactly once', async () => {
    const n = 200;
    const { businessId, ids } = await mailableAudience(app.ds, 'overrun', n);
    const r = await app.http!.get(ActionsService).dispatch({ businessId, origin: ORIGIN, channel: 'email', clientIds: ids, template: { subject: 'Hi', text: 'Back soon?' }, batchSize: 100 });
    expect(r).toMatchObject({ queued: n, jobs: 2 });
    const email = app.http!.get(JobQueue).bull(QueueName.DeliverEmail);

    child = spawnWorkerOf(app, { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
    // both jobs running, their messages waiting on the relay
    await waitFor(async () => (await email.getActiveCount()) === 2 && relay.held() >= 1, 30_000, 20);
    const exited = once(child, 'exit');
    const termAt = Date.now();
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    const exitMs = Date.now() - termAt;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);

    // both jobs are back on the queue as retries, at once: none left active to wait for its lock
    const counts = await email.getJobCounts();
    expect(counts.active).toBe(0);
    const back = await email.getJobs(['waiting', 'delayed']);
    expect(back.map((j) => j.failedReason)).toEqual([REASON, REASON]);
    expect(back.map((j) => j.attemptsMade)).toEqual([1, 1]);
    const atExit = await touchesOf(app.ds, businessId, ORIGIN);
    expect(atExit.filter((t) => t.status === 'sent' || t.status === 'failed')).toEqual([]);
    expect(relay.arrivals.size).toBe(0);

    relay.release();
    const restartAt = Date.now();
    second = await startTestApp({ http: false, worker: true, db: app.db, env: { SMTP_URL: relay.url } });
    const done = await waitFor(
      async () => {
        const t = await touchesOf(app.ds, businessId, ORIGIN);
        return t.every((x) => x.status === 'sent' || x.status === 'failed') && t;
      },
      // well inside QUEUE_LOCK_MS (30 s): the jobs did not wait for their locks to expire
      20_000,
      100,
    ).catch(() => touchesOf(app.ds, businessId, ORIGIN));
    const byStatus = done.reduce<Record<string, number>>((m, t) => {
      const k = `${t.status}${t.error_code ? `:${t.error_code}` : ''}`;
      return { ...m, [k]: (m[k] ?? 0) + 1 };
    }, {});
    expect(byStatus).toEqual({ sent: n });
    expect(relay.arrivals.size).toBe(n);
    expect([...relay.arrivals.entries()].filter(([, k]) => k !== 1)).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `shutdown overrun: SIGTERM with 2 jobs stuck (${atExit.filter((t) => t.status === 'sending').length} messages claimed), exit after ${exitMs} ms, ` +
        `both jobs handed back; the next worker sent all ${n} in ${Date.now() - restartAt} ms, each once`,
    );
  });
});
