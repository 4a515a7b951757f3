import { defaultDataset } from '../../../test/fakes/mindbody-api.fake';
import { clientExternalId, clientResolver, dateTime, indexClients, mapAppointments, mapClient, mapClientContracts, mapClients, mapLocations, mapSales, mapVisits } from './mindbody-api.mapper';
import { MbAppointment, MbClient, MbSale, MbVisit } from './mindbody-api.types';

describe('mindbody-api.mapper', () => {
  const data = defaultDataset();
  const resolve = clientResolver(indexClients(data.clients));

  describe('clients', () => {
    it('should map a member with UniqueId as externalId and site-local datetimes untouched', () => {
      const batch = mapClients(data.clients);

      expect(batch.entity).toBe('clients');
      expect(batch.records[0]).toEqual({
        externalId: '100001',
        altExternalId: 'A100',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        phone: '+46700000001',
        birthDate: '1990-05-15',
        gender: 'female',
        customerType: null,
        isMember: true,
        homeLocationExternalId: '1',
        suspended: false,
        emailConsent: true,
        smsConsent: false,
        createdAt: '2024-01-10T09:00:00',
        deletedAt: null,
        updatedAt: '2025-03-01T10:00:00',
      });
    });

    it('should mark an inactive client deleted at its last modification', () => {
      const rec = mapClient(data.clients[2]);

      expect(rec).toMatchObject({ externalId: '100003', isMember: false, suspended: false, deletedAt: '2025-03-05T16:45:00', gender: 'unknown' });
    });

    it('should fall back to Id when UniqueId is missing, and flag suspended members', () => {
      const c: MbClient = { Id: 'X9', Status: 'Suspended', Gender: 'Non-binary', ClientType: { Id: 2, Name: 'Student' }, HomePhone: '555', BirthDate: '0001-01-01T00:00:00' };

      expect(clientExternalId(c)).toBe('X9');
      expect(mapClient(c)).toMatchObject({
        externalId: 'X9',
        altExternalId: 'X9',
        isMember: true,
        suspended: true,
        gender: 'other',
        customerType: 'Student',
        phone: '555',
        birthDate: null,
        updatedAt: null,
      });
    });
  });

  it('should map locations by Id', () => {
    expect(mapLocations(data.locations)).toEqual({
      entity: 'locations',
      records: [
        { externalId: '1', name: 'Downtown' },
        { externalId: '2', name: 'Riverside' },
      ],
    });
  });

  describe('contracts', () => {
    it('should map an auto-renewing month-to-month contract as an open-ended subscription', () => {
      const batch = mapClientContracts(data.contracts.A100, '100001');

      expect(batch).toEqual({
        entity: 'subscriptions',
        records: [
          {
            externalId: '5001',
            clientExternalId: '100001',
            name: 'Monthly Unlimited',
            startsOn: '2024-01-10',
            endsOn: null,
            bindingEndsOn: '2024-07-09',
            autoRenew: true,
            price: 5990,
            billingUnit: 'month',
            billingInterval: 1,
            cancelledAt: null,
          },
        ],
      });
    });

    it('should end a terminated contract on its termination date', () => {
      const batch = mapClientContracts(
        [{ Id: 5002, ContractName: '12 months', StartDate: '2024-02-01T00:00:00', EndDate: '2025-01-31T00:00:00', TerminationDate: '2024-09-15T00:00:00', AutoRenewing: false, NormalAutoPay: 49.995 }],
        '100002',
      );

      expect(batch.records[0]).toMatchObject({ externalId: '5002', endsOn: '2024-09-15', cancelledAt: '2024-09-15T00:00:00', autoRenew: false, price: 5000 });
      // not month-to-month: no billing fields, so the row keeps the canonical default (every 1 month)
      expect(batch.records[0]).not.toHaveProperty('billingUnit');
    });
  });

  describe('class rosters', () => {
    it('should make a booking per roster entry and a visit only for signed-in clients', () => {
      const cls = data.classes[0];
      const { batches, unresolvedClientIds } = mapVisits(cls.Visits!, resolve, cls);

      expect(unresolvedClientIds).toEqual([]);
      const [bookings, visits] = batches;
      expect(bookings.entity).toBe('bookings');
      expect(bookings.records).toEqual([
        {
          externalId: 'class:70001',
          clientExternalId: '100001',
          locationExternalId: '1',
          kind: 'class',
          name: 'Power Yoga',
          serviceCategory: 'Yoga',
          startsAt: '2025-03-03T18:00:00',
          state: 'attended',
          noShowActive: false,
          bookedVia: 'online',
          updatedAt: '2025-03-03T18:02:00',
        },
        {
          externalId: 'class:70002',
          clientExternalId: '100002',
          locationExternalId: '1',
          kind: 'class',
          name: 'Power Yoga',
          serviceCategory: 'Yoga',
          startsAt: '2025-03-03T18:00:00',
          state: 'late_cancelled',
          noShowActive: false,
          bookedVia: null,
          updatedAt: '2025-03-03T12:00:00',
        },
      ]);
      expect(visits).toEqual({
        entity: 'visits',
        records: [
          {
            externalId: '70001',
            clientExternalId: '100001',
            locationExternalId: '1',
            bookingExternalId: 'class:70001',
            visitedAt: '2025-03-03T18:00:00',
            kind: 'class',
            updatedAt: '2025-03-03T18:02:00',
          },
        ],
      });
    });

    it('should resolve RSSID-only entries through the index and report the unknown ones', () => {
      const visits: MbVisit[] = [
        { Id: 1, ClientId: 'B200', StartDateTime: '2025-03-05T07:00:00', Missed: true },
        { Id: 2, ClientId: 'ZZZ', StartDateTime: '2025-03-05T07:00:00' },
      ];

      const { batches, unresolvedClientIds } = mapVisits(visits, resolve);

      expect(batches[0].records).toEqual([expect.objectContaining({ externalId: 'class:1', clientExternalId: '100002', state: 'no_show', locationExternalId: null })]);
      expect(batches[1].records).toEqual([]);
      expect(unresolvedClientIds).toEqual(['ZZZ']);
    });

    it('should key appointment entries of client visits by appt:<AppointmentId>', () => {
      const visits: MbVisit[] = [
        { Id: 55, AppointmentId: 3001, AppointmentStatus: 'Arrived', ClientId: 'B200', ClientUniqueId: 100002, StartDateTime: '2025-03-04T10:00:00', LocationId: 2, Name: 'Massage' },
      ];

      const { batches } = mapVisits(visits, resolve);

      expect(batches[0].records).toEqual([
        {
          externalId: 'appt:3001',
          clientExternalId: '100002',
          locationExternalId: '2',
          kind: 'appointment',
          name: 'Massage',
          startsAt: '2025-03-04T10:00:00',
          state: 'attended',
          noShowActive: false,
          updatedAt: null,
        },
      ]);
      expect(batches[1].records).toEqual([
        { externalId: 'appt:3001', clientExternalId: '100002', locationExternalId: '2', bookingExternalId: 'appt:3001', visitedAt: '2025-03-04T10:00:00', kind: 'appointment', updatedAt: null },
      ]);
    });
  });

  describe('appointments', () => {
    it('should map statuses and add a visit for completed appointments', () => {
      const appts: MbAppointment[] = [
        ...data.appointments,
        { Id: 3002, Status: 'NoShow', StartDateTime: '2025-03-05T10:00:00', ClientId: 'A100', LocationId: 1 },
        { Id: 3003, Status: 'Booked', StartDateTime: '2025-03-20T10:00:00', ClientId: 'A100', LocationId: 1 },
        { Id: 3004, Status: 'LateCancelled', StartDateTime: '2025-03-06T10:00:00', ClientId: 'A100' },
        { Id: 3005, Status: 'Cancelled', StartDateTime: '2025-03-07T10:00:00', ClientId: 'A100' },
      ];

      const { batches, unresolvedClientIds } = mapAppointments(appts, resolve);

      expect(unresolvedClientIds).toEqual([]);
      expect(batches[0].records.map((r) => [r.externalId, r.clientExternalId, r.state])).toEqual([
        ['appt:3001', '100002', 'attended'],
        ['appt:3002', '100001', 'no_show'],
        ['appt:3003', '100001', 'booked'],
        ['appt:3004', '100001', 'late_cancelled'],
        ['appt:3005', '100001', 'cancelled'],
      ]);
      expect(batches[0].records[0]).toEqual({
        externalId: 'appt:3001',
        clientExternalId: '100002',
        locationExternalId: '2',
        kind: 'appointment',
        name: null,
        startsAt: '2025-03-04T10:00:00',
        state: 'attended',
        noShowActive: false,
      });
      expect(batches[1].records).toEqual([
        { externalId: 'appt:3001', clientExternalId: '100002', locationExternalId: '2', bookingExternalId: 'appt:3001', visitedAt: '2025-03-04T10:00:00', kind: 'appointment' },
      ]);
    });
  });

  describe('sales', () => {
    it('should map one sale record per purchased item with amounts in minor units', () => {
      const { batches } = mapSales(data.sales, resolve);

      expect(batches).toEqual([
        {
          entity: 'sales',
          records: [
            { externalId: '8001:0', clientExternalId: '100001', locationExternalId: '1', soldAt: '2025-03-02T14:30:00', quantity: 1, amount: 5990 },
            { externalId: '8001:1', clientExternalId: '100001', locationExternalId: '1', soldAt: '2025-03-02T14:30:00', quantity: 2, amount: 2500 },
          ],
        },
      ]);
    });

    it('should make returns negative and build soldAt from SaleDate + SaleTime when needed', () => {
      const sale: MbSale = {
        Id: 8002,
        SaleDate: '2025-03-09T00:00:00',
        SaleTime: '16:05:30',
        ClientId: 'A100',
        PurchasedItems: [{ Quantity: -1, TotalAmount: 12.34, Returned: true }],
      };

      const { batches } = mapSales([sale], resolve);

      expect(batches[0].records).toEqual([{ externalId: '8002:0', clientExternalId: '100001', locationExternalId: null, soldAt: '2025-03-09T16:05:30', quantity: 1, amount: -1234 }]);
    });
  });

  it('should treat .NET MinValue and junk as no datetime', () => {
    expect(dateTime('0001-01-01T00:00:00')).toBeNull();
    expect(dateTime('')).toBeNull();
    expect(dateTime('2025-03-01T10:00:00Z')).toBe('2025-03-01T10:00:00Z');
  });
});
