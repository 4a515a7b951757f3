import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { computeMindbodySignature } from '../../src/integrations/mindbody/mindbody-signature';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// The Mindbody events real sites rely on beyond bookings and contracts, end to end (API +
// worker): gym-floor arrivals as visits, profile merges moving history to the kept client, and
// events that name a client only by its editable id (clientId) before we know that client.

const FIXTURES = join(__dirname, '../fixtures/mindbody/webhooks');
const SIGNATURE_KEY = 'bWluZGJvZHktaGlzdG9yeS1zaWduYXR1cmUta2V5';
const UTC = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const raw = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.json`));

/** A fixture changed by `patch` under a new messageId. */
function variant(name: string, messageId: string, patch: (e: Record<string, any>) => void = () => {}): Buffer {
  const env = JSON.parse(raw(name).toString('utf8'));
  env.messageId = messageId;
  patch(env);
  return Buffer.from(JSON.stringify(env));
}

const messageIdOf = (body: Buffer): string => JSON.parse(body.toString('utf8')).messageId;

describe('Mindbody webhooks: arrivals, merges, editable-id-only events (API + worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.close());

  async function connect() {
    const { businessId, apiKey } = await newBusiness(app.ds, { timezone: 'America/Los_Angeles' });
    await request(app.url)
      .put('/api/v1/integrations/mindbody')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ siteId: '-99', apiKey: 'mb-public-api-key', username: 'owner@example.com', password: 'pw-123456', signatureKey: SIGNATURE_KEY })
      .expect(200);
    const deliver = async (body: Buffer): Promise<string | null> => {
      await request(app.url)
        .post(`/webhooks/mindbody/${businessId}`)
        .set('Content-Type', 'application/json')
        .set('X-Mindbody-Signature', computeMindbodySignature(body, SIGNATURE_KEY))
        .send(body.toString('utf8'))
        .expect(202);
      const row = await waitFor(async () => {
        const [r] = await app.ds.query(`SELECT processed_at IS NOT NULL AS processed, error FROM event_inbox WHERE business_id = $1 AND external_event_id = $2`, [businessId, messageIdOf(body)]);
        return r?.processed ? r : undefined;
      });
      return row.error;
    };
    const q = (sql: string, params: unknown[] = []) => app.ds.query(sql, [businessId, ...params]);
    const client = async (externalId: string) =>
      (
        await q(
          `SELECT external_id, alt_external_id, is_stub, deleted_at IS NOT NULL AS retired, last_visit_on::text AS last_visit_on, first_name
             FROM client WHERE business_id = $1 AND external_id = $2`,
          [externalId],
        )
      )[0];
    const visits = () =>
      q(
        `SELECT v.external_id, v.kind, ${UTC('v.visited_at')} AS visited_at, l.external_id AS location, c.external_id AS client
           FROM visit v JOIN client c ON c.id = v.client_id LEFT JOIN location l ON l.id = v.location_id
          WHERE v.business_id = $1 ORDER BY v.external_id`,
      );
    return { businessId, deliver, q, client, visits };
  }

  describe('clientArrival.created', () => {
    it('should record a gym visit at the arrival time and location, once however often it is delivered', async () => {
      const { deliver, client, visits } = await connect();
      expect(await deliver(variant('location.created', 'location-1', (e) => (e.eventData.locationId = 1)))).toBeNull();
      expect(await deliver(raw('client.created'))).toBeNull();
      expect(await deliver(raw('clientArrival.created'))).toBeNull();
      // 07:05:37 in Los Angeles (PDT) on 12 March 2025
      const expected = [{ external_id: 'arrival:100000152:2025-03-12T07:05:37', kind: 'gym', visited_at: '2025-03-12T14:05:37Z', location: '1', client: '100000152' }];
      expect(await visits()).toEqual(expected);
      expect(await client('100000152')).toMatchObject({ last_visit_on: '2025-03-12', is_stub: false });

      // Mindbody resends under a new messageId: still one visit
      expect(await deliver(variant('clientArrival.created', 'arrival-again'))).toBeNull();
      expect(await visits()).toEqual(expected);
    });

    it('should key the visit by arrivalId when the payload has one, and take the envelope time when it has no arrival time', async () => {
      const { deliver, visits } = await connect();
      const body = variant('clientArrival.created', 'arrival-id-1', (e) => {
        e.eventData.arrivalId = 4410;
        delete e.eventData.arrivalDateTime;
      });
      expect(await deliver(body)).toBeNull();
      expect(await visits()).toEqual([{ external_id: 'arrival:4410', kind: 'gym', visited_at: '2025-03-12T14:05:37Z', location: null, client: '100000152' }]);
    });

    it('should store an arrival without a client as invalid, naming the field, and write nothing', async () => {
      const { deliver, q } = await connect();
      const body = variant('clientArrival.created', 'arrival-bad', (e) => {
        delete e.eventData.clientUniqueId;
        delete e.eventData.clientId;
      });
      expect(await deliver(body)).toBe('invalid: eventData.clientUniqueId is required (or clientId)');
      expect(await q(`SELECT (SELECT count(*)::int FROM visit WHERE business_id = $1) AS v, (SELECT count(*)::int FROM client WHERE business_id = $1) AS c`)).toEqual([{ v: 0, c: 0 }]);
    });
  });

  describe('events naming the client only by its editable id', () => {
    it('should hold them on a placeholder client that the real client absorbs when it arrives', async () => {
      const { deliver, q, client, visits } = await connect();
      const arrival = variant('clientArrival.created', 'rssid-arrival', (e) => {
        delete e.eventData.clientUniqueId;
        e.eventData.clientId = 'BARCODE-77';
      });
      expect(await deliver(arrival)).toBeNull();
      const appointment = variant('appointmentBooking.created', 'rssid-appt', (e) => (e.eventData.clientId = 'BARCODE-77'));
      expect(await deliver(appointment)).toBeNull();
      expect(await client('alt:BARCODE-77')).toMatchObject({ alt_external_id: 'BARCODE-77', is_stub: true, retired: false, last_visit_on: '2025-03-12' });
      expect(await visits()).toEqual([expect.objectContaining({ client: 'alt:BARCODE-77', kind: 'gym' })]);

      // the client's own event (or the sync) brings the unique id: the placeholder is absorbed
      const created = variant('client.created', 'rssid-client', (e) => Object.assign(e.eventData, { clientId: 'BARCODE-77', clientUniqueId: 100000300 }));
      expect(await deliver(created)).toBeNull();
      expect(await visits()).toEqual([expect.objectContaining({ client: '100000300', kind: 'gym' })]);
      expect(await q(`SELECT c.external_id FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1 AND b.external_id = 'appt:30518'`)).toEqual([{ external_id: '100000300' }]);
      expect(await client('100000300')).toMatchObject({ alt_external_id: 'BARCODE-77', retired: false, last_visit_on: '2025-03-12', first_name: 'Maya' });
      expect(await client('alt:BARCODE-77')).toMatchObject({ alt_external_id: null, retired: true, last_visit_on: null });

      // later events by that id resolve to the real client, not a new placeholder
      const again = variant('clientArrival.created', 'rssid-arrival-2', (e) => {
        delete e.eventData.clientUniqueId;
        e.eventData.clientId = 'BARCODE-77';
        e.eventData.arrivalDateTime = '2025-03-13T07:00:00';
      });
      expect(await deliver(again)).toBeNull();
      expect((await visits()).map((v: { client: string }) => v.client)).toEqual(['100000300', '100000300']);
      expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`)).toEqual([{ n: 2 }]);
    });
  });

  describe('clientProfileMerger.created', () => {
    it("should move the removed client's bookings, visits, subscriptions and sales to the kept client and retire the removed one", async () => {
      const { deliver, q, client } = await connect();
      expect(await deliver(raw('client.created'))).toBeNull();
      // the duplicate profile: its own unique id and editable id, with history of its own
      const removed = (name: string, id: string, patch: (d: Record<string, any>) => void = () => {}) =>
        variant(name, id, (e) => {
          if ('clientUniqueId' in e.eventData || name !== 'clientSale.created') e.eventData.clientUniqueId = 100000198;
          if ('clientId' in e.eventData) e.eventData.clientId = '100000190';
          patch(e.eventData);
        });
      expect(await deliver(removed('client.created', 'dup-client', (d) => (d.firstName = 'Maya O.')))).toBeNull();
      expect(await deliver(removed('classRosterBooking.created', 'dup-booking', (d) => (d.classRosterBookingId = 77300)))).toBeNull();
      expect(await deliver(removed('classRosterBookingStatus.updated', 'dup-signin', (d) => (d.classRosterBookingId = 77300)))).toBeNull();
      expect(await deliver(removed('clientContract.created', 'dup-contract', (d) => (d.clientContractId = 5600)))).toBeNull();
      expect(await deliver(variant('clientSale.created', 'dup-sale', (e) => Object.assign(e.eventData, { saleId: 240200, purchasingClientId: '100000190' })))).toBeNull();

      const owners = () =>
        q(
          `SELECT 'booking' AS kind, b.external_id, c.external_id AS client FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1
           UNION ALL SELECT 'visit', v.external_id, c.external_id FROM visit v JOIN client c ON c.id = v.client_id WHERE v.business_id = $1
           UNION ALL SELECT 'subscription', s.external_id, c.external_id FROM subscription s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1
           UNION ALL SELECT 'sale', s.external_id, c.external_id FROM sale s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1
           ORDER BY 1, 2`,
        );
      expect((await owners()).every((r: { client: string }) => r.client === '100000198')).toBe(true);
      expect(await client('100000198')).toMatchObject({ last_visit_on: '2025-03-11', retired: false });

      expect(await deliver(raw('clientProfileMerger.created'))).toBeNull();
      expect(await owners()).toEqual([
        { kind: 'booking', external_id: 'class:77300', client: '100000152' },
        { kind: 'sale', external_id: '240200:0', client: '100000152' },
        { kind: 'sale', external_id: '240200:1', client: '100000152' },
        { kind: 'subscription', external_id: '5600', client: '100000152' },
        { kind: 'visit', external_id: '77300', client: '100000152' },
      ]);
      expect(await client('100000152')).toMatchObject({ alt_external_id: '100000137', retired: false, last_visit_on: '2025-03-11', first_name: 'Maya' });
      expect(await client('100000198')).toMatchObject({ alt_external_id: null, retired: true, last_visit_on: null });
      // the weekly visit-day rollup followed the visit
      expect(await q(`SELECT c.external_id, w.visit_days FROM client_visit_week w JOIN client c ON c.id = w.client_id WHERE w.business_id = $1 AND w.visit_days > 0`)).toEqual([
        { external_id: '100000152', visit_days: 1 },
      ]);
      // the removed editable id no longer resolves: a later sale by it lands on a placeholder, not the retired client
      expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1 AND alt_external_id = '100000190'`)).toEqual([{ n: 0 }]);

      // a redelivery under a new messageId changes nothing
      const before = await owners();
      expect(await deliver(variant('clientProfileMerger.created', 'merge-again'))).toBeNull();
      expect(await owners()).toEqual(before);
    });

    it('should create the kept client when we do not have it yet, and ignore a merge of a client with itself', async () => {
      const { deliver, q, client } = await connect();
      const removedArrival = variant('clientArrival.created', 'only-removed', (e) => Object.assign(e.eventData, { clientUniqueId: 100000198, clientId: '100000190' }));
      expect(await deliver(removedArrival)).toBeNull();
      expect(await deliver(raw('clientProfileMerger.created'))).toBeNull();
      expect(await client('100000152')).toMatchObject({ alt_external_id: '100000137', last_visit_on: '2025-03-12' });
      expect(await q(`SELECT c.external_id FROM visit v JOIN client c ON c.id = v.client_id WHERE v.business_id = $1`)).toEqual([{ external_id: '100000152' }]);

      const self = variant('clientProfileMerger.created', 'merge-self', (e) => (e.eventData.removedClientUniqueId = 100000152));
      expect(await deliver(self)).toBe('ignored: keptClientUniqueId and removedClientUniqueId are the same client');
    });
  });
});
