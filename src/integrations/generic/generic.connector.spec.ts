import { GenericWebhookConnector } from './generic.connector';
import { signComebackPayload } from '../../common/payload-signing';
import { InboundEvent, VerifyContext } from '../webhooks/webhook-connector';

const sut = new GenericWebhookConnector();
const now = new Date('2026-03-01T09:30:00Z');
const t = now.getTime() / 1000;
const mapCtx = { timezone: 'Europe/Berlin', config: {} };

const visit = {
  id: 'evt_1',
  type: 'visit.created',
  occurredAt: '2026-03-01T09:29:58+01:00',
  data: { externalId: 'v1', clientExternalId: 'c1', visitedAt: '2026-03-01T09:29:00+01:00' },
};

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function ctx(config: Record<string, unknown>, secrets: Record<string, string | undefined>): VerifyContext {
  return { config, secrets, now };
}

describe('GenericWebhookConnector', () => {
  it('should identify as the generic source', () => {
    expect(sut.source).toBe('generic');
  });

  describe('verify', () => {
    const body = json(visit);

    it('should accept a valid HMAC signature', () => {
      const headers = { 'x-comeback-signature': signComebackPayload(body, 'sec', t) };
      expect(sut.verify(body, headers, ctx({ auth: 'hmac' }, { signingSecret: 'sec' }))).toEqual({ ok: true });
    });

    it('should default to HMAC when no auth mode is configured', () => {
      const headers = { 'x-comeback-signature': signComebackPayload(body, 'sec', t) };
      expect(sut.verify(body, headers, ctx({}, { signingSecret: 'sec' }))).toEqual({ ok: true });
      expect(sut.verify(body, { 'x-comeback-token': 'sec' }, ctx({}, { signingSecret: 'sec' })).ok).toBe(false);
    });

    it('should pass the signature failure reason through', () => {
      const headers = { 'x-comeback-signature': signComebackPayload(body, 'sec', t - 3600) };
      const res = sut.verify(body, headers, ctx({ auth: 'hmac' }, { signingSecret: 'sec' }));
      expect(res.ok).toBe(false);
      expect(!res.ok && res.reason).toMatch(/tolerance/);
    });

    it('should refuse when the signing secret is not configured', () => {
      const headers = { 'x-comeback-signature': signComebackPayload(body, '', t) };
      const res = sut.verify(body, headers, ctx({ auth: 'hmac' }, {}));
      expect(res).toEqual({ ok: false, reason: expect.stringMatching(/no signing secret/) });
    });

    it('should accept the static header under the default name', () => {
      const c = ctx({ auth: 'static_header' }, { staticHeaderValue: 'tok' });
      expect(sut.verify(body, { 'x-comeback-token': 'tok' }, c)).toEqual({ ok: true });
      expect(sut.verify(body, { 'x-comeback-token': 'nope' }, c).ok).toBe(false);
      expect(sut.verify(body, {}, c)).toEqual({ ok: false, reason: expect.stringMatching(/missing/) });
    });

    it('should read the static header under a configured name', () => {
      const c = ctx({ auth: 'static_header', headerName: 'X-Hapana-Key' }, { staticHeaderValue: 'tok' });
      expect(sut.verify(body, { 'x-hapana-key': 'tok' }, c)).toEqual({ ok: true });
      expect(sut.verify(body, { 'x-comeback-token': 'tok' }, c).ok).toBe(false);
    });

    it('should refuse static header mode without a configured value', () => {
      const c = ctx({ auth: 'static_header' }, { staticHeaderValue: '' });
      expect(sut.verify(body, { 'x-comeback-token': '' }, c)).toEqual({ ok: false, reason: expect.stringMatching(/no static header value/) });
    });

    it('should refuse an unknown auth mode', () => {
      expect(sut.verify(body, {}, ctx({ auth: 'none' }, { signingSecret: 'sec' }))).toEqual({ ok: false, reason: 'unsupported auth mode "none"' });
    });
  });

  describe('parse', () => {
    it('should accept a single envelope', () => {
      expect(sut.parse(json(visit))).toEqual({
        ok: true,
        events: [{ externalEventId: 'evt_1', eventType: 'visit.created', payload: visit }],
      });
    });

    it('should accept a batch and keep its order', () => {
      const second = { ...visit, id: 'evt_2', type: 'client.upserted', data: { externalId: 'c1' } };
      const res = sut.parse(json({ events: [visit, second] }));
      expect(res.ok && res.events.map((e) => [e.externalEventId, e.eventType])).toEqual([
        ['evt_1', 'visit.created'],
        ['evt_2', 'client.upserted'],
      ]);
    });

    it('should accept unknown event types so they are stored and acknowledged', () => {
      const res = sut.parse(json({ ...visit, type: 'member.teleported' }));
      expect(res.ok && res.events[0].eventType).toBe('member.teleported');
    });

    it('should accept a batch of 500 and refuse 501 or none', () => {
      const many = (n: number) => ({ events: Array.from({ length: n }, (_, i) => ({ ...visit, id: `e${i}` })) });
      expect(sut.parse(json(many(500))).ok).toBe(true);
      expect(sut.parse(json(many(501)))).toEqual({ ok: false, reason: 'events: must be an array of 1-500 events' });
      expect(sut.parse(json(many(0)))).toEqual({ ok: false, reason: 'events: must be an array of 1-500 events' });
      expect(sut.parse(json({ events: {} })).ok).toBe(false);
    });

    it('should refuse malformed JSON', () => {
      const res = sut.parse(Buffer.from('{"id": "evt_1",'));
      expect(res.ok).toBe(false);
      expect(!res.ok && res.reason).toMatch(/^malformed JSON/);
    });

    it.each([['[]'], ['"x"'], ['null'], ['42']])('should refuse a body that is not an object: %s', (raw) => {
      expect(sut.parse(Buffer.from(raw))).toEqual({ ok: false, reason: expect.stringMatching(/^body: must be a JSON object/) });
    });

    it.each([
      [{ ...visit, id: undefined }, 'id: must be a string of 1-200 characters'],
      [{ ...visit, id: '' }, 'id: must be a string of 1-200 characters'],
      [{ ...visit, id: 'x'.repeat(201) }, 'id: must be a string of 1-200 characters'],
      [{ ...visit, id: 42 }, 'id: must be a string of 1-200 characters'],
      [{ ...visit, type: '' }, 'type: must be a string of 1-100 characters'],
      [{ ...visit, type: ['visit.created'] }, 'type: must be a string of 1-100 characters'],
      [{ ...visit, occurredAt: undefined }, 'occurredAt: must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00Z'],
      [{ ...visit, occurredAt: '2026-03-01T09:30:00' }, 'occurredAt: must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00Z'],
      [{ ...visit, occurredAt: '2026-02-30T09:30:00Z' }, 'occurredAt: must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00Z'],
      [{ ...visit, occurredAt: 1772357400 }, 'occurredAt: must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00Z'],
    ])('should name the path of a bad single envelope field (%#)', (envelope, reason) => {
      expect(sut.parse(json(envelope))).toEqual({ ok: false, reason });
    });

    it('should name the batch index of a bad envelope', () => {
      const events = [visit, { ...visit, id: 'evt_2' }, { ...visit, id: 'evt_3' }, { ...visit, id: '' }];
      expect(sut.parse(json({ events }))).toEqual({ ok: false, reason: 'events[3].id: must be a string of 1-200 characters' });
      expect(sut.parse(json({ events: [visit, 'nope'] }))).toEqual({
        ok: false,
        reason: 'events[1]: must be an event object with id, type, occurredAt and data',
      });
    });

    it('should refuse two events with the same id in one batch', () => {
      const events = [visit, { ...visit, id: 'evt_2' }, { ...visit, data: {} }];
      expect(sut.parse(json({ events }))).toEqual({ ok: false, reason: 'events[2].id: duplicates events[0].id' });
    });

    it.each(['2026-03-01T09:30:00.123456Z', '2026-03-01t09:30:00z', '2026-03-01T23:59:59-09:30', '2024-02-29T00:00:00+00:00'])('should accept occurredAt %s', (occurredAt) => {
      expect(sut.parse(json({ ...visit, occurredAt })).ok).toBe(true);
    });
  });

  describe('map', () => {
    function inbound(payload: Record<string, unknown>, eventType = payload.type as string): InboundEvent {
      return { externalEventId: String(payload.id), eventType, payload };
    }

    it('should map an event to one batch of its entity with updatedAt defaulting to occurredAt', () => {
      expect(sut.map(inbound(visit), mapCtx)).toEqual({
        kind: 'mapped',
        batches: [{ entity: 'visits', records: [{ ...visit.data, updatedAt: visit.occurredAt }] }],
      });
    });

    it('should keep an updatedAt the sender supplied', () => {
      const data = { externalId: 'c1', firstName: 'Ada', updatedAt: '2026-02-28T08:00:00Z' };
      const res = sut.map(inbound({ ...visit, type: 'client.upserted', data }), mapCtx);
      expect(res).toEqual({ kind: 'mapped', batches: [{ entity: 'clients', records: [data] }] });
    });

    it('should replace a null updatedAt with occurredAt', () => {
      const res = sut.map(inbound({ ...visit, type: 'client.upserted', data: { externalId: 'c1', updatedAt: null } }), mapCtx);
      expect(res.kind === 'mapped' && res.batches[0].records[0].updatedAt).toBe(visit.occurredAt);
    });

    it('should not mutate the stored payload', () => {
      const payload = { ...visit, data: { ...visit.data } };
      sut.map(inbound(payload), mapCtx);
      expect(payload.data).not.toHaveProperty('updatedAt');
    });

    it.each([
      ['client.upserted', 'clients'],
      ['location.upserted', 'locations'],
      ['staff.upserted', 'staff'],
      ['product.upserted', 'products'],
      ['subscription.upserted', 'subscriptions'],
      ['freeze.upserted', 'freezes'],
      ['quota.upserted', 'quotas'],
      ['visit.created', 'visits'],
      ['booking.upserted', 'bookings'],
      ['sale.created', 'sales'],
      ['invoice.upserted', 'invoices'],
    ])('should map %s to %s', (type, entity) => {
      const res = sut.map(inbound({ ...visit, type, data: { externalId: 'x' } }), mapCtx);
      expect(res.kind === 'mapped' && res.batches.map((b) => b.entity)).toEqual([entity]);
    });

    it('should pass fields through unvalidated: the writer checks them', () => {
      const data = { externalId: 'v1', bogus: 1 };
      const res = sut.map(inbound({ ...visit, data }), mapCtx);
      expect(res.kind === 'mapped' && res.batches[0].records[0]).toEqual({ ...data, updatedAt: visit.occurredAt });
    });

    it('should ignore unknown event types', () => {
      expect(sut.map(inbound({ ...visit, type: 'member.teleported' }), mapCtx)).toEqual({
        kind: 'ignored',
        reason: 'unknown event type "member.teleported"',
      });
      expect(sut.map(inbound({ ...visit, type: 'toString' }), mapCtx).kind).toBe('ignored');
    });

    it.each([
      [undefined, 'data: must be an object, got nothing'],
      [null, 'data: must be an object, got null'],
      [[{ externalId: 'v1' }], 'data: must be an object, got array'],
      ['v1', 'data: must be an object, got string'],
    ])('should reject data %p as invalid', (data, reason) => {
      expect(sut.map(inbound({ ...visit, data }), mapCtx)).toEqual({ kind: 'invalid', reason });
    });

    it('should reject a stored payload without a valid occurredAt', () => {
      expect(sut.map(inbound({ ...visit, occurredAt: 'yesterday' }), mapCtx).kind).toBe('invalid');
      expect(sut.map({ externalEventId: 'e', eventType: 'visit.created', payload: null }, mapCtx).kind).toBe('invalid');
    });
  });
});
