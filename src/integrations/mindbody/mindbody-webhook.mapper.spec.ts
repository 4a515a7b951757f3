import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { entitySpec } from '../../clients/records/record-specs';
import { validateRecords } from '../../clients/records/record-validator';
import { MapResult } from '../webhooks/webhook-connector';
import { mapMindbodyEvent } from './mindbody-webhook.mapper';
import { MB_MAPPED_EVENT_TYPES } from './mindbody-webhook.types';

const FIXTURES = join(__dirname, '../../../test/fixtures/mindbody/webhooks');

function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

function mapFixture(name: string, patch: (e: Record<string, any>) => void = () => {}): MapResult {
  const env = fixture(name);
  patch(env);
  return mapMindbodyEvent(env.eventId, env);
}

function batches(result: MapResult) {
  if (result.kind !== 'mapped') throw new Error(`expected mapped, got ${result.kind}: ${result.reason}`);
  return result.batches;
}

describe('mapMindbodyEvent', () => {
  it('should have one fixture per handled event type, each passing the canonical record specs', () => {
    const files = readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...MB_MAPPED_EVENT_TYPES].sort());
    for (const name of files) {
      const result = mapFixture(name);
      expect(['mapped', 'ignored']).toContain(result.kind);
      if (result.kind !== 'mapped') continue;
      for (const b of result.batches) expect(validateRecords(entitySpec(b.entity), b.records).rejected).toEqual([]);
    }
  });

  describe('clients', () => {
    it('should map client.created by clientUniqueId with membership from status', () => {
      expect(batches(mapFixture('client.created'))).toEqual([
        {
          entity: 'clients',
          records: [
            {
              externalId: '100000152',
              firstName: 'Maya',
              lastName: 'Okafor',
              email: 'maya.okafor@example.com',
              phone: '8055550147',
              birthDate: '1991-06-23',
              gender: 'female',
              suspended: false,
              isMember: false,
              homeLocationExternalId: '1',
              emailConsent: true,
              smsConsent: false,
              createdAt: '2025-01-14T16:20:31Z',
              deletedAt: null,
              updatedAt: '2025-01-14T16:20:31Z',
            },
          ],
        },
      ]);
    });

    it('should map client.updated without touching deletedAt', () => {
      const [b] = batches(mapFixture('client.updated'));
      expect(b.records[0]).toMatchObject({ externalId: '100000152', email: 'maya.o@example.com', isMember: true, updatedAt: '2025-03-04T17:02:55Z' });
      expect(b.records[0]).not.toHaveProperty('deletedAt');
    });

    it('should set deletedAt to the event time on client.deactivated', () => {
      const [b] = batches(mapFixture('client.deactivated'));
      expect(b.records[0]).toMatchObject({ externalId: '100000152', deletedAt: '2025-06-30T09:15:00Z', isMember: false, updatedAt: '2025-06-30T09:15:00Z' });
    });

    it('should mark a suspended client as a suspended member and map other genders', () => {
      const [b] = batches(mapFixture('client.updated', (e) => Object.assign(e.eventData, { status: 'Suspended', gender: 'Non-binary' })));
      expect(b.records[0]).toMatchObject({ suspended: true, isMember: true, gender: 'other' });
    });

    it('should clear blank contact fields and leave isMember unset for an unknown status', () => {
      const [b] = batches(mapFixture('client.updated', (e) => Object.assign(e.eventData, { email: '  ', mobilePhone: null, status: 'Prospect' })));
      expect(b.records[0]).toMatchObject({ email: null, phone: null });
      expect(b.records[0]).not.toHaveProperty('isMember');
    });
  });

  describe('class bookings', () => {
    it('should map classRosterBooking.created to a client stub and a booked class booking', () => {
      expect(batches(mapFixture('classRosterBooking.created'))).toEqual([
        { entity: 'clients', records: [{ externalId: '100000152', firstName: 'Maya', lastName: 'Okafor' }] },
        {
          entity: 'bookings',
          records: [
            {
              externalId: 'class:77215',
              clientExternalId: '100000152',
              locationExternalId: '1',
              kind: 'class',
              startsAt: '2025-03-11T06:30:00',
              bookedAt: '2025-03-09T20:41:12Z',
              state: 'booked',
              noShowActive: false,
              updatedAt: '2025-03-09T20:41:12Z',
            },
          ],
        },
      ]);
    });

    it('should map a sign-in to an attended booking and a class visit', () => {
      const result = batches(mapFixture('classRosterBookingStatus.updated'));
      expect(result.map((b) => b.entity)).toEqual(['clients', 'bookings', 'visits']);
      expect(result[1].records).toEqual([
        {
          externalId: 'class:77215',
          clientExternalId: '100000152',
          locationExternalId: '1',
          kind: 'class',
          startsAt: '2025-03-11T06:30:00',
          state: 'attended',
          noShowActive: false,
          updatedAt: '2025-03-11T13:27:40Z',
        },
      ]);
      expect(result[2].records).toEqual([
        {
          externalId: '77215',
          clientExternalId: '100000152',
          locationExternalId: '1',
          bookingExternalId: 'class:77215',
          visitedAt: '2025-03-11T06:30:00',
          kind: 'class',
          updatedAt: '2025-03-11T13:27:40Z',
        },
      ]);
    });

    it.each([
      ['Missed', 'no_show', true],
      ['NoShow', 'no_show', true],
      ['LateCancelled', 'late_cancelled', false],
      ['NotSignedIn', 'booked', false],
    ])('should map signedInStatus %s to %s without a visit', (status, state, noShowActive) => {
      const result = batches(mapFixture('classRosterBookingStatus.updated', (e) => (e.eventData.signedInStatus = status)));
      expect(result.map((b) => b.entity)).toEqual(['clients', 'bookings']);
      expect(result[1].records[0]).toMatchObject({ state, noShowActive });
    });

    it('should reject an unknown signedInStatus naming the field', () => {
      const result = mapFixture('classRosterBookingStatus.updated', (e) => (e.eventData.signedInStatus = 'Teleported'));
      expect(result).toEqual({ kind: 'invalid', reason: 'eventData.signedInStatus has unknown value "Teleported"' });
    });

    it('should ignore classRosterBooking.cancelled, which carries no class time', () => {
      expect(mapFixture('classRosterBooking.cancelled')).toMatchObject({ kind: 'ignored' });
    });
  });

  describe('appointments', () => {
    const withUniqueId = (e: Record<string, any>) => (e.eventData.clientUniqueId = 100000152);

    it('should ignore the documented payload, which names the client only by RSSID', () => {
      const result = mapFixture('appointmentBooking.created');
      expect(result.kind).toBe('ignored');
      expect(result.kind === 'ignored' && result.reason).toContain('clientUniqueId');
    });

    it('should map a booked appointment when the payload carries clientUniqueId', () => {
      expect(batches(mapFixture('appointmentBooking.created', withUniqueId))).toEqual([
        { entity: 'clients', records: [{ externalId: '100000152', firstName: 'Maya', lastName: 'Okafor' }] },
        {
          entity: 'bookings',
          records: [
            {
              externalId: 'appt:30518',
              clientExternalId: '100000152',
              locationExternalId: '1',
              kind: 'appointment',
              startsAt: '2025-03-14T17:00:00',
              bookedAt: '2025-03-08T15:44:21Z',
              state: 'booked',
              noShowActive: false,
              updatedAt: '2025-03-08T15:44:21Z',
            },
          ],
        },
      ]);
    });

    it('should map a completed appointment to an attended booking and an appointment visit', () => {
      const result = batches(mapFixture('appointmentBooking.updated', withUniqueId));
      expect(result[1].records[0]).toMatchObject({ externalId: 'appt:30518', state: 'attended', updatedAt: '2025-03-14T17:58:02Z' });
      expect(result[1].records[0]).not.toHaveProperty('bookedAt');
      expect(result[2]).toEqual({
        entity: 'visits',
        records: [
          {
            externalId: 'appt:30518',
            clientExternalId: '100000152',
            locationExternalId: '1',
            bookingExternalId: 'appt:30518',
            visitedAt: '2025-03-14T17:00:00',
            kind: 'appointment',
            updatedAt: '2025-03-14T17:58:02Z',
          },
        ],
      });
    });

    it('should treat hasArrived on a confirmed appointment as attended', () => {
      const result = batches(mapFixture('appointmentBooking.updated', (e) => {
        withUniqueId(e);
        Object.assign(e.eventData, { status: 'Confirmed', hasArrived: true });
      }));
      expect(result.map((b) => b.entity)).toEqual(['clients', 'bookings', 'visits']);
    });

    it('should map NoShow and LateCancelled appointments', () => {
      const noShow = batches(mapFixture('appointmentBooking.updated', (e) => (withUniqueId(e), (e.eventData.status = 'NoShow'))));
      expect(noShow[1].records[0]).toMatchObject({ state: 'no_show', noShowActive: true });
      const late = batches(mapFixture('appointmentBooking.updated', (e) => (withUniqueId(e), (e.eventData.status = 'LateCancelled'))));
      expect(late[1].records[0]).toMatchObject({ state: 'late_cancelled', noShowActive: false });
    });

    it('should ignore appointmentBooking.cancelled, which carries only the appointment id', () => {
      expect(mapFixture('appointmentBooking.cancelled')).toMatchObject({ kind: 'ignored' });
    });
  });

  describe('contracts and memberships', () => {
    it('should map clientContract.created to a client stub and a subscription', () => {
      expect(batches(mapFixture('clientContract.created'))).toEqual([
        { entity: 'clients', records: [{ externalId: '100000152', firstName: 'Maya', lastName: 'Okafor' }] },
        {
          entity: 'subscriptions',
          records: [
            {
              externalId: '5519',
              clientExternalId: '100000152',
              name: 'Unlimited Monthly (12-month)',
              startsOn: '2025-02-01',
              updatedAt: '2025-02-01T10:12:09Z',
              autoRenew: true,
              // auto-renewing: open-ended, as the sync maps it
              endsOn: null,
            },
          ],
        },
      ]);
    });

    it('should map clientContract.updated (new end date, autopay off) to the same subscription', () => {
      expect(batches(mapFixture('clientContract.updated'))).toEqual([
        {
          entity: 'subscriptions',
          records: [
            {
              externalId: '5519',
              clientExternalId: '100000152',
              startsOn: '2025-02-01',
              updatedAt: '2025-07-15T08:30:00Z',
              autoRenew: false,
              endsOn: '2025-08-31',
            },
          ],
        },
      ]);
    });

    it('should ignore clientContract.cancelled, which carries no dates', () => {
      expect(mapFixture('clientContract.cancelled')).toMatchObject({ kind: 'ignored' });
    });

    it('should flag the client as a member on clientMembershipAssignment.created', () => {
      expect(batches(mapFixture('clientMembershipAssignment.created'))).toEqual([
        { entity: 'clients', records: [{ externalId: '100000152', firstName: 'Maya', lastName: 'Okafor', isMember: true }] },
      ]);
    });

    it('should ignore clientMembershipAssignment.cancelled', () => {
      expect(mapFixture('clientMembershipAssignment.cancelled')).toMatchObject({ kind: 'ignored' });
    });
  });

  describe('sales', () => {
    it('should ignore the documented payload, which names the buyer only by RSSID', () => {
      const result = mapFixture('clientSale.created');
      expect(result.kind).toBe('ignored');
      expect(result.kind === 'ignored' && result.reason).toContain('purchasingClientId');
    });

    it('should map one sale per line item in minor units when a clientUniqueId is present', () => {
      const result = batches(mapFixture('clientSale.created', (e) => (e.eventData.clientUniqueId = 100000152)));
      expect(result).toEqual([
        {
          entity: 'sales',
          records: [
            { externalId: '240117:0', clientExternalId: '100000152', locationExternalId: '1', soldAt: '2025-03-09T20:38:51Z', quantity: 1, amount: 14900, updatedAt: '2025-03-09T20:38:57Z' },
            { externalId: '240117:1', clientExternalId: '100000152', locationExternalId: '1', soldAt: '2025-03-09T20:38:51Z', quantity: 2, amount: 2345, updatedAt: '2025-03-09T20:38:57Z' },
          ],
        },
      ]);
    });

    it('should keep the sign of a returned item on the amount', () => {
      const result = batches(mapFixture('clientSale.created', (e) => {
        e.eventData.clientUniqueId = 100000152;
        e.eventData.items = [{ ...e.eventData.items[1], quantity: -1, amountPaid: -11.725 }];
      }));
      expect(result[0].records[0]).toMatchObject({ quantity: 1, amount: -1172 });
    });

    it('should reject a line item without a numeric amountPaid naming the field', () => {
      const result = mapFixture('clientSale.created', (e) => (e.eventData.items[1].amountPaid = '23.45'));
      expect(result).toEqual({ kind: 'invalid', reason: 'eventData.items[1].amountPaid must be a number' });
    });
  });

  describe('locations', () => {
    it('should map location.created and location.updated', () => {
      expect(batches(mapFixture('location.created'))).toEqual([
        { entity: 'locations', records: [{ externalId: '2', name: 'Comeback Fitness - Downtown', updatedAt: '2025-01-02T09:00:00Z' }] },
      ]);
      expect(batches(mapFixture('location.updated'))[0].records[0]).toMatchObject({ name: 'Comeback Fitness - Downtown SLO' });
    });
  });

  describe('envelope and field validation', () => {
    it('should ignore an event type it does not map', () => {
      expect(mapMindbodyEvent('staff.created', { ...fixture('client.created'), eventId: 'staff.created' })).toEqual({
        kind: 'ignored',
        reason: 'event type "staff.created" is not mapped',
      });
    });

    it('should add Z to an origination time sent without an offset (it is UTC)', () => {
      const [b] = batches(mapFixture('location.created', (e) => (e.eventInstanceOriginationDateTime = '2025-01-02T09:00:00')));
      expect(b.records[0].updatedAt).toBe('2025-01-02T09:00:00Z');
    });

    it.each([
      ['client.updated', (e: any) => delete e.eventData.clientUniqueId, 'eventData.clientUniqueId is required'],
      ['client.updated', (e: any) => (e.eventData.clientUniqueId = 'abc'), 'eventData.clientUniqueId must be an integer id'],
      ['client.updated', (e: any) => (e.eventData.sendPromotionalEmails = 'yes'), 'eventData.sendPromotionalEmails must be true or false'],
      ['classRosterBooking.created', (e: any) => (e.eventData.classStartDateTime = 'next Tuesday'), 'eventData.classStartDateTime must be an ISO 8601 date-time'],
      ['classRosterBookingStatus.updated', (e: any) => delete e.eventData.classRosterBookingId, 'eventData.classRosterBookingId is required'],
      ['clientContract.created', (e: any) => (e.eventData.contractStartDateTime = '01/02/2025'), 'eventData.contractStartDateTime must be an ISO 8601 date or date-time'],
      ['clientSale.created', (e: any) => (e.eventData.items = null), 'eventData.items must be an array'],
      ['location.updated', (e: any) => (e.eventData.name = ''), 'eventData.name must be a non-empty string'],
      ['client.created', (e: any) => (e.eventData = []), 'eventData must be an object'],
      ['client.created', (e: any) => delete e.eventInstanceOriginationDateTime, 'eventInstanceOriginationDateTime must be an ISO 8601 date-time'],
    ])('should reject malformed %s naming the field', (name, patch, reason) => {
      expect(mapFixture(name, patch)).toEqual({ kind: 'invalid', reason });
    });
  });
});
