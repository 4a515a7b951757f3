import { readdirSync } from 'fs';
import { entitySpec, validateRecords } from '../../clients';
import { mapMindbodyEvent } from './mindbody-webhook.mapper';
import { MB_MAPPED_EVENT_TYPES } from './mindbody-webhook.types';
import { MINDBODY_FIXTURES, batches, mapFixture, mindbodyFixture } from '../../../test/support/mindbody-fixtures';

const FIXTURES = MINDBODY_FIXTURES;
const fixture = mindbodyFixture;

describe('mapMindbodyEvent', () => {
  it('should have one fixture per handled event type, each passing the canonical record specs', () => {
    const files = readdirSync(FIXTURES)
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...MB_MAPPED_EVENT_TYPES].sort());
    const kinds = Object.fromEntries(files.map((name) => [name, mapFixture(name).kind]));
    // only the membership cancellation is left to the sync (see the clients spec)
    expect(Object.entries(kinds).filter(([, kind]) => kind !== 'mapped')).toEqual([['clientMembershipAssignment.cancelled', 'ignored']]);
    for (const name of files) {
      const result = mapFixture(name);
      if (result.kind !== 'mapped') continue;
      for (const b of result.batches) expect(validateRecords(entitySpec(b.entity), b.records, b.updateOnly).rejected).toEqual([]);
    }
  });

  it('should map location.created and location.updated', () => {
    expect(batches(mapFixture('location.created'))).toEqual([{ entity: 'locations', records: [{ externalId: '2', name: 'Comeback Fitness - Downtown', updatedAt: '2025-01-02T09:00:00Z' }] }]);
    expect(batches(mapFixture('location.updated'))).toEqual([{ entity: 'locations', records: [{ externalId: '2', name: 'Comeback Fitness - Downtown SLO', updatedAt: '2025-04-20T14:25:36Z' }] }]);
  });

  it('should ignore an event type it does not map, including inherited property names', () => {
    expect(mapMindbodyEvent('staff.created', { ...fixture('client.created'), eventId: 'staff.created' })).toEqual({
      kind: 'ignored',
      reason: 'event type "staff.created" is not mapped',
    });
    expect(mapMindbodyEvent('toString', fixture('client.created'))).toEqual({ kind: 'ignored', reason: 'event type "toString" is not mapped' });
  });

  it('should add Z to an origination time sent without an offset (it is UTC)', () => {
    const [b] = batches(mapFixture('location.created', (e) => (e.eventInstanceOriginationDateTime = '2025-01-02T09:00:00')));
    expect(b.records[0].updatedAt).toBe('2025-01-02T09:00:00Z');
  });

  it.each([
    ['client.updated', (e: any) => delete e.eventData.clientUniqueId, 'eventData.clientUniqueId is required'],
    ['client.updated', (e: any) => (e.eventData.clientUniqueId = 'abc'), 'eventData.clientUniqueId must be an integer id'],
    ['client.updated', (e: any) => (e.eventData.clientUniqueId = 0), 'eventData.clientUniqueId must be a positive integer'],
    ['client.updated', (e: any) => (e.eventData.sendPromotionalEmails = 'yes'), 'eventData.sendPromotionalEmails must be true or false'],
    ['classRosterBooking.created', (e: any) => (e.eventData.classStartDateTime = 'next Tuesday'), 'eventData.classStartDateTime must be an ISO 8601 date-time'],
    ['classRosterBookingStatus.updated', (e: any) => delete e.eventData.classRosterBookingId, 'eventData.classRosterBookingId is required'],
    ['classRosterBooking.cancelled', (e: any) => delete e.eventData.classRosterBookingId, 'eventData.classRosterBookingId is required'],
    ['appointmentBooking.cancelled', (e: any) => (e.eventData.appointmentId = 'x'), 'eventData.appointmentId must be an integer id'],
    ['appointmentBooking.created', (e: any) => delete e.eventData.clientId, 'eventData.clientUniqueId is required (or clientId)'],
    ['clientContract.created', (e: any) => (e.eventData.contractStartDateTime = '01/02/2025'), 'eventData.contractStartDateTime must be an ISO 8601 date or date-time'],
    ['clientContract.cancelled', (e: any) => delete e.eventData.clientContractId, 'eventData.clientContractId is required'],
    ['clientSale.created', (e: any) => (e.eventData.items = null), 'eventData.items must be an array'],
    ['clientSale.created', (e: any) => (e.eventData.purchasingClientId = '  '), 'eventData.clientUniqueId is required (or purchasingClientId)'],
    ['location.updated', (e: any) => (e.eventData.name = ''), 'eventData.name must be a non-empty string'],
    ['client.created', (e: any) => (e.eventData = []), 'eventData must be an object'],
    ['client.created', (e: any) => delete e.eventInstanceOriginationDateTime, 'eventInstanceOriginationDateTime must be an ISO 8601 date-time'],
  ])('should reject malformed %s naming the field', (name, patch, reason) => {
    expect(mapFixture(name, patch)).toEqual({ kind: 'invalid', reason });
  });
});
