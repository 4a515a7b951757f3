import { batches, mapFixture } from '../../../test/support/mindbody-fixtures';

describe('Mindbody webhook mapping: class bookings', () => {
  it('should map classRosterBooking.created to a client stub (names, RSSID) and a booked class booking', () => {
    expect(batches(mapFixture('classRosterBooking.created'))).toEqual([
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137', firstName: 'Maya', lastName: 'Okafor' }] },
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
    expect(result.some((b) => b.updateOnly)).toBe(false);
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

  it('should name the client by RSSID, without a stub, when the event has no clientUniqueId', () => {
    const result = batches(mapFixture('classRosterBookingStatus.updated', (e) => delete e.eventData.clientUniqueId));
    expect(result.map((b) => b.entity)).toEqual(['bookings', 'visits']);
    expect(result[0].records[0]).toMatchObject({ externalId: 'class:77215', clientAltExternalId: '100000137', state: 'attended' });
    expect(result[0].records[0]).not.toHaveProperty('clientExternalId');
    expect(result[1].records[0]).toMatchObject({ externalId: '77215', clientAltExternalId: '100000137' });
  });

  it('should reject an unknown signedInStatus naming the field', () => {
    const result = mapFixture('classRosterBookingStatus.updated', (e) => (e.eventData.signedInStatus = 'Teleported'));
    expect(result).toEqual({ kind: 'invalid', reason: 'eventData.signedInStatus has unknown value "Teleported"' });
  });

  it('should map classRosterBooking.cancelled to an update-only cancelled state, keyed like the booking', () => {
    expect(batches(mapFixture('classRosterBooking.cancelled'))).toEqual([
      {
        entity: 'bookings',
        updateOnly: true,
        records: [{ externalId: 'class:77215', state: 'cancelled', noShowActive: false, updatedAt: '2025-03-10T18:05:03Z' }],
      },
    ]);
  });

  it('should take a late cancel from the payload when it says so, and refuse a non-cancellation status', () => {
    const late = batches(mapFixture('classRosterBooking.cancelled', (e) => (e.eventData.signedInStatus = 'LateCancelled')));
    expect(late).toEqual([{ entity: 'bookings', updateOnly: true, records: [{ externalId: 'class:77215', state: 'late_cancelled', noShowActive: false, updatedAt: '2025-03-10T18:05:03Z' }] }]);
    expect(mapFixture('classRosterBooking.cancelled', (e) => (e.eventData.signedInStatus = 'SignedIn'))).toEqual({
      kind: 'invalid',
      reason: 'eventData.signedInStatus has value "SignedIn", which is not a cancellation',
    });
  });
});
