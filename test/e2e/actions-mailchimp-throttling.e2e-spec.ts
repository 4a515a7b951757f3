import { createHash } from 'node:crypto';
import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { MailchimpFake, startMailchimpFake } from '../fakes/mailchimp-api.fake';

// Throttling and compliance state against the local fake of the v3 routes, driven by the real
// @mailchimp/mailchimp_marketing client (docs/actions.md "Mailchimp").
const KEY = `${'3c'.repeat(16)}-us19`;
const md5 = (s: string) => createHash('md5').update(s.toLowerCase()).digest('hex');

describe('Mailchimp throttling and compliance state', () => {
  let mc: MailchimpFake;
  let app: TestApp;
  let actions: ActionsService;

  beforeAll(async () => {
    mc = await startMailchimpFake({ apiKeys: [KEY], lists: ['thr123'] });
    app = await startTestApp({ worker: true, env: { MAILCHIMP_API_URL: mc.url } });
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await mc.close();
  });

  async function business() {
    const b = await newBusiness(app.ds);
    await request(app.url).put('/api/v1/channels/mailchimp').set('Authorization', `Bearer ${b.apiKey}`).send({ apiKey: KEY, listId: 'thr123' }).expect(200);
    return b;
  }

  const settled = (businessId: string, origin: string, n: number) =>
    waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, origin);
      return t.length === n && t.every((x) => !['queued', 'sending', 'deferred'].includes(x.status)) && t;
    }, 30_000);

  const puts = (email: string) => mc.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/members/${md5(email)}`)).length;

  it('should retry a member answered by a bare 403 and still deliver every other member of the job', async () => {
    const { businessId } = await business();
    const emails = Array.from({ length: 6 }, (_, i) => `Thr403.${i}@Example.test`);
    const ids = await seedClients(
      app.ds,
      businessId,
      emails.map((email) => ({ email })),
    );
    // mid-job: the fourth member's first request is refused by Mailchimp's edge, without a body
    mc.throttleMember(emails[3], 403, 1);
    await actions.dispatch({ businessId, origin: 'campaign:403:step:1', channel: 'mailchimp', clientIds: ids, template: { tag: 'comeback:at-risk' } });
    const touches = await settled(businessId, 'campaign:403:step:1', 6);
    expect(touches.map((t) => t.status)).toEqual(Array(6).fill('sent'));
    expect(touches.map((t) => t.error_code)).toEqual(Array(6).fill(null));
    // the provider id is the subscriber hash: MD5 of the lower-cased email
    expect(touches.map((t) => t.provider_message_id)).toEqual(emails.map(md5));
    expect(emails.map(puts)).toEqual([1, 1, 1, 2, 1, 1]);
    const list = mc.lists.get('thr123')!;
    for (const e of emails) expect([...list.get(md5(e))!.tags]).toEqual(['comeback:at-risk']);
  });

  it('should hand a member still throttled (bare 429s) to the job backoff without failing the others', async () => {
    const { businessId } = await business();
    const emails = Array.from({ length: 4 }, (_, i) => `thr429.${i}@example.test`);
    const ids = await seedClients(
      app.ds,
      businessId,
      emails.map((email) => ({ email })),
    );
    // more refusals than the provider's own tries: the job's retry delivers it
    mc.throttleMember(emails[1], 429, 3, 0);
    await actions.dispatch({ businessId, origin: 'campaign:429:step:1', channel: 'mailchimp', clientIds: ids, template: { tag: 'comeback:lapsed' } });
    const touches = await settled(businessId, 'campaign:429:step:1', 4);
    expect(touches.map((t) => t.status)).toEqual(Array(4).fill('sent'));
    expect(touches.map((t) => t.attempts)).toEqual([1, 2, 1, 1]);
    expect(touches.map((t) => t.provider_message_id)).toEqual(emails.map(md5));
    expect(emails.map(puts)).toEqual([1, 4, 1, 1]);
  });

  it('should go on with the later chunks of the job while one member waits for the retry', async () => {
    const { businessId } = await business();
    // 25 members: two chunks of 20 and 5
    const emails = Array.from({ length: 25 }, (_, i) => `chunk.${i}@example.test`);
    const ids = await seedClients(
      app.ds,
      businessId,
      emails.map((email) => ({ email })),
    );
    mc.throttleMember(emails[1], 429, 3, 0);
    await actions.dispatch({ businessId, origin: 'campaign:chunks:step:1', channel: 'mailchimp', clientIds: ids, template: { tag: 't' } });
    const touches = await settled(businessId, 'campaign:chunks:step:1', 25);
    expect(touches.map((t) => t.status)).toEqual(Array(25).fill('sent'));
    expect(touches.map((t) => t.attempts)).toEqual(emails.map((_, i) => (i === 1 ? 2 : 1)));
    expect(emails.map(puts)).toEqual(emails.map((_, i) => (i === 1 ? 4 : 1)));
    // the second chunk went in the job's first attempt, before the throttled member's retry
    const at = (email: string) => mc.requests.map((r, i) => (r.method === 'PUT' && r.path.endsWith(`/members/${md5(email)}`) ? i : -1)).filter((i) => i >= 0);
    const retried = at(emails[1]).pop()!;
    for (const e of emails.slice(20)) expect(at(e)[0]).toBeLessThan(retried);
  });

  it('should record a member in compliance state in the consent ledger and not try it again', async () => {
    const { businessId, apiKey } = await business();
    const emails = ['Gone.Thr@example.test', 'stays.thr@example.test'];
    mc.compliance.add(emails[0].toLowerCase());
    const [gone, stays] = await seedClients(
      app.ds,
      businessId,
      emails.map((email) => ({ email })),
    );
    await actions.dispatch({ businessId, origin: 'campaign:cs:step:1', channel: 'mailchimp', clientIds: [gone, stays], template: { tag: 't' } });
    const first = await settled(businessId, 'campaign:cs:step:1', 2);
    expect(first.map((t) => [t.status, t.error_code])).toEqual([
      ['failed', 'mailchimp_compliance'],
      ['sent', null],
    ]);
    // the touch's outcome is recorded as it happens, the ledger entry right after the chunk
    const ledger = await waitFor(async () => {
      const rows = await app.ds.query(`SELECT client_id::text AS client_id, channel, granted, source, evidence FROM consent_event WHERE business_id = $1`, [businessId]);
      return rows.length > 0 && rows;
    });
    expect(ledger).toEqual([
      { client_id: gone, channel: 'email', granted: false, source: 'provider', evidence: expect.objectContaining({ provider: 'mailchimp', code: 'mailchimp_compliance', touchId: first[0].id }) },
    ]);
    const consent = await request(app.url).get(`/api/v1/clients/${gone}/consent`).set('Authorization', `Bearer ${apiKey}`).expect(200);
    expect(consent.body.current.email).toMatchObject({ granted: false, from: 'ledger', source: 'provider' });

    // the next sync does not call Mailchimp for it
    const before = puts(emails[0]);
    const r = await actions.dispatch({ businessId, origin: 'campaign:cs:step:2', channel: 'mailchimp', clientIds: [gone, stays], template: { tag: 't2' } });
    expect(r).toMatchObject({ queued: 1, blocked: { opted_out: 1 } });
    const second = await settled(businessId, 'campaign:cs:step:2', 2);
    expect(second.map((t) => [t.status, t.blocked_reason])).toEqual([
      ['blocked', 'opted_out'],
      ['sent', null],
    ]);
    expect(puts(emails[0])).toBe(before);
  });
});
