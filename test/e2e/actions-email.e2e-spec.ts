import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { DeliverySweeper } from '../../src/actions/delivery/delivery-sweeper';
import { JobQueue } from '../../src/queue/job-queue.service';
import { QueueName } from '../../src/queue/queue-names';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

const BASE = 'https://comeback.example';

describe('email channel through the delivery queue to a real SMTP server', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let actions: ActionsService;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, SMTP_POOL_SIZE: '3', PUBLIC_BASE_URL: BASE, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  const arrivedFor = (to: string) => sink.messages.filter((m) => m.envelopeTo.includes(to));

  it('should deliver rendered mail with escaped merge fields, unsubscribe headers, and a link that opts the client out', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds, { name: 'Iron & Oak <Gym>' });
    await noQuietHours(app.ds, businessId);
    const [tom, ana] = await seedClients(app.ds, businessId, [
      { firstName: '<b>Tom</b> & "Jerry"', email: 'tom@example.test' },
      { firstName: null, email: 'ana@example.test' },
    ]);
    const res = await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({
        origin: 'campaign:1:step:1',
        channel: 'email',
        clientIds: [tom, ana],
        template: {
          subject: 'We miss you, {{client.first_name | friend}}',
          html: '<p>Hi {{client.first_name | friend}}, {{business.name}} misses you.</p><a href="{{unsubscribe_url}}">Unsubscribe</a>',
          text: 'Hi {{client.first_name | friend}}, {{business.name}} misses you. Unsubscribe: {{unsubscribe_url}}',
        },
      })
      .expect(202);
    expect(res.body).toMatchObject({ targeted: 2, claimed: 2, queued: 2, jobs: 1, blocked: {} });
    await waitFor(async () => sink.count() >= 2, 15_000);

    const [mail] = arrivedFor('tom@example.test');
    expect(mail.header('from')).toBe('"Iron & Oak <Gym>" <no-reply@mail.comeback.test>');
    expect(mail.header('to')).toBe('tom@example.test');
    expect(mail.subject).toBe('We miss you, <b>Tom</b> & "Jerry"');
    expect(mail.html).toContain('<p>Hi &lt;b&gt;Tom&lt;/b&gt; &amp; &quot;Jerry&quot;, Iron &amp; Oak &lt;Gym&gt; misses you.</p>');
    expect(mail.text).toContain('Hi <b>Tom</b> & "Jerry", Iron & Oak <Gym> misses you.');
    const link = /href="([^"]+)"/.exec(mail.html!)![1];
    expect(link).toMatch(new RegExp(`^${BASE}/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}$`));
    expect(mail.text).toContain(`Unsubscribe: ${link}`);
    expect(mail.header('list-unsubscribe')).toBe(`<${link}>`);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // the sink sees the messages before the worker records the outcome on the touches
    const touches = await waitFor(async () => {
      const ts = await touchesOf(app.ds, businessId, 'campaign:1:step:1');
      return ts.every((t) => t.status !== 'sending') && ts;
    }, 10_000);
    const tomTouch = touches.find((t) => t.client_id === tom)!;
    expect(mail.header('message-id')).toBe(`<touch-${tomTouch.id}@mail.comeback.test>`);
    expect(touches.map((t) => [t.status, t.provider_message_id])).toEqual([
      ['sent', `<touch-${touches[0].id}@mail.comeback.test>`],
      ['sent', `<touch-${touches[1].id}@mail.comeback.test>`],
    ]);
    expect(arrivedFor('ana@example.test')[0].subject).toBe('We miss you, friend');

    // the link works without a login; opening it only asks (scanners open every link), the
    // page's button records the opt-out once, and the next send is blocked
    const path = link.slice(BASE.length);
    const page = await request(app.url).get(path).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Stop marketing emails from Iron &amp; Oak &lt;Gym&gt;?');
    const done = await request(app.url).post(path).type('form').send({ 'List-Unsubscribe': 'One-Click', via: 'page' }).expect(200);
    expect(done.text).toContain('You will no longer get marketing emails from Iron &amp; Oak &lt;Gym&gt;.');
    await request(app.url).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200); // one-click (RFC 8058) repeat
    const ledger = await app.ds.query(`SELECT channel, granted, source, evidence FROM consent_event WHERE business_id = $1 AND client_id = $2`, [businessId, tom]);
    expect(ledger).toEqual([
      { channel: 'email', granted: false, source: 'unsubscribe_link', evidence: expect.objectContaining({ touchId: tomTouch.id, origin: 'campaign:1:step:1', method: 'page' }) },
    ]);
    const consent = await request(app.url).get(`/api/v1/clients/${tom}/consent`).set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(consent.body.current.email).toMatchObject({ granted: false, from: 'ledger', source: 'unsubscribe_link' });

    const again = await actions.dispatch({ businessId, origin: 'campaign:2:step:1', channel: 'email', clientIds: [tom], template: { subject: 's', text: 't' } });
    expect(again).toMatchObject({ claimed: 1, queued: 0, blocked: { unsubscribed: 1 }, jobs: 0 });

    // forged or truncated tokens
    // (inside the signature: the last base64url character holds padding bits, changing it may not change the bytes)
    const at = path.length - 5;
    await request(app.url)
      .get(`${path.slice(0, at)}${path[at] === 'A' ? 'B' : 'A'}${path.slice(at + 1)}`)
      .expect(404);
    await request(app.url).get('/u/nonsense').expect(404);
  });

  it('should never send the same origin to a client twice, however often it is dispatched', async () => {
    const { businessId } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    const ids = await seedClients(app.ds, businessId, [{ email: 'twice-a@example.test' }, { email: 'twice-b@example.test' }]);
    const cmd = { businessId, origin: 'campaign:7:step:1', channel: 'email' as const, clientIds: ids, template: { subject: 'Hi', text: 'Hello' } };
    const [first, second] = await Promise.all([actions.dispatch(cmd), actions.dispatch(cmd)]);
    expect(first.claimed + second.claimed).toBe(2);
    expect(first.alreadyTouched + second.alreadyTouched).toBe(2);
    await waitFor(async () => arrivedFor('twice-a@example.test').length && arrivedFor('twice-b@example.test').length, 15_000);
    const third = await actions.dispatch(cmd);
    expect(third).toMatchObject({ claimed: 0, alreadyTouched: 2, jobs: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(arrivedFor('twice-a@example.test')).toHaveLength(1);
    expect(arrivedFor('twice-b@example.test')).toHaveLength(1);
  });

  it('should fail a refused address permanently, retry a relay that says 421, and send everything else once', async () => {
    const { businessId } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    sink.rejectRecipient(/^nobody@/, 550, 'no such user here');
    const ids = await seedClients(app.ds, businessId, [{ email: 'nobody@example.test' }, { email: 'not an address' }, { email: 'retry-1@example.test' }, { email: 'retry-2@example.test' }]);
    sink.failNext(2, 421);
    const before = sink.count();
    await actions.dispatch({ businessId, origin: 'campaign:9:step:1', channel: 'email', clientIds: ids, template: { subject: 'Hi', text: 'Hello' } });
    await waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, 'campaign:9:step:1');
      return t.every((x) => x.status === 'sent' || x.status === 'failed') && t;
    }, 20_000);
    const touches = await touchesOf(app.ds, businessId, 'campaign:9:step:1');
    expect(touches.map((t) => [t.status, t.error_code])).toEqual([
      ['failed', 'invalid_address'],
      ['failed', 'invalid_address'],
      ['sent', null],
      ['sent', null],
    ]);
    expect(touches[0].error).toMatch(/no such user here/);
    // the two refused at DATA went again on the retry; each arrived once
    expect(arrivedFor('retry-1@example.test')).toHaveLength(1);
    expect(arrivedFor('retry-2@example.test')).toHaveLength(1);
    expect(sink.count() - before).toBe(2);
    expect(Math.max(...touches.slice(2).map((t) => t.attempts))).toBe(2);
  });

  it('should re-enqueue touches whose job was lost and settle claims nobody finished', async () => {
    const { businessId } = await newBusiness(app.ds);
    await noQuietHours(app.ds, businessId);
    const [lost, stuck, handed] = await seedClients(app.ds, businessId, [{ email: 'lost-job@example.test' }, { email: 'stuck-claim@example.test' }, { email: 'handed-over@example.test' }]);
    const r = await actions.dispatch({
      businessId,
      origin: 'campaign:12:step:1',
      channel: 'email',
      clientIds: [lost, stuck, handed],
      template: { subject: 'Hi', text: 'x' },
      sendAt: new Date(Date.now() + 3_600_000),
    });
    // Redis loses the delayed job; two touches were claimed by a worker that vanished 2 hours ago,
    // one of them while it was being handed to the relay
    const queue = app.http!.get(JobQueue).queue(QueueName.DeliverEmail);
    for (const job of await queue.getDelayed()) if (job.data.runId === r.runId) await job.remove();
    const [tl, ts, th] = await touchesOf(app.ds, businessId, 'campaign:12:step:1');
    await app.ds.query(`UPDATE touch SET due_at = now() - interval '31 minutes' WHERE id = $1`, [tl.id]);
    await app.ds.query(`UPDATE touch SET status = 'sending', claimed_at = now() - interval '2 hours', claim_token = gen_random_uuid() WHERE id = ANY($1::bigint[])`, [[ts.id, th.id]]);
    await app.ds.query(`UPDATE touch SET handed_over_at = claimed_at WHERE id = $1`, [th.id]);

    const swept = await app.worker!.get(DeliverySweeper).sweep();
    expect(swept.abandoned).toBeGreaterThanOrEqual(2);
    // never handed over: sent again; handed over: in doubt, not resent
    const after = await waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, 'campaign:12:step:1');
      return t.filter((x) => x.status === 'sent').length === 2 && t;
    }, 10_000);
    expect(after.map((t) => [t.id, t.status, t.error_code])).toEqual([
      [tl.id, 'sent', null],
      [ts.id, 'sent', null],
      [th.id, 'failed', 'in_doubt'],
    ]);
    expect(arrivedFor('lost-job@example.test')).toHaveLength(1);
    expect(arrivedFor('stuck-claim@example.test')).toHaveLength(1);
    expect(arrivedFor('handed-over@example.test')).toHaveLength(0);
  });
});
