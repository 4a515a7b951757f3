import { Queue } from 'bull';
import { ConnectionRepository } from '../../../src/integrations/connections/connection.repository';
import { scheduleWindow, syncPendingJobId, syncPlanJobId, syncWindowJobId } from '../../../src/integrations/sync/sync-job-ids';
import { SyncPlanner } from '../../../src/integrations/sync/sync-planner.service';
import { SyncTrigger } from '../../../src/integrations/sync/sync-trigger.service';
import { SyncScheduler } from '../../../src/integrations/sync/sync.scheduler';
import { JobQueue } from '../../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../../src/queue/queue-names';
import { startTestApp, TestApp } from '../../support/test-app';
import { connectedBusiness } from './sync-test-helpers';

// API role only: nothing consumes the sync queue, so what was enqueued stays visible.
describe('sync schedule and triggers (real Redis)', () => {
  let app: TestApp;
  let queue: Queue;
  let planner: SyncPlanner;
  let trigger: SyncTrigger;

  beforeAll(async () => {
    app = await startTestApp({ http: true, worker: false });
    const jobs = app.http!.get(JobQueue, { strict: false });
    queue = jobs.queue(QueueName.Sync);
    planner = new SyncPlanner(jobs, app.http!.get(ConnectionRepository, { strict: false }));
    trigger = app.http!.get(SyncTrigger, { strict: false });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await app?.close();
  });
  beforeEach(async () => {
    await queue.obliterate({ force: true });
  });

  const jobsNamed = async (name: JobName) => (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter((j) => j.name === name);

  it('should collapse ticks of one window on several workers into one plan job', async () => {
    const schedulers = [1, 2, 3].map(() => new SyncScheduler(app.config, undefined as never, planner));
    await Promise.all([schedulers[0].tick(new Date('2026-01-01T10:00:00.010Z')), schedulers[1].tick(new Date('2026-01-01T10:00:00.900Z')), schedulers[2].tick(new Date('2026-01-01T10:00:01.500Z'))]);

    const plans = await jobsNamed(JobName.SyncPlan);
    expect(plans.map((j) => j.id)).toEqual([syncPlanJobId('2026-01-01T10:00:00.000Z')]);
    expect(plans[0].data).toEqual({ window: '2026-01-01T10:00:00.000Z' });
    expect(scheduleWindow(new Date('2026-01-01T12:00:59.999Z'))).toBe('2026-01-01T12:00:00.000Z');

    await schedulers[0].tick(new Date('2026-01-01T12:00:00.000Z'));
    expect(await jobsNamed(JobName.SyncPlan)).toHaveLength(2);
  });

  it('should fan a plan out to one sync per connected business, and collapse a repeated plan', async () => {
    const a = await connectedBusiness(app.ds, app.config, 'A');
    const b = await connectedBusiness(app.ds, app.config, 'B');
    const window = '2026-01-01T10:00:00.000Z';

    await planner.plan(window);
    await planner.plan(window);

    const syncs = await jobsNamed(JobName.SyncBusiness);
    const ours = syncs.filter((j) => [a.businessId, b.businessId].includes(j.data.businessId));
    expect(ours.map((j) => j.id).sort()).toEqual([syncWindowJobId(a.businessId, window), syncWindowJobId(b.businessId, window)].sort());
    expect(ours[0].data).toMatchObject({ provider: 'mindbody', reason: 'schedule' });
    expect(syncs).toHaveLength(ours.length);
  });

  it('should keep at most one on-demand sync waiting per business', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);

    await expect(trigger.requestNow(businessId, 'manual')).resolves.toMatchObject({ queued: true, reason: 'queued' });
    await expect(trigger.requestNow(businessId, 'stale')).resolves.toMatchObject({ queued: false, reason: 'already_queued' });

    const jobs = await jobsNamed(JobName.SyncBusiness);
    expect(jobs.map((j) => j.id)).toEqual([syncPendingJobId(businessId)]);
    expect(jobs[0].data).toEqual({ businessId, provider: 'mindbody', reason: 'manual' });
  });

  it('should queue a new on-demand sync when the previous one failed for good', async () => {
    const { businessId } = await connectedBusiness(app.ds, app.config);
    await trigger.requestNow(businessId, 'manual');
    // take it as a worker would, and fail it with no attempts left
    const job = (await (queue as unknown as { getNextJob(): Promise<import('bull').Job> }).getNextJob())!;
    expect(job.id).toBe(syncPendingJobId(businessId));
    await job.discard();
    await job.moveToFailed({ message: 'gave up' }, true);
    await job.releaseLock();
    expect(await job.getState()).toBe('failed');

    await expect(trigger.requestNow(businessId, 'manual')).resolves.toMatchObject({ queued: true });
    expect(await (await queue.getJob(syncPendingJobId(businessId)))!.getState()).toBe('waiting');
  });
});
