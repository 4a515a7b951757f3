import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { CLIENT_TABLES } from '../../src/privacy';
import { callAs, Cred, keyCred, signInAs } from '../support/auth-fixtures';
import { noQuietHours } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// quality.md "Security": a client's personal data is exported (JSON of everything held) and erased
// on request (personal fields and words removed, anonymous counts kept, the erasure recorded), and
// nothing that arrives later brings it back (docs/privacy.md).
const PERSONAL = ['Greta', 'Garbo', 'greta@example.test', '701234567', '1990-05-01', 'her knee', 'Oslo', 'student'];

describe('privacy: a client exported and erased', () => {
  let sink: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ worker: true, env: { SMTP_URL: sink.url } });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  interface Gym {
    businessId: string;
    admin: Cred;
    secret: string;
    clientId: string;
    source: string;
  }

  const webhook = (gym: Gym, events: object[]) => {
    const body = JSON.stringify({ events });
    return request(app.url)
      .post(`/webhooks/generic/${gym.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(body, gym.secret, Math.floor(Date.now() / 1000)))
      .send(body)
      .expect(202);
  };
  const processed = (gym: Gym, eventId: string) =>
    waitFor(async () => (await app.ds.query(`SELECT processed_at IS NOT NULL AS done FROM event_inbox WHERE business_id = $1 AND external_event_id = $2`, [gym.businessId, eventId]))[0]?.done);
  const as = (gym: Gym, method: string, path: string, body?: object) => callAs(app.url, method, path, gym.admin, body);
  const clientRow = async (gym: Gym, id = gym.clientId) =>
    (
      await app.ds.query(`SELECT first_name, last_name, email, phone, birth_date, gender, customer_type, external_id, erased_at FROM client WHERE business_id = $1 AND id = $2`, [gym.businessId, id])
    )[0];

  /** A gym whose member Greta has visits, a subscription, a message, a task with notes, a status note and a consent record. */
  async function gymWithGreta(): Promise<Gym> {
    const b = await newBusiness(app.ds);
    await noQuietHours(app.ds, b.businessId);
    const admin = keyCred(b.apiKey);
    const secret = (await callAs(app.url, 'PUT', '/api/v1/integrations/generic', admin, {}).expect(200)).body.signingSecret;
    const gym: Gym = { businessId: b.businessId, admin, secret, clientId: '', source: '' };
    const at = '2026-03-01T10:00:00Z';
    await webhook(gym, [
      {
        id: 'c-1',
        type: 'client.upserted',
        occurredAt: at,
        data: {
          externalId: 'g1',
          firstName: 'Greta',
          lastName: 'Garbo',
          email: 'greta@example.test',
          phone: '+46701234567',
          birthDate: '1990-05-01',
          gender: 'female',
          customerType: 'student',
          emailConsent: true,
        },
      },
      { id: 'p-1', type: 'product.upserted', occurredAt: at, data: { externalId: 'm1', name: 'Monthly', kind: 'membership' } },
      {
        id: 's-1',
        type: 'subscription.upserted',
        occurredAt: at,
        data: {
          externalId: 's1',
          clientExternalId: 'g1',
          productExternalId: 'm1',
          startsOn: '2026-01-01',
          price: 4900,
          billed: true,
          cancelledAt: '2026-02-20T10:00:00Z',
          cancellationReason: 'Moving to Oslo',
        },
      },
      ...['2026-02-01', '2026-02-08', '2026-02-15'].map((d, i) => ({
        id: `v-${i}`,
        type: 'visit.created',
        occurredAt: at,
        data: { externalId: `v${i}`, clientExternalId: 'g1', visitedAt: `${d}T09:00:00Z` },
      })),
    ]);
    await processed(gym, 'v-2');
    const [row] = await app.ds.query(`SELECT id::text, source FROM client WHERE business_id = $1 AND external_id = 'g1'`, [b.businessId]);
    Object.assign(gym, { clientId: row.id, source: row.source });

    const sent = await as(gym, 'POST', '/api/v1/actions/send', {
      origin: 'manual:greta',
      channel: 'email',
      marketing: false,
      clientIds: [gym.clientId],
      template: { subject: 'Hello Greta', text: 'Dear Greta, how is her knee?' },
    }).expect(202);
    await waitFor(async () => (await app.ds.query(`SELECT status FROM touch WHERE run_id = $1`, [sent.body.runId]))[0]?.status === 'sent');
    const task = await as(gym, 'POST', '/api/v1/tasks', { clientId: gym.clientId, reason: 'Call Greta about her knee', instructions: 'Greta prefers mornings' }).expect(201);
    await as(gym, 'POST', `/api/v1/tasks/${task.body.id}/complete`, { outcome: 'reached', notes: 'Greta said her knee is better' }).expect(200);
    await as(gym, 'PUT', `/api/v1/clients/${gym.clientId}/status`, { status: 'raving_fan', note: 'Greta brings friends' }).expect(200);
    await as(gym, 'POST', `/api/v1/clients/${gym.clientId}/consent`, { channel: 'sms', granted: false, source: 'staff', evidence: { said: 'Greta asked by phone +46701234567' } }).expect(201);
    await app.ds.query(
      `INSERT INTO mailbox_message (business_id, from_address, to_address, recipients, subject, text) VALUES ($1, 'gym@example.test', 'greta@example.test', ARRAY['greta@example.test'], 'Hello Greta', 'Dear Greta')`,
      [gym.businessId],
    );
    // a recovery entry for the cancellation (the intake may have made it already: one either way),
    // with a note and an outcome reason staff wrote: recovery's history has no client_id
    await app.ds.query(
      `INSERT INTO recovery_entry (business_id, client_id, source_kind, subscription_id, source_key, phase_id)
       SELECT $1, s.client_id, 'cancellation', s.id, 'subscription:' || s.id,
              (SELECT p.id FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id AND g.active WHERE p.business_id = $1 ORDER BY p.position LIMIT 1)
         FROM subscription s WHERE s.business_id = $1 AND s.client_id = $2
       ON CONFLICT (business_id, source_key) DO NOTHING`,
      [gym.businessId, gym.clientId],
    );
    const [entry] = await app.ds.query(`SELECT id::text FROM recovery_entry WHERE business_id = $1 AND client_id = $2`, [gym.businessId, gym.clientId]);
    await as(gym, 'POST', `/api/v1/recovery/entries/${entry.id}/notes`, { text: 'Greta says her knee hurts on the bike' }).expect(201);
    const { version } = (await as(gym, 'GET', `/api/v1/recovery/entries/${entry.id}`).expect(200)).body;
    await as(gym, 'POST', `/api/v1/recovery/entries/${entry.id}/outcome`, { version, outcome: 'lost', reason: 'Greta moved to Oslo' }).expect(200);
    return gym;
  }

  /** The figures people read: overview, reports and counts (volatile timestamps left out). */
  async function figures(gym: Gym): Promise<unknown> {
    const out: Record<string, unknown> = {};
    for (const path of ['/api/v1/reports/retention', '/api/v1/reports/actions', '/api/v1/reports/tasks', '/api/v1/clients/count', '/api/v1/overview']) {
      const res = await as(gym, 'GET', path);
      out[path] = { status: res.status, body: JSON.parse(JSON.stringify(res.body), (k, v) => (/(At|generated|computed|asOf|lastSync|stale)/i.test(k) ? undefined : v)) };
    }
    const [counts] = await app.ds.query(
      `SELECT (SELECT count(*) FROM visit WHERE client_id = $1)::int AS visits, (SELECT count(*) FROM touch WHERE client_id = $1)::int AS touches,
              (SELECT count(*) FROM staff_task WHERE client_id = $1 AND outcome = 'reached')::int AS reached, (SELECT count(*) FROM status_change WHERE client_id = $1)::int AS status_changes,
              (SELECT status FROM client_status WHERE client_id = $1) AS status`,
      [gym.clientId],
    );
    out.counts = counts;
    return out;
  }

  it('should classify every table with a client_id column (a new one fails here until docs/privacy.md and CLIENT_TABLES say what happens to it)', async () => {
    const rows: Array<{ table_name: string }> = await app.ds.query(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'client_id' ORDER BY table_name`,
    );
    expect(Object.keys(CLIENT_TABLES).sort()).toEqual(rows.map((r) => r.table_name).sort());
  });

  it('should export everything held about the client, every client_id table included', async () => {
    const gym = await gymWithGreta();
    const res = await as(gym, 'GET', `/api/v1/clients/${gym.clientId}/export`).expect(200);
    const tables: Array<{ table_name: string }> = await app.ds.query(`SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'client_id'`);
    expect(Object.keys(res.body.tables).sort()).toEqual(tables.map((t) => t.table_name).sort());
    expect(res.body.client).toMatchObject({ id: gym.clientId, first_name: 'Greta', last_name: 'Garbo', email: 'greta@example.test', phone: '+46701234567', erased_at: null });
    expect(res.body.tables.visit).toHaveLength(3);
    expect(res.body.tables.subscription).toEqual([expect.objectContaining({ cancellation_reason: 'Moving to Oslo' })]);
    expect(res.body.tables.touch).toEqual([expect.objectContaining({ status: 'sent', channel: 'email' })]);
    expect(res.body.tables.staff_task).toEqual([expect.objectContaining({ reason: 'Call Greta about her knee', notes: 'Greta said her knee is better', outcome: 'reached' })]);
    expect(res.body.tables.status_change).toEqual(expect.arrayContaining([expect.objectContaining({ to_status: 'raving_fan', note: 'Greta brings friends' })]));
    expect(res.body.tables.consent_event).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'sms', granted: false })]));
    expect(res.body.related.action_run).toEqual([expect.objectContaining({ template: expect.objectContaining({ text: 'Dear Greta, how is her knee?' }) })]);
    expect(res.body.related.mailbox_message).toEqual([expect.objectContaining({ subject: 'Hello Greta' })]);
    expect(res.body.related.recovery_entry_event).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'note', data: { text: 'Greta says her knee hurts on the bike' } }),
        expect.objectContaining({ kind: 'outcome', data: expect.objectContaining({ reason: 'Greta moved to Oslo' }) }),
      ]),
    );
    // the export is itself an admin action on personal data
    expect(await app.ds.query(`SELECT action, details->>'clientId' AS "clientId" FROM audit_event WHERE business_id = $1 AND action LIKE 'client.%'`, [gym.businessId])).toEqual([
      { action: 'client.exported', clientId: gym.clientId },
    ]);
  });

  it('should erase the personal data, keep every figure, record the erasure and let no later write bring the data back', async () => {
    const gym = await gymWithGreta();
    // another business's member with the same email and name
    const other = await newBusiness(app.ds);
    await request(app.url)
      .post('/api/v1/import/clients')
      .set('Authorization', `Bearer ${other.apiKey}`)
      .send([{ externalId: 'g1', firstName: 'Greta', lastName: 'Garbo', email: 'greta@example.test' }])
      .expect(200);
    // a member of the same gym whose address contains Greta's
    await webhook(gym, [{ id: 'c-other', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'g2', firstName: 'Agreta', email: 'agreta@example.test' } }]);
    await processed(gym, 'c-other');
    const before = await figures(gym);

    const refused = await as(gym, 'POST', `/api/v1/clients/${gym.clientId}/erase`, {});
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/reason/);
    const erased = await as(gym, 'POST', `/api/v1/clients/${gym.clientId}/erase`, { reason: 'Member request by email, ticket 4711' }).expect(200);
    expect(erased.body).toMatchObject({ clientId: gym.clientId, alreadyErased: false, erasedAt: expect.any(String) });
    expect(erased.body.cleared).toMatchObject({ staff_task: 1, mailbox_message: 1, action_run: 1, subscription: 1, recovery_entry: 1, recovery_entry_event: 2 });
    // the history keeps its events (a note is still a note), without the words
    expect(
      await app.ds.query(
        `SELECT ev.kind, ev.data->>'text' AS text, ev.data->>'reason' AS reason FROM recovery_entry_event ev JOIN recovery_entry e ON e.id = ev.entry_id WHERE e.client_id = $1 AND ev.kind IN ('note', 'outcome') ORDER BY ev.id`,
        [gym.clientId],
      ),
    ).toEqual([
      { kind: 'note', text: '(erased)', reason: null },
      { kind: 'outcome', text: null, reason: null },
    ]);

    // nothing personal is left in what we hold about the member
    const exported = JSON.stringify((await as(gym, 'GET', `/api/v1/clients/${gym.clientId}/export`).expect(200)).body);
    for (const word of PERSONAL) expect({ word, found: exported.includes(word) }).toEqual({ word, found: false });
    const inbox = JSON.stringify(await app.ds.query(`SELECT payload, raw_body FROM event_inbox WHERE business_id = $1 AND external_event_id <> 'c-other'`, [gym.businessId]));
    expect(inbox).not.toContain('greta@example.test');
    const [otherEvent] = await app.ds.query(`SELECT payload::text AS payload FROM event_inbox WHERE business_id = $1 AND external_event_id = 'c-other'`, [gym.businessId]);
    expect(otherEvent.payload).toContain('agreta@example.test');
    expect(await clientRow(gym)).toEqual({
      first_name: null,
      last_name: null,
      email: null,
      phone: null,
      birth_date: null,
      gender: 'unknown',
      customer_type: null,
      external_id: 'g1',
      erased_at: expect.any(Date),
    });
    // the figures are the same
    expect(await figures(gym)).toEqual(before);
    // the erasure is recorded: who, when, why, and no personal data
    const [event] = await app.ds.query(`SELECT actor, role, reason, details FROM audit_event WHERE business_id = $1 AND action = 'client.erased'`, [gym.businessId]);
    expect(event).toMatchObject({ role: 'admin', reason: 'Member request by email, ticket 4711', details: { clientId: gym.clientId, alreadyErased: false } });
    for (const word of PERSONAL) expect(JSON.stringify(event)).not.toContain(word);

    // a redelivered webhook (a newer event for the same member) and a re-sync do not restore anything,
    // while new activity still counts for the member
    await webhook(gym, [
      {
        id: 'c-2',
        type: 'client.upserted',
        occurredAt: '2026-03-10T10:00:00Z',
        data: { externalId: 'g1', firstName: 'Greta', lastName: 'Garbo', email: 'greta@example.test', phone: '+46701234567', birthDate: '1990-05-01' },
      },
      { id: 'v-9', type: 'visit.created', occurredAt: '2026-03-10T10:00:00Z', data: { externalId: 'v9', clientExternalId: 'g1', visitedAt: '2026-03-10T09:00:00Z' } },
    ]);
    await processed(gym, 'v-9');
    await request(app.url)
      .post(`/api/v1/import/clients?source=${gym.source}`)
      .set('Authorization', `Bearer ${(gym.admin as { key: string }).key}`)
      .send([{ externalId: 'g1', firstName: 'Greta', email: 'greta@example.test', updatedAt: '2026-03-11T10:00:00Z' }])
      .expect(200);
    await request(app.url)
      .post(`/api/v1/import/subscriptions?source=${gym.source}`)
      .set('Authorization', `Bearer ${(gym.admin as { key: string }).key}`)
      .send([{ externalId: 's1', clientExternalId: 'g1', productExternalId: 'm1', startsOn: '2026-01-01', price: 4900, cancellationReason: 'Moving to Oslo' }])
      .expect(200);
    expect(await clientRow(gym)).toMatchObject({ first_name: null, last_name: null, email: null, phone: null, birth_date: null });
    expect(await app.ds.query(`SELECT cancellation_reason FROM subscription WHERE business_id = $1`, [gym.businessId])).toEqual([{ cancellation_reason: null }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM visit WHERE client_id = $1`, [gym.clientId])).toEqual([{ n: 4 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [gym.businessId])).toEqual([{ n: 2 }]);

    // the other business's member is untouched
    expect(await app.ds.query(`SELECT first_name, last_name, email, erased_at FROM client WHERE business_id = $1`, [other.businessId])).toEqual([
      { first_name: 'Greta', last_name: 'Garbo', email: 'greta@example.test', erased_at: null },
    ]);

    // erasing again is harmless: the first time stays, what arrived since is cleared
    const again = await as(gym, 'POST', `/api/v1/clients/${gym.clientId}/erase`, { reason: 'Second request' }).expect(200);
    expect(again.body).toMatchObject({ clientId: gym.clientId, alreadyErased: true, erasedAt: erased.body.erasedAt });
  });

  it("should let only admins export or erase, and answer 404 for another business's client", async () => {
    const gym = await gymWithGreta();
    for (const role of ['manager', 'marketer'] as const) {
      const cred = await signInAs(app, gym.businessId, role);
      expect((await callAs(app.url, 'GET', `/api/v1/clients/${gym.clientId}/export`, cred)).status).toBe(403);
      expect((await callAs(app.url, 'POST', `/api/v1/clients/${gym.clientId}/erase`, cred, { reason: 'Member request' })).status).toBe(403);
    }
    const other = await newBusiness(app.ds);
    expect((await callAs(app.url, 'GET', `/api/v1/clients/${gym.clientId}/export`, keyCred(other.apiKey))).status).toBe(404);
    expect((await callAs(app.url, 'POST', `/api/v1/clients/${gym.clientId}/erase`, keyCred(other.apiKey), { reason: 'Member request' })).status).toBe(404);
    expect((await callAs(app.url, 'POST', `/api/v1/clients/abc/erase`, gym.admin, { reason: 'Member request' })).status).toBe(404);
    expect((await clientRow(gym)).first_name).toBe('Greta');
  });
});
