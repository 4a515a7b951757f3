import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ActionsService } from '../../src/actions/actions.service';
import { mailableAudience, touchesOf } from '../support/actions-fixtures';
import { spawnWorkerOf } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

jest.setTimeout(180_000);

// Issue #15 item 6 (docs/operations.md "Shutdown"): a worker told to stop (SIGTERM, as a deploy
// or an orchestrator does) mid-campaign takes no new job, finishes the ones it is running with
// every resource still open (before this, its SMTP pool closed under them), and exits; the next
// worker sends the rest. Every member gets the message exactly once and nothing is in doubt.

describe('a worker stopped with SIGTERM mid-campaign', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let second: TestApp | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_URL: sink.url } });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await second?.close();
    await app?.close();
    await sink?.close();
  });

  it('should finish its running jobs, leave the rest queued, and the next worker send each message exactly once', async () => {
    const n = 800;
    const { businessId, ids } = await mailableAudience(app.ds, 'term', n);
    // a relay a little slow (5 ms per message), so the campaign outlasts the signal
    sink.setDelay(5);
    const r = await app
      .http!.get(ActionsService)
      .dispatch({ businessId, origin: 'campaign:7:step:1', channel: 'email', clientIds: ids, template: { subject: 'Hi', text: 'Back soon?' }, batchSize: 100 });
    expect(r).toMatchObject({ queued: n, jobs: 8 });

    child = spawnWorkerOf(app, { SHUTDOWN_GRACE_MS: '60000' });
    await waitFor(async () => sink.count() >= 20, 90_000, 5);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    // Nest re-raises the signal once its shutdown hooks are done
    expect(code === 0 || signal === 'SIGTERM').toBe(true);

    const atExit = await touchesOf(app.ds, businessId, 'campaign:7:step:1');
    const byStatus = (rows: Array<Record<string, any>>) => rows.reduce<Record<string, number>>((m, t) => ({ ...m, [t.status]: (m[t.status] ?? 0) + 1 }), {});
    // the jobs it was running finished: nothing left mid-send, nothing in doubt or failed
    expect(byStatus(atExit)).toEqual({ sent: expect.any(Number), queued: expect.any(Number) });
    expect(atExit.filter((t) => t.status === 'sent').length % 100).toBe(0);
    expect(sink.count()).toBe(atExit.filter((t) => t.status === 'sent').length);

    second = await startTestApp({ http: false, worker: true, db: app.db, env: { SMTP_URL: sink.url } });
    const done = await waitFor(
      async () => {
        const t = await touchesOf(app.ds, businessId, 'campaign:7:step:1');
        return t.every((x) => x.status === 'sent' || x.status === 'failed') && t;
      },
      120_000,
      250,
    );
    expect(byStatus(done)).toEqual({ sent: n });
    const arrivals = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.envelopeTo) arrivals.set(to, (arrivals.get(to) ?? 0) + 1);
    expect(arrivals.size).toBe(n);
    expect([...arrivals.entries()].filter(([, k]) => k !== 1)).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`graceful shutdown: ${atExit.filter((t) => t.status === 'sent').length} of ${n} sent by the stopped worker, the rest by the next; each once`);
  });
});
