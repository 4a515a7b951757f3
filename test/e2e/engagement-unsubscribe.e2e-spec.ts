import request from 'supertest';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

const BASE = 'https://comeback.example';

// Mail security scanners open every link of a message: opening the unsubscribe link must not
// opt anyone out; only RFC 8058 one-click and the confirmation page's button do.
describe('unsubscribe: GET asks, POST one-click or the button records', () => {
  let sink: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE, MAIL_FROM: 'Comeback <no-reply@mail.comeback.test>' } });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  const ledgerOf = (businessId: string, clientId: string) =>
    app.ds.query(`SELECT channel, granted, source, evidence FROM consent_event WHERE business_id = $1 AND client_id = $2`, [businessId, clientId]);

  async function mailed(name: string, to: string) {
    const { businessId, apiKey } = await newBusiness(app.ds, { name });
    await noQuietHours(app.ds, businessId);
    const [clientId] = await seedClients(app.ds, businessId, [{ email: to }]);
    await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ origin: 'campaign:1:step:1', channel: 'email', clientIds: [clientId], template: { subject: 'Hi', text: 'We miss you.' } })
      .expect(202);
    const mail = await waitFor(async () => sink.messages.find((m) => m.envelopeTo.includes(to)), 15_000);
    await waitFor(async () => (await touchesOf(app.ds, businessId, 'campaign:1:step:1')).every((t) => t.status === 'sent'), 10_000);
    return { businessId, clientId, mail };
  }

  it('should carry List-Unsubscribe with the https URL and List-Unsubscribe-Post one-click', async () => {
    const { mail } = await mailed('Headers Gym', 'headers@example.test');
    expect(mail.header('list-unsubscribe')).toMatch(new RegExp(`^<${BASE}/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}>$`));
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('should show a confirmation page on GET and record nothing, however often it is opened', async () => {
    const { businessId, clientId, mail } = await mailed('Birch & Co', 'scanner@example.test');
    const path = /<([^>]+)>/.exec(mail.header('list-unsubscribe')!)![1].slice(BASE.length);
    for (let i = 0; i < 3; i++) {
      const page = await request(app.url).get(path).set('User-Agent', 'SafeLinks scanner').expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Birch &amp; Co');
      expect(page.text).toMatch(/<form method="post"[^>]*>.*name="List-Unsubscribe" value="One-Click".*<button/);
    }
    expect(await ledgerOf(businessId, clientId)).toEqual([]);
    // a POST without the one-click body (a prefetching proxy) records nothing either
    await request(app.url).post(path).expect(400);
    expect(await ledgerOf(businessId, clientId)).toEqual([]);
  });

  it('should record the opt-out on the RFC 8058 one-click POST', async () => {
    const { businessId, clientId, mail } = await mailed('One Click Gym', 'oneclick@example.test');
    const path = /<([^>]+)>/.exec(mail.header('list-unsubscribe')!)![1].slice(BASE.length);
    const res = await request(app.url).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(res.text).toContain('You are unsubscribed');
    expect(await ledgerOf(businessId, clientId)).toEqual([
      { channel: 'email', granted: false, source: 'unsubscribe_link', evidence: expect.objectContaining({ origin: 'campaign:1:step:1', method: 'one_click' }) },
    ]);
  });

  it('should answer a tampered token with 404 on GET and POST and record nothing', async () => {
    const { businessId, clientId, mail } = await mailed('Tamper Gym', 'tamper@example.test');
    const path = /<([^>]+)>/.exec(mail.header('list-unsubscribe')!)![1].slice(BASE.length);
    // a character inside the signature (the last one of 22 base64url characters holds padding bits)
    const i = path.length - 5;
    const tampered = path.slice(0, i) + (path[i] === 'A' ? 'B' : 'A') + path.slice(i + 1);
    await request(app.url).get(tampered).expect(404);
    await request(app.url).post(tampered).type('form').send('List-Unsubscribe=One-Click').expect(404);
    expect(await ledgerOf(businessId, clientId)).toEqual([]);
  });
});
