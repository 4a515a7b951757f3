import { Job } from 'bull';
import { AppConfig } from '../config/app-config';
import { DomainEvents } from './domain-events';
import { JobQueue } from './job-queue.service';
import { JobName } from './queue-names';

/** A Bull job as dispatch sees it: data, an id, and progress kept between attempts. */
function fakeJob(): Job {
  let progress: unknown = 0;
  return {
    id: '7',
    progress: (value?: unknown) => {
      if (value === undefined) return progress;
      progress = value;
      return Promise.resolve();
    },
  } as unknown as Job;
}

describe('DomainEvents', () => {
  const payload = { businessId: 'b', source: 'import', changes: [{ clientId: '1', kinds: ['visit' as const] }] };
  let sut: DomainEvents;
  let calls: string[];

  beforeEach(() => {
    sut = new DomainEvents({} as JobQueue, { QUEUE_CONCURRENCY: 1 } as AppConfig);
    calls = [];
  });

  it('should run every listener in subscription order and answer per listener', async () => {
    sut.on(JobName.ClientsChanged, 'risk', async () => (calls.push('risk'), 1));
    sut.on(JobName.ClientsChanged, 'segments', async () => (calls.push('segments'), 2));
    await expect(sut.dispatch(JobName.ClientsChanged, payload, fakeJob())).resolves.toEqual({ risk: 1, segments: 2 });
    expect(calls).toEqual(['risk', 'segments']);
  });

  it('should run the listeners after a failing one, fail the job with the first error, and run only the failed one on retry', async () => {
    let riskUp = false;
    sut.on(JobName.ClientsChanged, 'risk', async () => {
      calls.push('risk');
      if (!riskUp) throw new Error('database unreachable');
    });
    sut.on(JobName.ClientsChanged, 'segments', async () => void calls.push('segments'));
    const job = fakeJob();
    await expect(sut.dispatch(JobName.ClientsChanged, payload, job)).rejects.toThrow('database unreachable');
    expect(calls).toEqual(['risk', 'segments']);
    riskUp = true;
    await expect(sut.dispatch(JobName.ClientsChanged, payload, job)).resolves.toEqual({ risk: undefined });
    expect(calls).toEqual(['risk', 'segments', 'risk']);
  });

  it('should refuse one listener name twice on an event (a module instantiated twice)', () => {
    sut.on(JobName.ClientStatusChanged, 'follow-up', async () => undefined);
    expect(() => sut.on(JobName.ClientStatusChanged, 'follow-up', async () => undefined)).toThrow('follow-up already listens to client.status_changed');
  });
});
