import request from 'supertest';
import { JobQueue } from '../../../src/queue/job-queue.service';
import { QueueName } from '../../../src/queue/queue-names';
import { newBusiness } from '../../support/factories';
import { startTestApp, TestApp } from '../../support/test-app';

describe('ingest-events queue (what later modules consume)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const waitingJobs = async () => {
    const q = app.http!.get(JobQueue).queue(QueueName.IngestEvents);
    return (await q.getWaiting()).map((j) => ({ name: j.name, data: j.data }));
  };

  it('should emit the changed client ids with the kind of change after each committed ingest, and nothing for a no-op', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds);
    const auth = { Authorization: `Bearer ${apiKey}` };
    await request(app.url)
      .post('/api/v1/import/clients')
      .set(auth)
      .send([{ externalId: 'e1' }, { externalId: 'e2' }])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(auth)
      .send([{ externalId: 'v1', clientExternalId: 'e2', visitedAt: '2026-03-01T10:00:00Z' }])
      .expect(200);
    // identical again: nothing changed, nothing emitted
    await request(app.url)
      .post('/api/v1/import/clients')
      .set(auth)
      .send([{ externalId: 'e1' }, { externalId: 'e2' }])
      .expect(200);
    // a rejected record emits nothing either
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(auth)
      .send([{ externalId: 'v2', clientExternalId: 'nobody', visitedAt: '2026-03-01T10:00:00Z' }])
      .expect(200);

    const ids = await app.ds.query(`SELECT external_id, id::text FROM client WHERE business_id = $1 ORDER BY external_id`, [businessId]);
    const [e1, e2] = ids.map((r: { id: string }) => r.id);
    const jobs = await waitingJobs();
    expect(jobs.map((j) => j.data).sort((a, b) => a.changes.length - b.changes.length)).toEqual([
      { businessId, source: 'import', changes: [{ clientId: e2, kinds: ['visit'] }] },
      {
        businessId,
        source: 'import',
        changes: expect.arrayContaining([
          { clientId: e1, kinds: ['client'] },
          { clientId: e2, kinds: ['client'] },
        ]),
      },
    ]);
    expect(jobs.every((j) => j.name === 'clients.changed')).toBe(true);
  });
});
