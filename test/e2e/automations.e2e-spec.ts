import request from 'supertest';
import { BranchRepository } from '../../src/automations/runs/branch.repository';
import { EnrollmentRepository } from '../../src/automations/runs/enrollment.repository';
import { holdoutBucketSql } from '../../src/campaigns/campaign.repository';
import { variantFor } from '../../src/campaigns/variant-split';
import { JobOf } from '../../src/queue/job-payloads';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName } from '../../src/queue/queue-names';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';
import { automationsBusiness, AutomationsFixture, emailStep } from '../support/automations-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Automations through the API and a real worker: every trigger enrolls the right clients once,
// every step type, re-entry, the holdout, progress per step, "at the door", tenancy and 400s.
// Mail to clients (email steps) and to staff (task notifications) reaches a real SMTP server.
describe('automations through the API and the worker', () => {
  let sink: SmtpSink;
  let app: TestApp;
  const api = (key: string) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
    patch: (path: string, body: object) => request(app.url).patch(path).set('Authorization', `Bearer ${key}`).send(body),
    delete: (path: string) => request(app.url).delete(path).set('Authorization', `Bearer ${key}`),
  });
  const jobs = () => app.worker!.get(JobQueue);
  const mailTo = (email: string, subject?: RegExp) => sink.messages.filter((m) => m.envelopeTo.includes(email) && (!subject || subject.test(m.subject)));
  const create = async (f: AutomationsFixture, body: object) =>
    (
      await api(f.apiKey)
        .post('/api/v1/automations', { enabled: true, holdoutPercent: 0, ...body })
        .expect(201)
    ).body;
  const statusChanged = (f: AutomationsFixture, changes: Array<{ clientId: string; from: string | null; to: string | null; changedAt?: string }>) =>
    jobs().enqueue(JobName.ClientStatusChanged, {
      businessId: f.businessId,
      changes: changes.map((c) => ({ tags: [], score: 0, reason: 'rule' as const, changedAt: new Date().toISOString(), ...c })),
    });
  const runs = (automationId: string): Promise<Array<Record<string, any>>> =>
    app.ds.query(
      `SELECT e.id::text, e.client_id::text, e.occurrence_key, e.entry_no, e.holdout, e.state, e.step_index, e.exit_reason
         FROM automation_enrollment e WHERE e.automation_id = $1 ORDER BY e.client_id, e.id`,
      [automationId],
    );
  const settled = (automationId: string, n: number) =>
    waitFor(async () => {
      const r = await runs(automationId);
      return r.length === n && r.every((x) => !['active', 'waiting'].includes(x.state)) ? r : undefined;
    }, 20_000);
  const quiet = (ms = 800) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({
      worker: true,
      env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example', SEGMENT_DEBOUNCE_SECONDS: '1', AUTOMATIONS_CRON: '*/2 * * * * *' },
    });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  it('should enroll clients whose status changed to the trigger status, once per occurrence, and email them', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'status', 6);
    const a = await create(f, { name: 'At Risk email', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('hello', 'Hello {{client.first_name}}')] });
    const fromLoving = await create(f, { name: 'Loving to At Risk', trigger: { kind: 'status_changed', from: ['loving_it'], to: ['at_risk'] }, steps: [emailStep('drop')] });
    const [c0, c1, c2, c3] = f.clients;
    const at = new Date().toISOString();
    const changes = [
      { clientId: c0, from: 'loving_it', to: 'at_risk', changedAt: at },
      { clientId: c1, from: null, to: 'at_risk', changedAt: at },
      { clientId: c2, from: 'at_risk', to: 'in_trouble', changedAt: at },
      { clientId: c3, from: 'at_risk', to: null, changedAt: at },
    ];
    await statusChanged(f, changes);
    // the same event delivered again (a retried job) enrolls nobody twice
    await statusChanged(f, changes);
    const done = await settled(a.id, 2);
    expect(done.map((r) => r.client_id)).toEqual([c0, c1]);
    expect(done.every((r) => r.state === 'done' && r.occurrence_key === `status:${Date.parse(at)}` && r.entry_no === 1)).toBe(true);
    expect((await settled(fromLoving.id, 1)).map((r) => r.client_id)).toEqual([c0]);
    await waitFor(async () => mailTo(f.emails[1], /^Hello/).length === 1);
    await quiet();
    expect(mailTo(f.emails[0], /^Hello C0$/)).toHaveLength(1);
    expect(mailTo(f.emails[1], /^Hello C1$/)).toHaveLength(1);
    expect(mailTo(f.emails[2])).toHaveLength(0);
    expect(mailTo(f.emails[3])).toHaveLength(0);
    const touches = await app.ds.query(`SELECT origin, automation_id::text, step_key FROM touch WHERE business_id = $1 AND automation_id = $2`, [f.businessId, a.id]);
    expect(touches).toEqual([
      { origin: `automation:${a.id}:step:hello`, automation_id: a.id, step_key: 'hello' },
      { origin: `automation:${a.id}:step:hello`, automation_id: a.id, step_key: 'hello' },
    ]);
  });

  it('should enroll on a manual status change made through the API (the risk module publishes it)', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'manual', 2, { member: true });
    // members (the source's member flag), so they can have a status
    const a = await create(f, { name: 'Raving fans', trigger: { kind: 'status_changed', to: ['raving_fan'] }, steps: [emailStep('fan', 'Thanks fan')] });
    await request(app.url).put(`/api/v1/clients/${f.clients[0]}/status`).set('Authorization', `Bearer ${f.apiKey}`).send({ status: 'raving_fan' }).expect(200);
    expect((await settled(a.id, 1)).map((r) => r.client_id)).toEqual([f.clients[0]]);
    await waitFor(async () => mailTo(f.emails[0], /^Thanks fan/).length === 1);
  });

  it('should enroll on health band changes and usage drops that match the trigger filters', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'health', 4);
    const band = await create(f, { name: 'Red band', trigger: { kind: 'health_band_changed', to: ['red'] }, steps: [{ key: 'x', type: 'exit' }] });
    const drop = await create(f, { name: 'Big drop', trigger: { kind: 'usage_dropped', minDropPercent: 50 }, steps: [{ key: 'x', type: 'exit' }] });
    const at = new Date().toISOString();
    const bands: JobOf<JobName.ClientHealthBandChanged>['changes'] = [
      { clientId: f.clients[0], from: 'yellow', to: 'red', score: 20, changedAt: at },
      { clientId: f.clients[1], from: 'red', to: 'yellow', score: 50, changedAt: at },
    ];
    await jobs().enqueue(JobName.ClientHealthBandChanged, { businessId: f.businessId, changes: bands });
    await jobs().enqueue(JobName.ClientUsageDropped, {
      businessId: f.businessId,
      drops: [
        { clientId: f.clients[2], recentSessions: 1, earlierSessions: 4, dropPercent: 75, droppedAt: at },
        { clientId: f.clients[3], recentSessions: 2, earlierSessions: 3, dropPercent: 33, droppedAt: at },
      ],
    });
    expect((await settled(band.id, 1)).map((r) => [r.client_id, r.state, r.exit_reason])).toEqual([[f.clients[0], 'exited', 'exit_step']]);
    expect((await settled(drop.id, 1)).map((r) => [r.client_id, r.occurrence_key])).toEqual([[f.clients[2], `usage:${Date.parse(at)}`]]);
  });

  it('should enroll clients entering and leaving a saved segment as the data changes', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'seg', 3);
    const seg = (
      await api(f.apiKey)
        .post('/api/v1/segments', { name: 'VIP', conditions: { condition: 'customer_type', values: ['vip'] } })
        .expect(201)
    ).body;
    await waitFor(async () => (await api(f.apiKey).get(`/api/v1/segments/${seg.id}`).expect(200)).body.evaluatedAt);
    const entered = await create(f, { name: 'Welcome VIP', trigger: { kind: 'segment_entered', segmentId: seg.id }, steps: [emailStep('vip', 'Welcome VIP')] });
    const exited = await create(f, { name: 'Bye VIP', trigger: { kind: 'segment_exited', segmentId: seg.id }, steps: [{ key: 'x', type: 'exit' }] });
    const setType = (ids: string[], type: string) =>
      api(f.apiKey)
        .post(
          '/api/v1/import/clients',
          ids.map((id) => ({ externalId: f.externalIds[f.clients.indexOf(id)], customerType: type })),
        )
        .expect(200);
    await setType([f.clients[0], f.clients[1]], 'vip');
    const inRuns = await settled(entered.id, 2);
    expect(inRuns.map((r) => r.client_id)).toEqual([f.clients[0], f.clients[1]]);
    expect(inRuns[0].occurrence_key).toMatch(/^segment:\d+$/);
    await waitFor(async () => mailTo(f.emails[1], /^Welcome VIP/).length === 1);
    await setType([f.clients[1]], 'regular');
    expect((await settled(exited.id, 1)).map((r) => r.client_id)).toEqual([f.clients[1]]);
  });

  it('should enroll the members of its segment at each schedule tick, once per tick', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'sched', 3, { timezone: 'America/New_York' });
    await app.ds.query(`UPDATE client SET customer_type = 'student' WHERE id = ANY($1::bigint[])`, [f.clients.slice(0, 2)]);
    const seg = (
      await api(f.apiKey)
        .post('/api/v1/segments', { name: 'Students', conditions: { condition: 'customer_type', values: ['student'] } })
        .expect(201)
    ).body;
    const a = await create(f, {
      name: 'Weekly',
      trigger: { kind: 'schedule', cron: '30 9 * * 1', segmentId: seg.id },
      steps: [emailStep('weekly', 'Weekly note')],
      reentry: { policy: 'per_days', days: 7 },
    });
    // the next Monday 09:30 on the business's clock
    const next = new Date(a.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next)).toBe('Mon 09:30');
    // the tick comes due (as if it were Monday morning): the sweep runs it once, members enrolled
    const tick = new Date(Date.now() - 1000);
    await app.ds.query(`UPDATE automation SET next_run_at = $2 WHERE id = $1`, [a.id, tick]);
    const enrolled = await settled(a.id, 2);
    expect(enrolled.map((r) => [r.client_id, r.occurrence_key])).toEqual([
      [f.clients[0], `schedule:${tick.toISOString()}`],
      [f.clients[1], `schedule:${tick.toISOString()}`],
    ]);
    const after = (await api(f.apiKey).get(`/api/v1/automations/${a.id}`).expect(200)).body;
    expect(new Date(after.nextRunAt).getTime()).toBe(next.getTime());
    // another tick within the re-entry window enrolls nobody again
    await app.ds.query(`UPDATE automation SET next_run_at = now() - interval '1 second' WHERE id = $1`, [a.id]);
    await waitFor(async () => (await app.ds.query(`SELECT next_run_at > now() AS moved FROM automation WHERE id = $1`, [a.id]))[0].moved, 10_000);
    await quiet(1500);
    expect(await runs(a.id)).toHaveLength(2);
    expect(mailTo(f.emails[0], /^Weekly note/)).toHaveLength(1);
    expect(mailTo(f.emails[2])).toHaveLength(0);
  });

  it('should split a send step A/B per client and never contact the holdout, whose runs still walk every step', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'ab', 60);
    const a = await create(f, {
      name: 'A/B',
      holdoutPercent: 30,
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      steps: [
        {
          key: 'ab',
          type: 'send',
          channel: 'email',
          variants: [
            { key: 'A', template: { subject: 'Variant A', text: 'a {{unsubscribe_url}}' } },
            { key: 'B', template: { subject: 'Variant B', text: 'b {{unsubscribe_url}}' } },
          ],
        },
        { key: 'pause', type: 'wait', seconds: 1 },
        emailStep('again', 'Again'),
      ],
    });
    await statusChanged(
      f,
      f.clients.map((clientId) => ({ clientId, from: 'loving_it', to: 'at_risk' })),
    );
    const done = await settled(a.id, 60);
    expect(done.every((r) => r.state === 'done')).toBe(true);
    const held = done.filter((r) => r.holdout).map((r) => r.client_id);
    const expected: Array<{ id: string }> = await app.ds.query(
      `SELECT c.id::text FROM client c WHERE c.id = ANY($2::bigint[]) AND ${holdoutBucketSql(`('automation:' || $1::text)`, 'c.id')} < 3000 ORDER BY c.id`,
      [a.id, f.clients],
    );
    expect(held).toEqual(expected.map((e) => e.id));
    expect(held.length).toBeGreaterThan(5);
    expect(held.length).toBeLessThan(35);
    const contacted = f.clients.filter((c) => !held.includes(c));
    await waitFor(async () => sink.messages.filter((m) => m.subject === 'Again' && f.emails.includes(m.envelopeTo[0])).length === contacted.length, 15_000);
    await quiet();
    for (const [i, id] of f.clients.entries()) {
      const mine = mailTo(f.emails[i]);
      if (held.includes(id)) expect(mine).toHaveLength(0);
      else {
        const variant = variantFor(`automation:${a.id}`, 'ab', id, [
          { key: 'A', weight: 1, template: {} },
          { key: 'B', weight: 1, template: {} },
        ]).key;
        expect(mine.map((m) => m.subject).sort()).toEqual(['Again', `Variant ${variant}`]);
      }
    }
    // the holdout's log says what it skipped; every step was walked by everyone
    const log: Array<{ step_key: string; outcome: string; n: number }> = await app.ds.query(
      `SELECT step_key, outcome, count(*)::int AS n FROM automation_step_log WHERE automation_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [a.id],
    );
    expect(log).toEqual([
      { step_key: 'ab', outcome: 'holdout', n: held.length },
      { step_key: 'ab', outcome: 'sent', n: contacted.length },
      { step_key: 'again', outcome: 'holdout', n: held.length },
      { step_key: 'again', outcome: 'sent', n: contacted.length },
      { step_key: 'pause', outcome: 'waited', n: 60 },
    ]);
    const view = (await api(f.apiKey).get(`/api/v1/automations/${a.id}`).expect(200)).body;
    expect(view.progress).toMatchObject({ enrolled: 60, done: 60, inFlight: 0, holdout: held.length });
    expect(view.progress.steps[0]).toMatchObject({ key: 'ab', current: 0, outcomes: { sent: contacted.length, holdout: held.length } });
    const variants: Array<{ variant: string; n: number }> = await app.ds.query(`SELECT variant, count(*)::int AS n FROM touch WHERE automation_id = $1 AND step_key = 'ab' GROUP BY 1 ORDER BY 1`, [
      a.id,
    ]);
    expect(variants.map((v) => v.variant)).toEqual(['A', 'B']);
  });

  it('should let a client in again only as the re-entry policy allows', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'reentry', 1);
    const once = await create(f, { name: 'Once', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('once', 'Once')] });
    const monthly = await create(f, {
      name: 'Monthly',
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      reentry: { policy: 'per_days', days: 30 },
      steps: [emailStep('monthly', 'Monthly')],
    });
    const c = f.clients[0];
    const occur = async (n: number) => {
      await statusChanged(f, [{ clientId: c, from: 'loving_it', to: 'at_risk', changedAt: new Date(Date.now() + n).toISOString() }]);
      await quiet(1500);
    };
    await occur(1);
    await settled(monthly.id, 1);
    await occur(2);
    expect(await runs(once.id)).toHaveLength(1);
    expect(await runs(monthly.id)).toHaveLength(1);
    // 31 days later: the monthly one takes the client in again (a new origin, so it sends again); "once" never
    await app.ds.query(`UPDATE automation_enrollment SET enrolled_at = enrolled_at - interval '31 days' WHERE client_id = $1`, [c]);
    await occur(3);
    const again = await settled(monthly.id, 2);
    expect(again.map((r) => r.entry_no)).toEqual([1, 2]);
    expect(await runs(once.id)).toHaveLength(1);
    await waitFor(async () => mailTo(f.emails[0], /^Monthly/).length === 2);
    expect(mailTo(f.emails[0], /^Once/)).toHaveLength(1);
    const origins = await app.ds.query(`SELECT origin FROM touch WHERE automation_id = $1 ORDER BY id`, [monthly.id]);
    expect(origins.map((o: { origin: string }) => o.origin)).toEqual([`automation:${monthly.id}:step:monthly`, `automation:${monthly.id}:step:monthly:r2`]);
  });

  it('should wait, branch on "visited since the trigger" for the whole batch in one statement, and raise a task for the rest', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'branch', 40);
    const branch = app.worker!.get(BranchRepository);
    const spy = jest.spyOn(branch, 'matching');
    const a = await create(f, {
      name: 'No visit -> call',
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      steps: [
        { key: 'wait', type: 'wait', seconds: 3 },
        { key: 'visited', type: 'branch', condition: { condition: 'visited_since_trigger' }, then: 'exit' },
        { key: 'call', type: 'task', reason: 'No visit since At Risk: call them', dueInDays: 1, priority: 'high' },
      ],
    });
    await statusChanged(
      f,
      f.clients.map((clientId) => ({ clientId, from: 'loving_it', to: 'at_risk' })),
    );
    await waitFor(async () => (await runs(a.id)).filter((r) => r.state === 'waiting').length === 40);
    const view = (await api(f.apiKey).get(`/api/v1/automations/${a.id}`).expect(200)).body;
    expect(view.progress.steps[0]).toMatchObject({ key: 'wait', current: 40, waiting: 40 });
    // half of them come back during the wait
    const back = f.externalIds.filter((_, i) => i % 2 === 0);
    await api(f.apiKey)
      .post(
        '/api/v1/import/visits',
        back.map((x) => ({ externalId: `v-${x}`, clientExternalId: x, visitedAt: new Date().toISOString() })),
      )
      .expect(200);
    const done = await settled(a.id, 40);
    const calls = spy.mock.calls.filter((c) => c[0].businessId === f.businessId);
    expect(calls).toHaveLength(1);
    expect(calls[0][1]).toHaveLength(40);
    const exited = done.filter((r) => r.state === 'exited').map((r) => r.client_id);
    expect(exited).toEqual(f.clients.filter((_, i) => i % 2 === 0));
    expect(done.filter((r) => r.state === 'done').map((r) => r.client_id)).toEqual(f.clients.filter((_, i) => i % 2 === 1));
    const tasks: Array<{ client_id: string; reason: string; priority: string; assignee: string; origin: string; created_by: string }> = await app.ds.query(
      `SELECT client_id::text, reason, priority, assignee_staff_id::text AS assignee, origin, created_by FROM staff_task t WHERE t.business_id = $1 ORDER BY t.client_id`,
      [f.businessId],
    );
    expect(tasks.map((t) => t.client_id)).toEqual(f.clients.filter((_, i) => i % 2 === 1));
    expect(tasks[0]).toMatchObject({ reason: 'No visit since At Risk: call them', priority: 'high', assignee: f.ownerId, origin: `automation:${a.id}:step:call`, created_by: 'automation' });
    // the owner is emailed per task by the tasks module
    await waitFor(async () => mailTo(f.ownerEmail).length === 20, 15_000);
    spy.mockRestore();
  });

  it('should jump to a later step on a segment condition, and give holdout runs neither the task nor the email', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'jump', 40);
    const vips = f.clients.filter((_, i) => i % 4 === 0);
    await app.ds.query(`UPDATE client SET customer_type = CASE WHEN id = ANY($1::bigint[]) THEN 'vip' ELSE 'regular' END WHERE business_id = $2`, [vips, f.businessId]);
    const a = await create(f, {
      name: 'VIP or call',
      holdoutPercent: 30,
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      steps: [
        { key: 'is-vip', type: 'branch', condition: { condition: 'customer_type', values: ['vip'] }, then: 'vip-mail' },
        { key: 'call', type: 'task', reason: 'Regular at risk: call', assignTo: 'staff', staffId: f.ownerId },
        { key: 'stop', type: 'exit' },
        emailStep('vip-mail', 'VIP treat'),
      ],
    });
    await statusChanged(
      f,
      f.clients.map((clientId) => ({ clientId, from: null, to: 'at_risk' })),
    );
    const done = await settled(a.id, 40);
    const held = new Set(done.filter((r) => r.holdout).map((r) => r.client_id));
    expect(held.size).toBeGreaterThan(3);
    // every run took its branch, holdout or not
    expect(done.filter((r) => vips.includes(r.client_id)).every((r) => r.state === 'done')).toBe(true);
    expect(done.filter((r) => !vips.includes(r.client_id)).every((r) => r.state === 'exited' && r.exit_reason === 'exit_step')).toBe(true);
    const tasks: Array<{ id: string }> = await app.ds.query(`SELECT t.client_id::text AS id FROM staff_task t WHERE t.business_id = $1 ORDER BY t.client_id`, [f.businessId]);
    expect(tasks.map((t) => t.id)).toEqual(f.clients.filter((c) => !vips.includes(c) && !held.has(c)));
    await waitFor(async () => sink.messages.filter((m) => m.subject === 'VIP treat' && f.emails.includes(m.envelopeTo[0])).length === vips.filter((c) => !held.has(c)).length);
    await quiet();
    for (const [i, id] of f.clients.entries()) expect(mailTo(f.emails[i], /^VIP treat/)).toHaveLength(vips.includes(id) && !held.has(id) ? 1 : 0);
  });

  it('should raise no staff task for a sleeping member and move their run on', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'sleepy-call', 4);
    await api(f.apiKey).put(`/api/v1/clients/${f.clients[1]}/contact-preferences`, { sleeping: true, note: 'pays, never comes' }).expect(200);
    const a = await create(f, {
      name: 'Call',
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      steps: [{ key: 'call', type: 'task', reason: 'Call them', assignTo: 'staff', staffId: f.ownerId }],
    });
    await statusChanged(
      f,
      f.clients.map((clientId) => ({ clientId, from: null, to: 'at_risk' })),
    );
    const done = await settled(a.id, 4);
    expect(done.every((r) => r.state === 'done')).toBe(true);
    const tasks: Array<{ id: string }> = await app.ds.query(`SELECT client_id::text AS id FROM staff_task WHERE business_id = $1 ORDER BY client_id`, [f.businessId]);
    expect(tasks.map((t) => t.id)).toEqual(f.clients.filter((_, i) => i !== 1));
    const view = (await api(f.apiKey).get(`/api/v1/automations/${a.id}`).expect(200)).body;
    expect(view.progress).toMatchObject({ steps: [{ key: 'call', outcomes: { task: 3, sleeping: 1 } }] });
  });

  it('should fail the runs of a step whose configuration no longer holds, and say why', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'stale-config', 2);
    const a = await create(f, { name: 'Call', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [{ key: 'call', type: 'task', reason: 'Call', assignTo: 'staff', staffId: f.ownerId }] });
    await app.ds.query(`UPDATE staff SET active = false WHERE id = $1`, [f.ownerId]);
    await statusChanged(
      f,
      f.clients.map((clientId) => ({ clientId, from: null, to: 'at_risk' })),
    );
    const failed = await settled(a.id, 2);
    expect(failed.every((r) => r.state === 'failed' && /not an active staff member/.test(r.exit_reason))).toBe(true);
    const view = (await api(f.apiKey).get(`/api/v1/automations/${a.id}`).expect(200)).body;
    expect(view.progress).toMatchObject({ failed: 2, steps: [{ key: 'call', outcomes: { failed: 2 } }] });
  });

  it('should wait until a local time of day on the business clock', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'clock', 1, { timezone: 'Asia/Tokyo' });
    const wake: Date = await app.worker!.get(EnrollmentRepository).wakeAt(3600, '07:15', 'Asia/Tokyo');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(wake);
    expect(local).toBe('07:15:00');
    expect(wake.getTime()).toBeGreaterThan(Date.now() + 3600_000 - 5000);
    expect(wake.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 86_400_000);
    const a = await create(f, { name: 'Morning', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [{ key: 'w', type: 'wait', atLocalTime: '07:15' }, emailStep('m')] });
    await statusChanged(f, [{ clientId: f.clients[0], from: null, to: 'at_risk' }]);
    const [run] = await waitFor(async () => {
      const r = await app.ds.query(`SELECT state, next_at FROM automation_enrollment WHERE automation_id = $1`, [a.id]);
      return r.length && r[0].state === 'waiting' ? r : undefined;
    });
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(run.next_at)).toBe('07:15');
  });

  it('should alert the owner the moment the client checks in, with the visit as the outcome', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'door', 3);
    const a = await create(f, {
      name: 'At the door',
      trigger: { kind: 'status_changed', to: ['in_trouble'] },
      steps: [{ key: 'door', type: 'door_alert', message: 'In Trouble and just walked in: say hello' }],
    });
    await statusChanged(
      f,
      f.clients.slice(0, 2).map((clientId) => ({ clientId, from: 'at_risk', to: 'in_trouble' })),
    );
    await settled(a.id, 2);
    const armed = await app.ds.query(`SELECT d.client_id::text, d.fired_at FROM automation_door_alert d WHERE d.automation_id = $1 ORDER BY d.client_id`, [a.id]);
    expect(armed).toEqual([
      { client_id: f.clients[0], fired_at: null },
      { client_id: f.clients[1], fired_at: null },
    ]);
    const before = mailTo(f.ownerEmail).length;
    // client 0 and client 2 (never armed) check in
    await api(f.apiKey)
      .post(
        '/api/v1/import/visits',
        [0, 2].map((i) => ({ externalId: `door-${i}`, clientExternalId: f.externalIds[i], visitedAt: new Date().toISOString() })),
      )
      .expect(200);
    const [fired] = await waitFor(async () => {
      const r = await app.ds.query(
        `SELECT d.client_id::text, d.visit_id::text, d.task_id::text, v.external_id AS visit FROM automation_door_alert d LEFT JOIN visit v ON v.id = d.visit_id
          WHERE d.automation_id = $1 AND d.task_id IS NOT NULL`,
        [a.id],
      );
      return r.length ? r : undefined;
    });
    expect(fired).toMatchObject({ client_id: f.clients[0], visit: 'door-0' });
    const [task] = await app.ds.query(`SELECT reason, priority, assignee_staff_id::text AS assignee, due_on, state FROM staff_task WHERE id = $1`, [fired.task_id]);
    expect(task).toMatchObject({ reason: 'In Trouble and just walked in: say hello', priority: 'urgent', assignee: f.ownerId, state: 'open' });
    await waitFor(async () => mailTo(f.ownerEmail).length === before + 1, 10_000);
    await quiet();
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM automation_door_alert WHERE automation_id = $1 AND fired_at IS NOT NULL`, [a.id])).toEqual([{ n: 1 }]);
    // a second visit fires nothing more
    await api(f.apiKey)
      .post('/api/v1/import/visits', [{ externalId: 'door-0b', clientExternalId: f.externalIds[0], visitedAt: new Date().toISOString() }])
      .expect(200);
    await quiet(1500);
    expect(mailTo(f.ownerEmail)).toHaveLength(before + 1);
  });

  it('should keep enrolled runs going through a steps change and stop enrolling while paused', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'edit', 3);
    const a = await create(f, { name: 'Edit me', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [{ key: 'w', type: 'wait', seconds: 4 }, emailStep('old', 'Old text')] });
    await statusChanged(f, [{ clientId: f.clients[0], from: null, to: 'at_risk' }]);
    await waitFor(async () => (await runs(a.id)).some((r) => r.state === 'waiting'));
    // a step inserted before the wait and the email's text changed: the waiting run stays at "w"
    const edited = await api(f.apiKey)
      .patch(`/api/v1/automations/${a.id}`, { steps: [emailStep('first', 'First'), { key: 'w', type: 'wait', seconds: 4 }, emailStep('old', 'New text')] })
      .expect(200);
    expect(edited.body.steps.map((s: { key: string }) => s.key)).toEqual(['first', 'w', 'old']);
    expect((await runs(a.id))[0]).toMatchObject({ state: 'waiting', step_index: 1 });
    await settled(a.id, 1);
    await waitFor(async () => mailTo(f.emails[0]).length > 0);
    await quiet();
    expect(mailTo(f.emails[0]).map((m) => m.subject)).toEqual(['New text']);
    const [touch] = await app.ds.query(`SELECT origin FROM touch WHERE automation_id = $1`, [a.id]);
    expect(touch.origin).toBe(`automation:${a.id}:step:old:v2`);

    const paused = (await api(f.apiKey).post(`/api/v1/automations/${a.id}/pause`).expect(200)).body;
    expect(paused).toMatchObject({ state: 'paused', enabled: false });
    await statusChanged(f, [{ clientId: f.clients[1], from: null, to: 'at_risk' }]);
    await quiet(1500);
    expect(await runs(a.id)).toHaveLength(1);
    expect((await api(f.apiKey).post(`/api/v1/automations/${a.id}/enable`).expect(200)).body.state).toBe('enabled');
    await statusChanged(f, [{ clientId: f.clients[2], from: null, to: 'at_risk' }]);
    await waitFor(async () => (await runs(a.id)).length === 2);
    const archived = (await api(f.apiKey).post(`/api/v1/automations/${a.id}/archive`).expect(200)).body;
    expect(archived.state).toBe('archived');
    expect((await runs(a.id)).filter((r) => r.client_id === f.clients[2])[0]).toMatchObject({ state: 'exited', exit_reason: 'archived' });
    await api(f.apiKey).post(`/api/v1/automations/${a.id}/enable`).expect(409);
    await api(f.apiKey).patch(`/api/v1/automations/${a.id}`, { name: 'x' }).expect(409);
  });

  it('should give a new business the default playbook, disabled, once, and run it when enabled', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'playbook', 2);
    const first = (await api(f.apiKey).get('/api/v1/automations').expect(200)).body.items;
    expect(first.map((x: { playbookKey: string; state: string }) => [x.playbookKey, x.state]).sort()).toEqual([
      ['at_risk_email_then_call', 'paused'],
      ['in_trouble_call_today', 'paused'],
      ['new_member_no_visit_sms', 'paused'],
    ]);
    const again = (await api(f.apiKey).get('/api/v1/automations').expect(200)).body.items;
    expect(again).toHaveLength(3);
    // what GET answers can be PATCHed back as it is (templates and all pass validation)
    for (const x of first) await api(f.apiKey).patch(`/api/v1/automations/${x.id}`, { name: x.name, trigger: x.trigger, steps: x.steps }).expect(200);
    const call = first.find((x: { playbookKey: string }) => x.playbookKey === 'in_trouble_call_today');
    await api(f.apiKey).post(`/api/v1/automations/${call.id}/archive`).expect(200);
    expect((await api(f.apiKey).get('/api/v1/automations').expect(200)).body.items).toHaveLength(2);

    const atRisk = first.find((x: { playbookKey: string }) => x.playbookKey === 'at_risk_email_then_call');
    expect(atRisk.holdoutPercent).toBe(10);
    // which client falls in the 10 % control group depends on the automation's id: take nobody out
    await api(f.apiKey).patch(`/api/v1/automations/${atRisk.id}`, { holdoutPercent: 0 }).expect(200);
    await api(f.apiKey).post(`/api/v1/automations/${atRisk.id}/enable`).expect(200);
    await statusChanged(f, [{ clientId: f.clients[0], from: 'loving_it', to: 'at_risk' }]);
    await waitFor(async () => mailTo(f.emails[0], /^We miss you, C0$/).length === 1);
    const [run] = await waitFor(async () => {
      const r = await runs(atRisk.id);
      return r.length && r[0].state === 'waiting' ? r : undefined;
    });
    expect(run).toMatchObject({ step_index: 1, holdout: false });
  });

  it('should keep automations inside their business', async () => {
    const a = await automationsBusiness(app.ds, app.url, 'tenant-a', 1);
    const b = await automationsBusiness(app.ds, app.url, 'tenant-b', 1);
    const seg = (
      await api(a.apiKey)
        .post('/api/v1/segments', { name: 'Mine', conditions: { condition: 'customer_type', values: ['x'] } })
        .expect(201)
    ).body;
    const mine = await create(a, { name: 'Mine', trigger: { kind: 'segment_entered', segmentId: seg.id }, steps: [emailStep('m')] });
    await api(b.apiKey).get(`/api/v1/automations/${mine.id}`).expect(404);
    await api(b.apiKey).patch(`/api/v1/automations/${mine.id}`, { name: 'Theirs now' }).expect(404);
    await api(b.apiKey).post(`/api/v1/automations/${mine.id}/enable`).expect(404);
    await api(b.apiKey).post(`/api/v1/automations/${mine.id}/pause`).expect(404);
    await api(b.apiKey).post(`/api/v1/automations/${mine.id}/archive`).expect(404);
    await api(b.apiKey).delete(`/api/v1/automations/${mine.id}`).expect(404);
    const theirs = (await api(b.apiKey).get('/api/v1/automations').expect(200)).body.items;
    expect(theirs.map((x: { id: string }) => x.id)).not.toContain(mine.id);
    // another business's segment cannot be a trigger
    const bad = await api(b.apiKey)
      .post('/api/v1/automations', { name: 'x', trigger: { kind: 'segment_entered', segmentId: seg.id }, steps: [emailStep('m')] })
      .expect(400);
    expect(bad.body.problems).toEqual([{ path: 'trigger.segmentId', reason: 'no such segment' }]);
    expect((await api(a.apiKey).get(`/api/v1/automations/${mine.id}`).expect(200)).body).toMatchObject({ name: 'Mine', state: 'enabled' });
    // B's events never enroll A's clients
    await jobs().enqueue(JobName.SegmentEntered, { businessId: b.businessId, segmentId: seg.id, evaluationId: '1', at: new Date().toISOString(), clientIds: a.clients });
    await quiet(1500);
    expect(await runs(mine.id)).toHaveLength(0);
  });

  it('should answer bad automations with a 400 naming the path of every problem', async () => {
    const f = await automationsBusiness(app.ds, app.url, 'bad', 1);
    const post = (body: object) =>
      api(f.apiKey)
        .post('/api/v1/automations', { name: 'x', trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [emailStep('e')], ...body })
        .expect(400);
    const paths = async (body: object) => (await post(body)).body.problems.map((p: { path: string }) => p.path);
    expect(await paths({ steps: [emailStep('a'), { key: 'w', type: 'wait', days: 1 }, { key: 'b', type: 'send', channel: 'email', template: { text: 'no subject' } }] })).toEqual([
      'steps[2].template.subject',
    ]);
    expect(
      await paths({ steps: [emailStep('a'), { key: 'b', type: 'branch', condition: { and: [{ condition: 'visits', operator: '>=', value: 'x', window: { last: 7 } }] }, then: 'exit' }] }),
    ).toContain('steps[1].condition.and[0].value');
    expect(await paths({ trigger: { kind: 'weather' } })).toEqual(['trigger.kind']);
    expect(await paths({ trigger: { kind: 'schedule', cron: 'every day', segmentId: '1' } })).toEqual(['trigger.cron']);
    expect(await paths({ steps: [{ key: 's', type: 'send', channel: 'fax', template: {} }] })).toEqual(['steps[0].channel']);
    expect(await paths({ steps: [{ key: 't', type: 'task', reason: 'call', assignTo: 'staff', staffId: '999999' }] })).toEqual(['steps[0].staffId']);
    expect(await paths({ steps: [{ key: 'b', type: 'branch', condition: { condition: 'visited_since_trigger' }, then: 'nowhere' }] })).toEqual(['steps[0].then']);
    expect((await post({ holdoutPercent: 80 })).body.message).toContain('holdoutPercent');
    expect((await post({ goal: { kind: 'vibes', withinDays: 14 } })).body.message).toContain('goal.kind');
    expect((await post({ reentry: { policy: 'per_days' } })).body.message).toContain('reentry.days');
    expect((await post({ steps: [] })).body.message).toContain('steps');
    const ok = (
      await api(f.apiKey)
        .post('/api/v1/automations', { name: 'defaults', trigger: { kind: 'usage_dropped' }, steps: [emailStep('e')] })
        .expect(201)
    ).body;
    expect(ok).toMatchObject({ state: 'paused', holdoutPercent: 10, goal: { kind: 'visit', withinDays: 14 }, reentry: { policy: 'once' } });
    await api(f.apiKey)
      .patch(`/api/v1/automations/${ok.id}`, { steps: [{ key: 'x', type: 'nap' }] })
      .expect(400);
    await api(f.apiKey).get('/api/v1/automations/abc').expect(404);
  });
});
