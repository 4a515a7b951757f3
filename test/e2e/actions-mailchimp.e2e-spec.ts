import { createHash } from 'node:crypto';
import request from 'supertest';
import { ActionsService } from '../../src/actions/actions.service';
import { seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { MailchimpFake, startMailchimpFake } from '../fakes/mailchimp-api.fake';

const KEY = `${'0f'.repeat(16)}-us21`;
const OTHER_KEY = `${'a1'.repeat(16)}-us6`;
const md5 = (s: string) => createHash('md5').update(s.toLowerCase()).digest('hex');

describe('Mailchimp audience sync (local fake of the v3 routes)', () => {
  let mc: MailchimpFake;
  let app: TestApp;
  let actions: ActionsService;

  beforeAll(async () => {
    mc = await startMailchimpFake({ apiKeys: [KEY, OTHER_KEY], lists: ['aud123', 'aud456'] });
    app = await startTestApp({ worker: true, env: { MAILCHIMP_API_URL: mc.url } });
    actions = app.http!.get(ActionsService);
  });
  afterAll(async () => {
    await app.close();
    await mc.close();
  });

  async function business(apiKey = KEY, listId = 'aud123') {
    const b = await newBusiness(app.ds);
    const res = await request(app.url).put('/api/v1/channels/mailchimp').set('Authorization', `Bearer ${b.apiKey}`).send({ apiKey, listId }).expect(200);
    expect(res.body).toEqual({ channel: 'mailchimp', config: { listId }, secretsSet: ['apiKey'] });
    return b;
  }

  const settled = (businessId: string, origin: string, n: number) =>
    waitFor(async () => {
      const t = await touchesOf(app.ds, businessId, origin);
      return t.length === n && t.every((x) => !['queued', 'sending', 'deferred'].includes(x.status)) && t;
    }, 20_000);

  it('should upsert each client by MD5 of the lower-cased email and tag it, with at most 10 requests at once per account', async () => {
    const { businessId } = await business();
    mc.delayMs = 15;
    mc.compliance.add('gone@example.test');
    const seeds = Array.from({ length: 120 }, (_, i) => ({ firstName: `F${i}`, lastName: `L${i}`, email: `Member.${i}@Example.TEST` }));
    seeds.push({ firstName: 'Bad', lastName: 'Address', email: 'bad@@example' }, { firstName: 'Gone', lastName: 'Away', email: 'gone@example.test' });
    const ids = await seedClients(app.ds, businessId, seeds);
    const [noConsent] = await seedClients(app.ds, businessId, [{ email: 'private@example.test', emailConsent: false }]);
    // two runs at once (several jobs in parallel) against the same account
    const [r1, r2] = await Promise.all([
      actions.dispatch({ businessId, origin: 'campaign:1:step:3', channel: 'mailchimp', clientIds: [...ids.slice(0, 61), noConsent], template: { tag: 'comeback:at-risk' }, batchSize: 100 }),
      actions.dispatch({ businessId, origin: 'campaign:2:step:3', channel: 'mailchimp', clientIds: ids.slice(61), template: { tag: 'comeback:lapsed' }, batchSize: 100 }),
    ]);
    expect(r1).toMatchObject({ queued: 61, blocked: { no_consent: 1 } });
    expect(r2.queued).toBe(61);
    const t1 = await settled(businessId, 'campaign:1:step:3', 62);
    const t2 = await settled(businessId, 'campaign:2:step:3', 61);
    const list = mc.lists.get('aud123')!;
    const m0 = list.get(md5('member.0@example.test'))!;
    expect(m0).toMatchObject({ email: 'Member.0@Example.TEST', status: 'subscribed', mergeFields: { FNAME: 'F0', LNAME: 'L0' } });
    expect([...m0.tags]).toEqual(['comeback:at-risk']);
    expect([...list.get(md5('member.119@example.test'))!.tags]).toEqual(['comeback:lapsed']);
    expect(list.has(md5('private@example.test'))).toBe(false);
    expect(list.size).toBe(120);
    expect(t1.filter((t) => t.status === 'sent')).toHaveLength(61);
    expect(t1.find((t) => t.client_id === ids[0])!.provider_message_id).toBe(md5('member.0@example.test'));
    const bad = t2.find((t) => t.client_id === ids[120])!;
    const gone = t2.find((t) => t.client_id === ids[121])!;
    expect(bad).toMatchObject({ status: 'failed', error_code: 'invalid_address' });
    expect(bad.error).toBe('Invalid Resource: bad@@example looks fake or invalid, please enter a real email address.');
    expect(gone).toMatchObject({ status: 'failed', error_code: 'mailchimp_compliance' });
    expect(mc.maxConcurrent(KEY)).toBeLessThanOrEqual(10);
    expect(mc.maxConcurrent(KEY)).toBeGreaterThan(3);
    expect(mc.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(md5('member.5@example.test')))).toHaveLength(1);
    mc.delayMs = 0;
  });

  it('should retry Mailchimp 503s, and stop a job whose API key is refused', async () => {
    const { businessId } = await business();
    const [a] = await seedClients(app.ds, businessId, [{ email: 'retry@example.test' }]);
    mc.failNext(1, 503);
    await actions.dispatch({ businessId, origin: 'campaign:3:step:1', channel: 'mailchimp', clientIds: [a], template: { tag: 't' } });
    expect((await settled(businessId, 'campaign:3:step:1', 1))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    const wrong = await business(`${'ee'.repeat(16)}-us1`);
    const ids = await seedClients(app.ds, wrong.businessId, [{}, {}, {}]);
    await actions.dispatch({ businessId: wrong.businessId, origin: 'campaign:4:step:1', channel: 'mailchimp', clientIds: ids, template: { tag: 't' } });
    const failed = await settled(wrong.businessId, 'campaign:4:step:1', 3);
    expect(failed.map((t) => t.error_code)).toEqual(['mailchimp_401', 'mailchimp_401', 'mailchimp_401']);
    expect(failed[0].error).toMatch(/^API Key Invalid: Your API key may be invalid/);
    const res = await waitFor(async () => {
      const r = await request(app.url).get('/api/v1/deliveries/failed?channel=mailchimp').set('Authorization', `Bearer ${wrong.apiKey}`).expect(200);
      return r.body.jobs.length === 1 && r.body;
    });
    expect(res.jobs[0]).toMatchObject({ channel: 'mailchimp', permanent: true, attemptsMade: 1 });

    const missing = await business(KEY, 'nolist');
    const [m] = await seedClients(app.ds, missing.businessId, [{}]);
    await actions.dispatch({ businessId: missing.businessId, origin: 'campaign:5:step:1', channel: 'mailchimp', clientIds: [m], template: { tag: 't' } });
    expect((await settled(missing.businessId, 'campaign:5:step:1', 1))[0]).toMatchObject({ status: 'failed', error_code: 'mailchimp_404' });
  });

  it('should refuse bad Mailchimp settings with a 400 naming the field', async () => {
    const b = await newBusiness(app.ds);
    const put = (body: object) => request(app.url).put('/api/v1/channels/mailchimp').set('Authorization', `Bearer ${b.apiKey}`).send(body);
    expect((await put({ apiKey: 'nodatacenter', listId: 'aud123' }).expect(400)).body.message).toMatch(/apiKey must be a Mailchimp API key/);
    expect((await put({ listId: 'aud123' }).expect(400)).body.message).toBe('apiKey: is required the first time');
    expect((await put({ apiKey: KEY }).expect(400)).body.message).toMatch(/listId/);
    const list = await request(app.url).get('/api/v1/channels').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(list.body).toEqual({ channels: [] });
  });
});
