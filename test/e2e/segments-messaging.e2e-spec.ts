import request from 'supertest';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// The messaging conditions through the running app (API + worker): the catalogue serves them
// (with the parameters the builder renders), a campaign's audience leaves out whoever another
// campaign reached in the last days (issue #14's motivating case), and completing a task as
// "reached" is a human contact that segments and explain see at once.
describe('segments: the messaging conditions end to end', () => {
  let sink: SmtpSink;
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let ids: string[];
  const api = () => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${a.apiKey}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${a.apiKey}`).send(body),
  });
  const emailStep = { key: 'hello', channel: 'email', template: { subject: 'Hi {{client.first_name}}', text: 'Come back! {{unsubscribe_url}}' } };

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example' } });
    a = await newBusiness(app.ds);
    await noQuietHours(app.ds, a.businessId);
    ids = await seedClients(
      app.ds,
      a.businessId,
      Array.from({ length: 10 }, (_, i) => ({ firstName: `C${i}`, email: `c${i}@example.test` })),
    );
    await app.ds.query(`UPDATE client SET customer_type = CASE WHEN id = ANY($1::bigint[]) THEN 'student' ELSE 'adult' END WHERE business_id = $2`, [ids.slice(0, 4), a.businessId]);
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  /** Creates and sends a campaign to a new segment; resolves with its id once every touch is settled. */
  async function sendCampaign(name: string, conditions: object): Promise<{ id: string; targeted: number }> {
    const seg = await api().post('/api/v1/segments', { name, conditions }).expect(201);
    const created = await api()
      .post('/api/v1/campaigns', { name, segmentId: seg.body.id, holdoutPercent: 0, steps: [emailStep] })
      .expect(201);
    await api().post(`/api/v1/campaigns/${created.body.id}/send`).expect(202);
    const done = await waitFor(async () => {
      const c = (await api().get(`/api/v1/campaigns/${created.body.id}`).expect(200)).body;
      return c.state === 'sent' ? c : undefined;
    }, 20_000);
    await waitFor(async () => {
      const [r] = await app.ds.query(`SELECT count(*) FILTER (WHERE status IN ('queued', 'sending', 'deferred'))::int AS pending FROM touch WHERE campaign_id = $1`, [created.body.id]);
      return r.pending === 0;
    }, 20_000);
    return { id: created.body.id, targeted: done.recipients.targeted };
  }

  it('should serve the six messaging conditions with their parameters in the catalogue', async () => {
    const res = await api().get('/api/v1/segments/catalogue').expect(200);
    const messaging = res.body.conditions.filter((c: { group: string }) => c.group === 'messaging');
    expect(messaging.map((c: { type: string }) => c.type)).toEqual(['last_human_contact', 'received_action', 'consent', 'sleeping_member', 'clicked_message', 'opened_message']);
    const byType = new Map(messaging.map((c: { type: string }) => [c.type, c]));
    expect(byType.get('received_action')).toMatchObject({
      label: 'Received action',
      showsActual: true,
      params: [
        { name: 'campaignId', type: 'id', required: false },
        { name: 'automationId', type: 'id', required: false },
        { name: 'window', type: 'window', required: true },
      ],
    });
    expect(byType.get('consent')).toMatchObject({
      params: [
        { name: 'channel', type: 'enum', values: ['email', 'sms', 'push'] },
        { name: 'granted', type: 'boolean', required: false },
      ],
    });
    expect(byType.get('last_human_contact')).toMatchObject({ params: [{ name: 'operator', type: 'operator' }, { name: 'value', type: 'integer', unit: 'days' }, { name: 'to' }] });
  });

  it('should leave out of a campaign the members another campaign reached in the last days', async () => {
    const first = await sendCampaign('Students offer', { condition: 'customer_type', values: ['student'] });
    expect(first.targeted).toBe(4);
    // everyone with email consent, except who got the first campaign in the last 7 days
    const second = await sendCampaign('Everyone else', {
      and: [{ condition: 'consent', channel: 'email' }, { not: { condition: 'received_action', campaignId: first.id, window: { last: 7 } } }],
    });
    expect(second.targeted).toBe(6);
    const recipients: Array<{ id: string }> = await app.ds.query(`SELECT client_id::text AS id FROM campaign_recipient WHERE campaign_id = $1 ORDER BY client_id`, [second.id]);
    expect(recipients.map((r) => r.id).sort()).toEqual(ids.slice(4).sort());
    // each member got exactly one of the two mails
    expect(sink.count()).toBe(10);
    expect(new Set(sink.messages.flatMap((m) => m.envelopeTo)).size).toBe(10);
  });

  it('should see a task completed as reached as the last human contact, at once', async () => {
    const lastContact = { condition: 'last_human_contact', operator: '<=', value: 0 };
    const before = await api().post('/api/v1/segments/preview', { conditions: lastContact }).expect(200);
    expect(before.body.count).toBe(0);
    const created = await api().post('/api/v1/tasks', { clientId: ids[2], reason: 'Call about the offer' }).expect(201);
    await api().post(`/api/v1/tasks/${created.body.id}/complete`, { outcome: 'no_answer' }).expect(200);
    expect((await api().post('/api/v1/segments/preview', { conditions: lastContact }).expect(200)).body.count).toBe(0);

    const again = await api().post('/api/v1/tasks', { clientId: ids[2], reason: 'Call again' }).expect(201);
    await api().post(`/api/v1/tasks/${again.body.id}/complete`, { outcome: 'reached' }).expect(200);
    const after = await api().post('/api/v1/segments/preview', { conditions: lastContact }).expect(200);
    expect(after.body.count).toBe(1);
    const why = await api().post('/api/v1/segments/explain', { conditions: lastContact, clientId: ids[2] }).expect(200);
    expect(why.body.conditions).toMatchObject({ condition: 'last_human_contact', result: true, actual: { value: 0, source: 'task_reached' } });
  });

  it('should answer a bad messaging parameter with a 400 naming it', async () => {
    const res = await api()
      .post('/api/v1/segments/preview', { conditions: { and: [{ condition: 'received_action', campaignId: 'twelve', window: { last: 7 } }] } })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('and[0].campaignId');
  });
});
