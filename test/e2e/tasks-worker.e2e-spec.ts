import { getQueueToken } from '@nestjs/bull';
import { Queue } from 'bull';
import request from 'supertest';
import { QueueName } from '../../src/queue/queue-names';
import { TaskNotifierService } from '../../src/tasks/task-notifier.service';
import { TasksProcessor } from '../../src/tasks/tasks.processor';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';
import { newBusiness } from '../support/factories';
import { seedClients, seedStaff, taskRow } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Tasks with a real worker: the assignee's email through a real SMTP server on loopback (once
// per assignment, retried on 4xx, dropped on 5xx), auto-close when the client returns (debounced
// after an import, and by the scheduled sweep), and the sweep re-queueing lost notifications.
describe('staff tasks worker', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let a: { businessId: string; apiKey: string };
  let staff: Record<string, string>;
  let clients: Record<string, string>;
  const BASE = 'https://comeback.example/app';
  const api = () => ({
    get: (path: string) =>
      request(app.url)
        .get(path)
        .set({ Authorization: `Bearer ${a.apiKey}` }),
    post: (path: string, body?: object) =>
      request(app.url)
        .post(path)
        .set({ Authorization: `Bearer ${a.apiKey}` })
        .send(body),
  });
  const create = async (body: object) => (await api().post('/api/v1/tasks', body).expect(201)).body;
  const mailFor = (address: string, taskId: string) => sink.to(address).filter((m) => new RegExp(`/tasks/${taskId}(\\s|$)`).test(m.text ?? ''));
  const tasksQueue = () => app.worker!.get<Queue>(getQueueToken(QueueName.Tasks), { strict: false });
  // Nothing more to come: the tasks queue has nothing waiting or running, twice in a row (a job
  // that finishes can queue another), instead of a fixed sleep.
  const settle = async () => {
    let idleSeen = 0;
    await waitFor(async () => {
      const c = await tasksQueue().getJobCounts();
      idleSeen = c.waiting + c.active === 0 ? idleSeen + 1 : 0;
      return idleSeen >= 2;
    }, 15_000);
  };
  // Nothing pending at all, debounced (delayed) jobs included: an earlier test's auto-close pass
  // runs business-wide and would close this test's tasks if it fired in the middle of it.
  const drained = () =>
    waitFor(async () => {
      const c = await tasksQueue().getJobCounts();
      return c.waiting + c.active + c.delayed === 0;
    }, 15_000);
  // The SMTP sink has a message a moment before the worker records it: wait for the record.
  const notified = (taskId: string, seq: number) =>
    waitFor(async () => {
      const r = await taskRow(app.ds, taskId);
      return r.notified_seq === seq && r.notify_claim === null ? r : undefined;
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    const smtp = sink.url;
    app = await startTestApp({
      worker: true,
      // the scheduled sweep is called by hand below; its cron is moved off the wall clock (a
      // quarter-hour tick mid-test would close tasks early)
      env: { SMTP_URL: smtp, PUBLIC_BASE_URL: BASE, MAIL_FROM: 'Comeback Tasks <tasks@comeback.test>', TASKS_DEBOUNCE_SECONDS: '1', TASKS_CRON: '0 0 1 1 *' },
    });
    a = await newBusiness(app.ds, { name: 'Iron & <Steel>', timezone: 'Europe/Stockholm' });
    staff = await seedStaff(app.ds, a.businessId, [
      { key: 'sam', firstName: 'Sam' },
      { key: 'kim', firstName: 'Kim' },
      { key: 'lee', firstName: 'Lee' },
      { key: 'ref', firstName: 'Ref', email: 'refused@staff.test' },
      { key: 'flaky', firstName: 'Flaky' },
      { key: 'mute', firstName: 'Mute', email: null },
    ]);
    clients = await seedClients(app.ds, a.businessId, [
      { key: 'ada', firstName: '<b>Ada</b> & "Co"', lastName: "O'Brien", phone: '+46 70 1', ownerStaffId: staff.sam },
      { key: 'back', firstName: 'Back', ownerStaffId: staff.sam },
      { key: 'stay', firstName: 'Stay', ownerStaffId: staff.sam },
      { key: 'quiet', firstName: 'Quiet', ownerStaffId: staff.sam },
    ]);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should email the assignee once with the client, reason, due date and a link, every value HTML-escaped', async () => {
    const task = await create({
      clientId: clients.ada,
      reason: '<script>alert(1)</script> absent',
      reasonKey: 'mail',
      instructions: 'Line one\n<i>Line two</i>',
      due: '2031-06-02',
      priority: 'high',
    });
    const [mail] = await waitFor(async () => (mailFor('sam@staff.test', task.id).length ? mailFor('sam@staff.test', task.id) : undefined));
    expect(mail.envelopeFrom).toBe('tasks@comeback.test');
    expect(mail.header('from')).toBe('Comeback Tasks <tasks@comeback.test>');
    expect(mail.envelopeTo).toEqual(['sam@staff.test']);
    expect(mail.subject).toBe(`Check in with <b>Ada</b> & "Co" O'Brien: <script>alert(1)</script> absent (due Mon 2 Jun 2031)`);
    expect(mail.text!).toContain(`Hi Sam,`);
    expect(mail.text!).toContain(`Iron & <Steel> has a check-in task for you.`);
    expect(mail.text!).toContain(`Client: <b>Ada</b> & "Co" O'Brien`);
    expect(mail.text!).toContain('Due: Mon 2 Jun 2031');
    expect(mail.text!).toContain('Priority: high');
    expect(mail.text!).toContain('Contact: +46 70 1');
    expect(mail.text!).toContain(`Open the task: ${BASE}/tasks/${task.id}`);
    expect(mail.html!).toContain(`<a href="${BASE}/tasks/${task.id}">Open the task</a>`);
    expect(mail.html!).toContain('&lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Co&quot; O&#39;Brien');
    expect(mail.html!).toContain('&lt;script&gt;alert(1)&lt;/script&gt; absent');
    expect(mail.html!).toContain('Line one<br>&lt;i&gt;Line two&lt;/i&gt;');
    expect(mail.html!).toContain('Iron &amp; &lt;Steel&gt;');
    expect(mail.html!).not.toMatch(/<script|<i>|<b>Ada|<Steel>/);

    const row = await notified(task.id, 1);
    expect(row).toMatchObject({ notified_seq: 1, notify_claim: null, notify_error: null });
    expect(row.notified_at).not.toBeNull();
    expect(`<${row.notify_message_id.replace(/^<|>$/g, '')}>`).toBe(mail.header('message-id'));
    // a replayed job, or a raise that only updates the task, sends nothing more
    await expect(app.worker!.get(TaskNotifierService, { strict: false }).notify(a.businessId, task.id)).resolves.toBe('nothing');
    await api().post('/api/v1/tasks', { clientId: clients.ada, reason: 'again', reasonKey: 'mail' }).expect(200);
    await settle();
    expect(mailFor('sam@staff.test', task.id)).toHaveLength(1);
  });

  it('should email the new assignee after a reassignment', async () => {
    const task = await create({ clientId: clients.ada, reason: 'Reassigned', reasonKey: 'reassign' });
    await waitFor(async () => mailFor('sam@staff.test', task.id).length === 1);
    await api().post(`/api/v1/tasks/${task.id}/reassign`, { assigneeStaffId: staff.kim }).expect(200);
    const [mail] = await waitFor(async () => (mailFor('kim@staff.test', task.id).length ? mailFor('kim@staff.test', task.id) : undefined));
    expect(mail.text!).toContain('Hi Kim,');
    await settle();
    expect(mailFor('sam@staff.test', task.id)).toHaveLength(1);
    expect(await notified(task.id, 2)).toMatchObject({ assignment_seq: 2, notified_seq: 2 });
  });

  it('should send once when two runs race for the same notification', async () => {
    // a task with no job queued for it, notified by two runs at the same time
    const [row] = await app.ds.query(
      `INSERT INTO staff_task (business_id, client_id, assignee_staff_id, reason, reason_key, due_on, due_at, created_by, origin)
       VALUES ($1, $2, $3, 'Race', 'race', current_date + 2, now() + interval '2 days', 'automation', 'test') RETURNING id::text`,
      [a.businessId, clients.ada, staff.lee],
    );
    const notifier = app.worker!.get(TaskNotifierService, { strict: false });
    const results = await Promise.allSettled([notifier.notify(a.businessId, row.id), notifier.notify(a.businessId, row.id), notifier.notify(a.businessId, row.id)]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'sent')).toHaveLength(1);
    // the losers either saw the claim (and would retry later) or found it already sent
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/being sent by another run/);
    await settle();
    expect(mailFor('lee@staff.test', row.id)).toHaveLength(1);
    await expect(notifier.notify(a.businessId, row.id)).resolves.toBe('nothing');
  });

  it('should record a refused address, discard the job and not retry', async () => {
    sink.rejectRecipient(/^refused@staff\.test$/, 550, '5.1.1 no such user');
    const task = await create({ clientId: clients.ada, reason: 'Refused', reasonKey: 'refused', assigneeStaffId: staff.ref });
    const row = await waitFor(async () => {
      const r = await taskRow(app.ds, task.id);
      return r.notify_error ? r : undefined;
    });
    expect(row.notify_error).toMatch(/no such user/);
    expect(row).toMatchObject({ notified_seq: 0, notify_claim: null });
    const failed = await waitFor(async () => (await tasksQueue().getFailed()).find((j) => j.data.taskId === task.id));
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/SMTP refused the notification/);
    expect(sink.to('refused@staff.test')).toEqual([]);
    // still failed, not waiting for another attempt
    expect(await failed.getState()).toBe('failed');
  });

  it('should retry a transient SMTP failure and deliver exactly once', async () => {
    sink.failNext(1, 451, 'try again later');
    const task = await create({ clientId: clients.ada, reason: 'Flaky', reasonKey: 'flaky', assigneeStaffId: staff.flaky });
    await waitFor(async () => mailFor('flaky@staff.test', task.id).length > 0, 20_000);
    expect(sink.failuresLeft()).toBe(0);
    await settle();
    expect(mailFor('flaky@staff.test', task.id)).toHaveLength(1);
    expect(await notified(task.id, 1)).toMatchObject({ notified_seq: 1, notify_error: null, notify_claim: null });
  }, 30_000);

  it('should record an assignee without an email address and send nothing', async () => {
    const task = await create({ clientId: clients.ada, reason: 'Mute', reasonKey: 'mute', assigneeStaffId: staff.mute });
    const row = await waitFor(async () => {
      const r = await taskRow(app.ds, task.id);
      return r.notify_error ? r : undefined;
    });
    expect(row.notify_error).toBe('assignee has no email address');
  });

  it('should close the open tasks of a client who visits after the task was created, soon after the import', async () => {
    const back = await create({ clientId: clients.back, reason: 'Come back', reasonKey: 'come-back' });
    const stay = await create({ clientId: clients.stay, reason: 'Come back', reasonKey: 'come-back' });
    const called = await create({ clientId: clients.back, reason: 'Called', reasonKey: 'called' });
    await api().post(`/api/v1/tasks/${called.id}/complete`, { outcome: 'reached' }).expect(200);
    const visitedAt = new Date(Date.now() + 1000).toISOString();
    // stay's visit is older than the task (a late-arriving backfill): it does not count
    await api()
      .post('/api/v1/import/visits', [
        { externalId: 'v-back', clientExternalId: 'back', visitedAt, kind: 'gym' },
        { externalId: 'v-stay', clientExternalId: 'stay', visitedAt: new Date(Date.now() - 3_600_000).toISOString(), kind: 'gym' },
      ])
      .expect(200);
    const closed = await waitFor(async () => {
      const t = (await api().get(`/api/v1/tasks/${back.id}`).expect(200)).body;
      return t.state === 'done' ? t : undefined;
    });
    expect(closed).toMatchObject({ state: 'done', outcome: 'returned_on_own', completedBy: 'auto', returnedVisitAt: visitedAt, completedByStaffId: null });
    expect((await api().get(`/api/v1/tasks/${stay.id}`).expect(200)).body.state).toBe('open');
    // a task closed by hand keeps its own outcome
    expect((await api().get(`/api/v1/tasks/${called.id}`).expect(200)).body).toMatchObject({ state: 'done', outcome: 'reached' });
  });

  it('should close returned clients and re-queue lost notifications from the scheduled sweep', async () => {
    await drained();
    const quiet = await create({ clientId: clients.quiet, reason: 'Quiet', reasonKey: 'quiet' });
    await waitFor(async () => mailFor('sam@staff.test', quiet.id).length === 1);
    // a visit written without an ingest notification (the debounced job was lost)
    await app.ds.query(`INSERT INTO visit (business_id, source, external_id, client_id, visited_at, visited_on) VALUES ($1, 'import', 'v-quiet', $2, now() + interval '1 second', current_date)`, [
      a.businessId,
      clients.quiet,
    ]);
    await app.ds.query(`UPDATE client SET last_visit_on = current_date WHERE id = $1`, [clients.quiet]);
    // an assignment whose notification job never made it to Redis
    const [lost] = await app.ds.query(
      `INSERT INTO staff_task (business_id, client_id, assignee_staff_id, reason, reason_key, due_on, due_at, created_by, origin, updated_at)
       VALUES ($1, $2, $3, 'Lost', 'lost', current_date + 2, now() + interval '2 days', 'campaign', 'campaign:1:step:1', now() - interval '20 minutes') RETURNING id::text`,
      [a.businessId, clients.stay, staff.kim],
    );
    // nothing announced the visit, so nothing closes the task until the sweep
    await drained();
    expect((await taskRow(app.ds, quiet.id)).state).toBe('open');
    await app.worker!.get(TasksProcessor, { strict: false }).tick(new Date('2031-01-01T00:15:00Z'));
    const closed = await waitFor(async () => {
      const r = await taskRow(app.ds, quiet.id);
      return r.state === 'done' ? r : undefined;
    });
    expect(closed).toMatchObject({ outcome: 'returned_on_own', completed_by: 'auto' });
    await waitFor(async () => mailFor('kim@staff.test', lost.id).length === 1);
    expect(await notified(lost.id, 1)).toMatchObject({ notified_seq: 1 });
  });
});
