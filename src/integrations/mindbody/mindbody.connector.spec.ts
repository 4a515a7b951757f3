import { readFileSync } from 'fs';
import { join } from 'path';
import { VerifyContext } from '../webhooks/webhook-connector';
import { computeMindbodySignature } from './mindbody-signature';
import { MINDBODY_VALIDATION, MindbodyWebhookConnector, mindbodySiteId } from './mindbody.connector';

const FIXTURES = join(__dirname, '../../../test/fixtures/mindbody/webhooks');
const KEY = 'c2lnbmF0dXJlLWtleS1mb3ItdGVzdHM=';
const ctx = (secrets: Record<string, string | undefined> = { signatureKey: KEY }): VerifyContext => ({ secrets, config: {}, now: new Date('2025-03-11T13:27:41Z') });
const raw = (name: string): Buffer => readFileSync(join(FIXTURES, `${name}.json`));

describe('MindbodyWebhookConnector', () => {
  const sut = new MindbodyWebhookConnector();

  it('should identify itself as the mindbody source and answer validation HEAD with 200', () => {
    expect(sut.source).toBe('mindbody');
    expect(MINDBODY_VALIDATION).toEqual({ method: 'HEAD', status: 200 });
  });

  describe('verify', () => {
    const body = raw('classRosterBookingStatus.updated');

    it('should accept a body signed with the connection signatureKey', () => {
      expect(sut.verify(body, { 'x-mindbody-signature': computeMindbodySignature(body, KEY) }, ctx())).toEqual({ ok: true });
    });

    it('should refuse when the connection has no signatureKey', () => {
      const result = sut.verify(body, { 'x-mindbody-signature': computeMindbodySignature(body, KEY) }, ctx({}));
      expect(result).toEqual({ ok: false, reason: 'no signatureKey configured for this connection' });
    });

    it('should refuse when the header is missing', () => {
      expect(sut.verify(body, {}, ctx())).toEqual({ ok: false, reason: 'missing X-Mindbody-Signature header' });
    });

    it('should refuse a tampered body and a wrong key', () => {
      const header = computeMindbodySignature(body, KEY);
      const tampered = Buffer.from(body.toString('utf8').replace('SignedIn', 'Missed'));
      expect(sut.verify(tampered, { 'x-mindbody-signature': header }, ctx())).toMatchObject({ ok: false });
      expect(sut.verify(body, { 'x-mindbody-signature': computeMindbodySignature(body, 'other') }, ctx())).toMatchObject({ ok: false });
    });
  });

  describe('parse', () => {
    it('should yield one event keyed by messageId with the event type from eventId', () => {
      const result = sut.parse(raw('client.updated'));
      expect(result).toMatchObject({ ok: true, events: [{ externalEventId: 'BqR7tK2mXv9LpZ4nWc8YhE', eventType: 'client.updated' }] });
    });

    it('should give a redelivery the same externalEventId', () => {
      const first = sut.parse(raw('clientContract.created'));
      // a retry is the same message; a re-serialised copy must still key the same
      const again = sut.parse(Buffer.from(JSON.stringify(JSON.parse(raw('clientContract.created').toString('utf8')))));
      expect(first.ok && again.ok && first.events[0].externalEventId).toBe('KnA7dS5vXq1CzH6tEj2FrU');
      expect(again.ok && again.events[0].externalEventId).toBe('KnA7dS5vXq1CzH6tEj2FrU');
    });

    it.each([
      ['not json', 'body is not valid JSON'],
      ['[1,2]', 'body must be a JSON object'],
      ['{"eventId":"client.created"}', 'messageId must be a non-empty string'],
      ['{"messageId":"","eventId":"client.created"}', 'messageId must be a non-empty string'],
      ['{"messageId":"ASwFMoA2Q5UKw69g3RDbvU"}', 'eventId must be a non-empty string'],
      ['{"messageId":"ASwFMoA2Q5UKw69g3RDbvU","eventId":7}', 'eventId must be a non-empty string'],
    ])('should reject %s', (body, reason) => {
      expect(sut.parse(Buffer.from(body))).toEqual({ ok: false, reason });
    });
  });

  describe('map', () => {
    const mapRaw = (body: Buffer) => {
      const parsed = sut.parse(body);
      if (!parsed.ok) throw new Error(parsed.reason);
      return sut.map(parsed.events[0], { timezone: 'America/Los_Angeles', config: {} });
    };

    it('should map a parsed event to canonical batches', () => {
      const result = mapRaw(raw('classRosterBookingStatus.updated'));
      expect(result.kind === 'mapped' && result.batches.map((b) => b.entity)).toEqual(['clients', 'bookings', 'visits']);
    });

    it('should ignore an unknown event type', () => {
      const body = Buffer.from(JSON.stringify({ ...JSON.parse(raw('client.updated').toString('utf8')), eventId: 'siteBusinessDayClosure.created' }));
      expect(mapRaw(body)).toEqual({ kind: 'ignored', reason: 'event type "siteBusinessDayClosure.created" is not mapped' });
    });

    it('should report a malformed field by name', () => {
      const env = JSON.parse(raw('classRosterBooking.created').toString('utf8'));
      env.eventData.clientUniqueId = 'abc';
      expect(mapRaw(Buffer.from(JSON.stringify(env)))).toEqual({ kind: 'invalid', reason: 'eventData.clientUniqueId must be an integer id' });
    });

    it('should pass update-only batches through unchanged', () => {
      expect(mapRaw(raw('appointmentBooking.cancelled'))).toEqual({
        kind: 'mapped',
        batches: [{ entity: 'bookings', updateOnly: true, records: [{ externalId: 'appt:30518', state: 'cancelled', noShowActive: false, updatedAt: '2025-03-12T11:10:44Z' }] }],
      });
    });

    it("should ignore an event for another site than the connection's, and map its own site's", () => {
      const parsed = sut.parse(raw('client.updated'));
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(sut.map(parsed.events[0], { timezone: 'UTC', config: { siteId: '12345' } })).toEqual({
        kind: 'ignored',
        reason: 'event for Mindbody site -99, connection is site 12345',
      });
      expect(sut.map(parsed.events[0], { timezone: 'UTC', config: { siteId: '-99' } }).kind).toBe('mapped');
    });
  });

  it('should read the siteId of an event for the connection check', () => {
    expect(mindbodySiteId(JSON.parse(raw('client.created').toString('utf8')))).toBe(-99);
    expect(mindbodySiteId({ eventData: {} })).toBeUndefined();
    expect(mindbodySiteId('x')).toBeUndefined();
  });
});
