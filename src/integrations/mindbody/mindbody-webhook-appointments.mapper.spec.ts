import { batches, mapFixture } from '../../../test/support/mindbody-fixtures';

describe('Mindbody webhook mapping: appointments', () => {
  const withUniqueId = (e: Record<string, any>) => (e.eventData.clientUniqueId = 100000152);

  it('should map the documented payload (RSSID only) to a booking naming the client by clientAltExternalId', () => {
    expect(batches(mapFixture('appointmentBooking.created'))).toEqual([
      {
        entity: 'bookings',
        records: [
          {
            externalId: 'appt:30518',
            clientAltExternalId: '100000137',
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

  it('should map a completed appointment (RSSID only) to an attended booking and an appointment visit', () => {
    const result = batches(mapFixture('appointmentBooking.updated'));
    expect(result.map((b) => b.entity)).toEqual(['bookings', 'visits']);
    expect(result[0].records[0]).toMatchObject({ externalId: 'appt:30518', clientAltExternalId: '100000137', state: 'attended', updatedAt: '2025-03-14T17:58:02Z' });
    expect(result[0].records[0]).not.toHaveProperty('bookedAt');
    expect(result[1]).toEqual({
      entity: 'visits',
      records: [
        {
          externalId: 'appt:30518',
          clientAltExternalId: '100000137',
          locationExternalId: '1',
          bookingExternalId: 'appt:30518',
          visitedAt: '2025-03-14T17:00:00',
          kind: 'appointment',
          updatedAt: '2025-03-14T17:58:02Z',
        },
      ],
    });
  });

  it('should prefer clientUniqueId when the payload carries it, with a client stub', () => {
    expect(batches(mapFixture('appointmentBooking.created', withUniqueId))).toEqual([
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137', firstName: 'Maya', lastName: 'Okafor' }] },
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

  it('should keep appointmentName as the booking name', () => {
    const [b] = batches(mapFixture('appointmentBooking.created', (e) => (e.eventData.appointmentName = ' Deep Tissue 60 ')));
    expect(b.records[0].name).toBe('Deep Tissue 60');
  });

  it('should treat hasArrived on a confirmed appointment as attended', () => {
    const result = batches(mapFixture('appointmentBooking.updated', (e) => Object.assign(e.eventData, { status: 'Confirmed', hasArrived: true })));
    expect(result.map((b) => b.entity)).toEqual(['bookings', 'visits']);
    expect(result[0].records[0].state).toBe('attended');
  });

  it('should map NoShow and LateCancelled appointments', () => {
    const noShow = batches(mapFixture('appointmentBooking.updated', (e) => (e.eventData.status = 'NoShow')));
    expect(noShow).toHaveLength(1);
    expect(noShow[0].records[0]).toMatchObject({ state: 'no_show', noShowActive: true });
    const late = batches(mapFixture('appointmentBooking.updated', (e) => (e.eventData.status = 'LateCancelled')));
    expect(late[0].records[0]).toMatchObject({ state: 'late_cancelled', noShowActive: false });
  });

  it('should reject an unknown status naming the field', () => {
    expect(mapFixture('appointmentBooking.updated', (e) => (e.eventData.status = 'Abducted'))).toEqual({
      kind: 'invalid',
      reason: 'eventData.status has unknown value "Abducted"',
    });
  });

  it('should map appointmentBooking.cancelled (appointment id only) to an update-only cancelled state', () => {
    expect(batches(mapFixture('appointmentBooking.cancelled'))).toEqual([
      {
        entity: 'bookings',
        updateOnly: true,
        records: [{ externalId: 'appt:30518', state: 'cancelled', noShowActive: false, updatedAt: '2025-03-12T11:10:44Z' }],
      },
    ]);
  });
});
