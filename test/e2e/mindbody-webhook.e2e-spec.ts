import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { computeMindbodySignature } from '../../src/integrations/mindbody/mindbody-signature';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Mindbody webhooks end to end: API + worker on their own database and queue prefix. Each test
// connects its own business, so no test depends on another's rows.

const FIXTURES = join(__dirname, '../fixtures/mindbody/webhooks');
const SIGNATURE_KEY = 'bWluZGJvZHktZTJlLXNpZ25hdHVyZS1rZXk=';
const SITE_ID = '-99';
const UTC = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const raw = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.json`));

/** A fixture changed by `patch`, re-serialised: a different message (give it a new messageId). */
function variant(name: string, messageId: string, patch: (e: Record<string, any>) => void): Buffer {
  const env = JSON.parse(raw(name).toString('utf8'));
  env.messageId = messageId;
  patch(env);
  return Buffer.from(JSON.stringify(env));
}

const messageIdOf = (body: Buffer): string => JSON.parse(body.toString('utf8')).messageId;

describe('Mindbody webhooks (API + worker, real PostgreSQL and Redis)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.close());

  /** A business with a Mindbody connection for the fixtures' site. */
  async function connect(siteId = SITE_ID) {
    const { businessId, apiKey } = await newBusiness(app.ds, { timezone: 'America/Los_Angeles' });
    const res = await request(app.url)
      .put('/api/v1/integrations/mindbody')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ siteId, apiKey: 'mb-public-api-key', username: 'owner@example.com', password: 'pw-123456', signatureKey: SIGNATURE_KEY })
      .expect(200);
    expect(res.body).toMatchObject({ provider: 'mindbody', webhookUrl: `/webhooks/mindbody/${businessId}` });

    const post = (body: Buffer, signature: string | null = computeMindbodySignature(body, SIGNATURE_KEY)) => {
      const req = request(app.url).post(`/webhooks/mindbody/${businessId}`).set('Content-Type', 'application/json');
      if (signature !== null) req.set('X-Mindbody-Signature', signature);
      // as a string: superagent would JSON-encode a Buffer ({"type":"Buffer",...}) under this
      // content type; the fixtures are UTF-8, so the bytes on the wire are exactly `body`
      return req.send(body.toString('utf8'));
    };
    const inbox = async (messageId: string): Promise<{ processed: boolean; error: string | null } | undefined> =>
      (await app.ds.query(`SELECT processed_at IS NOT NULL AS processed, error FROM event_inbox WHERE business_id = $1 AND external_event_id = $2`, [businessId, messageId]))[0];
    /** Delivers a body, expects it accepted, and waits until the worker has processed it; returns its inbox note. */
    const deliver = async (body: Buffer): Promise<string | null> => {
      const res = await post(body).expect(202);
      expect(res.body).toMatchObject({ received: 1, duplicates: 0, queued: true, events: [{ id: messageIdOf(body), status: 'accepted' }] });
      const row = await waitFor(async () => {
        const r = await inbox(messageIdOf(body));
        return r?.processed ? r : undefined;
      });
      return row.error;
    };
    const q = (sql: string, params: unknown[] = []) => app.ds.query(sql, [businessId, ...params]);
    const booking = async (externalId: string) =>
      (
        await q(
          `SELECT b.kind, b.state, b.no_show_active, ${UTC('b.starts_at')} AS starts_at, ${UTC('b.booked_at')} AS booked_at, c.external_id AS client
             FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1 AND b.external_id = $2`,
          [externalId],
        )
      )[0];
    return { businessId, post, inbox, deliver, q, booking };
  }

  it('should answer the subscription validation HEAD with 200, without a signature and without recording it', async () => {
    const { businessId, q } = await connect();
    const res = await request(app.url).head(`/webhooks/mindbody/${businessId}`).expect(200);
    expect(res.text ?? '').toBe('');
    expect(await q(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it('should accept every fixture signed over its raw bytes and write the canonical rows, in event-time order', async () => {
    const { deliver, q, booking } = await connect();
    const client = async () =>
      (
        await q(
          `SELECT first_name, last_name, email, phone, gender, is_member, alt_external_id, birth_date::text AS birth_date, ${UTC('deleted_at')} AS deleted_at, is_stub
             FROM client WHERE business_id = $1 AND external_id = '100000152'`,
        )
      )[0];

    expect(await deliver(raw('location.created'))).toBeNull();
    expect(await q(`SELECT name FROM location WHERE business_id = $1 AND external_id = '2'`)).toEqual([{ name: 'Comeback Fitness - Downtown' }]);

    expect(await deliver(raw('client.created'))).toBeNull();
    expect(await client()).toEqual({
      first_name: 'Maya',
      last_name: 'Okafor',
      email: 'maya.okafor@example.com',
      phone: '8055550147',
      gender: 'female',
      is_member: false,
      alt_external_id: '100000137',
      birth_date: '1991-06-23',
      deleted_at: null,
      is_stub: false,
    });

    expect(await deliver(raw('clientContract.created'))).toBeNull();
    expect(await q(`SELECT starts_on::text, ends_on, auto_renew, name, cancelled_at FROM subscription WHERE business_id = $1 AND external_id = '5519'`)).toEqual([
      { starts_on: '2025-02-01', ends_on: null, auto_renew: true, name: 'Unlimited Monthly (12-month)', cancelled_at: null },
    ]);
    expect(await deliver(raw('clientMembershipAssignment.created'))).toBeNull();
    expect((await client()).is_member).toBe(true);
    expect(await deliver(raw('client.updated'))).toBeNull();
    expect(await client()).toMatchObject({ email: 'maya.o@example.com', is_member: true, deleted_at: null });

    // the documented appointment names the client only by RSSID: resolved through alt_external_id
    expect(await deliver(raw('appointmentBooking.created'))).toBeNull();
    expect(await booking('appt:30518')).toEqual({
      kind: 'appointment',
      state: 'booked',
      no_show_active: false,
      starts_at: '2025-03-15T00:00:00Z',
      booked_at: '2025-03-08T15:44:21Z',
      client: '100000152',
    });

    // the documented sale, buyer by RSSID: one row per line, minor units
    expect(await deliver(raw('clientSale.created'))).toBeNull();
    expect(
      await q(
        `SELECT s.external_id, s.quantity, s.amount::int AS amount, ${UTC('s.sold_at')} AS sold_at, c.external_id AS client
           FROM sale s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1 ORDER BY s.external_id`,
      ),
    ).toEqual([
      { external_id: '240117:0', quantity: 1, amount: 14900, sold_at: '2025-03-09T20:38:51Z', client: '100000152' },
      { external_id: '240117:1', quantity: 2, amount: 2345, sold_at: '2025-03-09T20:38:51Z', client: '100000152' },
    ]);

    // class: booked, then signed in -> attended with a visit (06:30 PDT = 13:30Z)
    expect(await deliver(raw('classRosterBooking.created'))).toBeNull();
    expect(await booking('class:77215')).toMatchObject({ kind: 'class', state: 'booked', starts_at: '2025-03-11T13:30:00Z', booked_at: '2025-03-09T20:41:12Z' });
    expect(await deliver(raw('classRosterBookingStatus.updated'))).toBeNull();
    expect(await booking('class:77215')).toMatchObject({ state: 'attended', no_show_active: false });
    expect(
      await q(
        `SELECT v.kind, ${UTC('v.visited_at')} AS visited_at, b.external_id AS booking, c.external_id AS client
           FROM visit v JOIN client c ON c.id = v.client_id LEFT JOIN booking b ON b.id = v.booking_id
          WHERE v.business_id = $1 AND v.external_id = '77215'`,
      ),
    ).toEqual([{ kind: 'class', visited_at: '2025-03-11T13:30:00Z', booking: 'class:77215', client: '100000152' }]);

    // appointment completed (RSSID only) -> attended and an appointment visit
    expect(await deliver(raw('appointmentBooking.updated'))).toBeNull();
    expect(await booking('appt:30518')).toMatchObject({ state: 'attended' });
    expect(await q(`SELECT kind FROM visit WHERE business_id = $1 AND external_id = 'appt:30518'`)).toEqual([{ kind: 'appointment' }]);

    expect(await deliver(raw('location.updated'))).toBeNull();
    expect(await q(`SELECT name FROM location WHERE business_id = $1 AND external_id = '2'`)).toEqual([{ name: 'Comeback Fitness - Downtown SLO' }]);

    expect(await deliver(raw('client.deactivated'))).toBeNull();
    expect(await client()).toMatchObject({ deleted_at: '2025-06-30T09:15:00Z', is_member: false });

    expect(await deliver(raw('clientContract.updated'))).toBeNull();
    expect(await q(`SELECT ends_on::text, auto_renew FROM subscription WHERE business_id = $1 AND external_id = '5519'`)).toEqual([{ ends_on: '2025-08-31', auto_renew: false }]);

    expect(await deliver(raw('clientMembershipAssignment.cancelled'))).toMatch(/^ignored: /);

    // one client throughout: no stub in the RSSID id space
    expect(await q(`SELECT external_id FROM client WHERE business_id = $1`)).toEqual([{ external_id: '100000152' }]);
  });

  // The cancellations below carry ids only and go through update-only batches.
  it('should cancel a class booking with classRosterBooking.cancelled (ids only)', async () => {
    const { deliver, booking } = await connect();
    expect(await deliver(raw('classRosterBooking.created'))).toBeNull();
    expect(await deliver(raw('classRosterBooking.cancelled'))).toBeNull();
    expect(await booking('class:77215')).toMatchObject({ state: 'cancelled', starts_at: '2025-03-11T13:30:00Z', client: '100000152' });
  });

  it('should record a late cancel from classRosterBookingStatus.updated, without a visit', async () => {
    const { deliver, booking, q } = await connect();
    expect(await deliver(variant('classRosterBooking.created', 'late-1', (e) => (e.eventData.classRosterBookingId = 77216)))).toBeNull();
    const late = variant('classRosterBookingStatus.updated', 'late-2', (e) => Object.assign(e.eventData, { classRosterBookingId: 77216, signedInStatus: 'LateCancelled' }));
    expect(await deliver(late)).toBeNull();
    expect(await booking('class:77216')).toMatchObject({ state: 'late_cancelled', no_show_active: false });
    expect(await q(`SELECT count(*)::int AS n FROM visit WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it('should record a late cancel when classRosterBooking.cancelled says so', async () => {
    const { deliver, booking } = await connect();
    expect(await deliver(variant('classRosterBooking.created', 'late-3', (e) => (e.eventData.classRosterBookingId = 77217)))).toBeNull();
    const cancel = variant('classRosterBooking.cancelled', 'late-4', (e) => Object.assign(e.eventData, { classRosterBookingId: 77217, signedInStatus: 'LateCancelled' }));
    expect(await deliver(cancel)).toBeNull();
    expect(await booking('class:77217')).toMatchObject({ state: 'late_cancelled' });
  });

  it('should cancel an appointment with appointmentBooking.cancelled (appointment id only)', async () => {
    const { deliver, booking } = await connect();
    expect(await deliver(raw('client.created'))).toBeNull();
    expect(await deliver(raw('appointmentBooking.created'))).toBeNull();
    expect(await deliver(raw('appointmentBooking.cancelled'))).toBeNull();
    expect(await booking('appt:30518')).toMatchObject({ state: 'cancelled', starts_at: '2025-03-15T00:00:00Z', client: '100000152' });
  });

  it('should set cancelledAt on the subscription with clientContract.cancelled', async () => {
    const { deliver, q } = await connect();
    expect(await deliver(raw('clientContract.created'))).toBeNull();
    expect(await deliver(raw('clientContract.cancelled'))).toBeNull();
    expect(await q(`SELECT starts_on::text, ${UTC('cancelled_at')} AS cancelled_at FROM subscription WHERE business_id = $1 AND external_id = '5519'`)).toEqual([
      { starts_on: '2025-02-01', cancelled_at: '2025-07-15T08:31:10Z' },
    ]);
  });

  it('should reject a cancellation of a booking it never saw, without inserting one', async () => {
    const { deliver, q } = await connect();
    expect(await deliver(raw('appointmentBooking.cancelled'))).toBe('rejected: bookings[0].externalId: no bookings record "appt:30518" to update');
    expect(await q(`SELECT count(*)::int AS n FROM booking WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it('should hold an RSSID nobody has on a placeholder client, not a client keyed by the RSSID', async () => {
    const { deliver, q } = await connect();
    const note = await deliver(variant('appointmentBooking.created', 'rssid-unknown', (e) => (e.eventData.clientId = 'NOBODY-1')));
    expect(note).toBeNull();
    // the placeholder is absorbed by the real client once an event or the sync carries both ids (mindbody-webhook-history e2e)
    expect(await q(`SELECT c.external_id, c.is_stub FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1`)).toEqual([{ external_id: 'alt:NOBODY-1', is_stub: true }]);
  });

  it('should acknowledge a redelivered messageId as a duplicate and write nothing twice', async () => {
    const { deliver, post, q } = await connect();
    expect(await deliver(raw('client.created'))).toBeNull();
    expect(await deliver(raw('clientSale.created'))).toBeNull();
    const before = await q(`SELECT id, updated_at FROM client WHERE business_id = $1`);

    const again = await post(raw('clientSale.created')).expect(202);
    expect(again.body).toEqual({ received: 1, duplicates: 1, queued: true, events: [{ id: 'QtF4jX1aCv7HeP2yKq8LwZ', status: 'duplicate' }] });
    // a retry re-serialised with other whitespace is still the same message
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(raw('client.created').toString('utf8')), null, 2));
    expect((await post(reformatted).expect(202)).body).toMatchObject({ received: 1, duplicates: 1 });
    await new Promise((r) => setTimeout(r, 300));

    expect(await q(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`)).toEqual([{ n: 2 }]);
    expect(await q(`SELECT count(*)::int AS n FROM sale WHERE business_id = $1`)).toEqual([{ n: 2 }]);
    expect(await q(`SELECT id, updated_at FROM client WHERE business_id = $1`)).toEqual(before);
  });

  it('should answer 401 to a bad or missing signature, record the rejection and write nothing', async () => {
    const { post, q } = await connect();
    const body = raw('client.created');
    await post(body, computeMindbodySignature(body, 'some-other-signature-key')).expect(401);
    await post(body, null).expect(401);
    // signed, then altered in transit
    await post(Buffer.from(body.toString('utf8').replace('Maya', 'Mallory')), computeMindbodySignature(body, SIGNATURE_KEY)).expect(401);
    // refusals are a bounded record of their own (webhook_rejection), never inbox rows; they are
    // written after the answer, so wait for the three of them
    const rejections = () => q(`SELECT stage, external_event_id, reason, body_bytes FROM webhook_rejection WHERE business_id = $1 ORDER BY id`);
    await waitFor(async () => (await rejections()).length >= 3);
    const rows = await rejections();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatchObject({ stage: 'signature', external_event_id: null, reason: expect.stringMatching(/^signature: /), body_bytes: expect.any(Number) });
    expect(rows[1].reason).toBe('signature: missing X-Mindbody-Signature header');
    expect(await q(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it("should store, acknowledge and ignore an event for another Mindbody site than the connection's", async () => {
    const { deliver, q } = await connect('12345');
    expect(await deliver(raw('client.created'))).toBe('ignored: event for Mindbody site -99, connection is site 12345');
    expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it('should store, acknowledge and ignore an unknown event type', async () => {
    const { deliver, q } = await connect();
    const note = await deliver(variant('client.created', 'unknown-type-1', (e) => (e.eventId = 'classWaitlistRequest.created')));
    expect(note).toBe('ignored: event type "classWaitlistRequest.created" is not mapped');
    expect(await q(`SELECT event_type FROM event_inbox WHERE business_id = $1`)).toEqual([{ event_type: 'classWaitlistRequest.created' }]);
    expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });

  it('should answer 400 to malformed JSON with a valid signature, recording it as unparseable', async () => {
    const { post, q } = await connect();
    const body = Buffer.from('{"messageId": "broken-1", "eventId": "client.created", ');
    await post(body).expect(400);
    expect(await q(`SELECT stage, reason FROM webhook_rejection WHERE business_id = $1`)).toEqual([{ stage: 'parse', reason: 'parse: body is not valid JSON' }]);
    expect(await q(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1`)).toEqual([{ n: 0 }]);
  });
});
