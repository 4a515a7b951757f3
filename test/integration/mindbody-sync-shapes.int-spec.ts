import { MbAppointment, MbClass, MbClient, MbClientContract, MbLocation, MbSale } from '../../src/integrations/mindbody/mindbody-api.types';
import { MindbodySyncService } from '../../src/integrations/sync/mindbody-sync.service';
import { RunOptions } from '../../src/integrations/sync/mindbody-sync.types';
import { MindbodyApiFake, MindbodyFakeDataset, startMindbodyApiFake } from '../fakes/mindbody-api.fake';
import { startTestApp, TestApp } from '../support/test-app';
import { connectedBusiness } from './sync/sync-test-helpers';

// The sync against every documented shape of the Public API v6 records it reads: once with
// each optional field absent (only the ids and the dates a record cannot exist without), once
// with every field present. Field lists: ClientContract, Client, Visit, Appointment, Sale and
// PurchasedItem of the v6 reference (docs/mindbody-api.md).

const NOW = new Date('2025-03-10T00:00:00Z');
const FAST: RunOptions = { now: NOW, client: { sleep: async () => undefined, backoffBaseMs: 1 } };

/** Records with every optional field left out. */
function bareDataset(): MindbodyFakeDataset {
  const locations: MbLocation[] = [{ Id: 5 }];
  const clients: MbClient[] = [{ Id: 'M1', UniqueId: 900001 }];
  const contracts: Record<string, MbClientContract[]> = {
    // fixed-term, no auto-renew / autopay / month-to-month fields at all
    M1: [
      { Id: 7001, StartDate: '2025-01-01T00:00:00' },
      { Id: 7002, StartDate: '2025-01-01T00:00:00', EndDate: '2025-06-30T00:00:00' },
    ],
  };
  const classes: MbClass[] = [{ Id: 1, StartDateTime: '2025-03-08T09:00:00', Visits: [{ Id: 81001, ClientId: 'M1', Missed: true }] }];
  const appointments: MbAppointment[] = [{ Id: 3101, StartDateTime: '2025-03-08T11:00:00', ClientId: 'M1' }];
  const sales: MbSale[] = [{ Id: 9101, SaleDateTime: '2025-03-08T10:00:00', ClientId: 'M1', PurchasedItems: [{}] }];
  return { locations, clients, contracts, classes, appointments, sales };
}

/** The same records with every documented field present. */
function fullDataset(): MindbodyFakeDataset {
  const location: MbLocation = { Id: 6, Name: 'Harbour', SiteID: -99, Address: '1 Quay St', City: 'Bristol', PostalCode: 'BS1', Phone: '0117', HasClasses: true };
  const clients: MbClient[] = [
    {
      Id: 'F1',
      UniqueId: 900011,
      FirstName: 'Ines',
      MiddleName: 'M',
      LastName: 'Ferreira',
      Email: 'ines@example.com',
      MobilePhone: '07700900011',
      HomePhone: '01170000011',
      WorkPhone: '01170000012',
      BirthDate: '1990-04-02T00:00:00',
      Gender: 'Female',
      CreationDate: '2024-01-05T10:00:00',
      LastModifiedDateTime: '2025-03-01T10:00:00',
      Status: 'Suspended',
      Active: true,
      IsProspect: false,
      HomeLocation: location,
      ClientType: { Id: 2, Name: 'Student' },
      SendAccountEmails: true,
      SendAccountTexts: true,
      SendPromotionalEmails: true,
      SendPromotionalTexts: false,
      SendScheduleEmails: true,
      SendScheduleTexts: false,
    },
  ];
  const contract: MbClientContract = {
    Id: 7011,
    ContractID: 12,
    ContractName: 'Unlimited Monthly',
    AgreementDate: '2025-01-01T09:00:00',
    StartDate: '2025-01-01T00:00:00',
    EndDate: '2025-12-31T00:00:00',
    TerminationDate: null,
    AutoRenewing: true,
    IsMonthToMonth: true,
    AutopayStatus: 'Active',
    FirstAutoPay: 49,
    NormalAutoPay: 59.5,
    LastAutoPay: 59.5,
    MinimumCommitmentValue: 6,
    MinimumCommitmentUnit: 'Months',
    MinimumCommitmentEndDate: '2025-06-30T00:00:00',
    OriginationLocationId: 6,
    SiteId: -99,
    PayerClientId: 900011,
    AutoRenewClientContractID: 0,
    ContractAutoRenewed: false,
    ContractText: 'Terms',
    UpcomingAutopayEvents: [{ ClientContractId: 7011, ChargeAmount: 59.5, PaymentMethod: 'CreditCard', ScheduleDate: '2025-04-01T00:00:00', ProductId: 12 }],
  };
  const classes: MbClass[] = [
    {
      Id: 2,
      ClassScheduleId: 40,
      StartDateTime: '2025-03-08T09:00:00',
      EndDateTime: '2025-03-08T10:00:00',
      LastModifiedDateTime: '2025-03-08T10:05:00',
      IsCanceled: false,
      Location: location,
      ClassDescription: { Id: 3, Name: 'Spin', Program: { Id: 4, Name: 'Cycling' }, SessionType: { Id: 5, Name: 'Spin 45' } },
      TotalBooked: 1,
      TotalSignedIn: 0,
      Visits: [
        {
          Id: 81011,
          ClassId: 2,
          AppointmentId: 0,
          AppointmentStatus: 'None',
          ClientId: 'F1',
          ClientUniqueId: 900011,
          StartDateTime: '2025-03-08T09:00:00',
          EndDateTime: '2025-03-08T10:00:00',
          LastModifiedDateTime: '2025-03-08T10:05:00',
          LateCancelled: false,
          Missed: true,
          SignedIn: false,
          MakeUp: false,
          WebSignup: true,
          LocationId: 6,
          SiteId: -99,
          StaffId: 31,
          Name: 'Spin',
          ServiceId: 2031,
          ServiceName: '10 Class Pass',
          ProductId: 1192,
          Action: 'None',
        },
      ],
    },
  ];
  const appointments: MbAppointment[] = [
    {
      Id: 3111,
      Status: 'NoShow',
      StartDateTime: '2025-03-08T11:00:00',
      EndDateTime: '2025-03-08T12:00:00',
      ClientId: 'F1',
      LocationId: 6,
      StaffId: 31,
      SessionTypeId: 7,
      ProgramId: 8,
      Duration: 60,
      FirstAppointment: false,
      ClientServiceId: 55,
      OnlineDescription: 'Physio',
    },
  ];
  const sales: MbSale[] = [
    {
      Id: 9111,
      SaleDate: '2025-03-08T00:00:00',
      SaleTime: '10:00:00',
      SaleDateTime: '2025-03-08T10:00:00',
      OriginalSaleDateTime: '2025-03-08T10:00:00',
      ClientId: 'F1',
      RecipientClientId: 900011,
      LocationId: 6,
      PurchasedItems: [
        { SaleDetailId: 1, Id: 1192, IsService: true, Description: '10 Class Pass', ContractId: null, UnitPrice: 120, Quantity: 1, DiscountAmount: 0, TaxAmount: 0, TotalAmount: 120, Returned: false },
      ],
      Payments: [{ Id: 1, Amount: 120, Method: 2, Type: 'Visa' }],
    },
  ];
  return { locations: [location], clients, contracts: { F1: [contract] }, classes, appointments, sales };
}

describe('Mindbody sync: every documented record shape lands (real PostgreSQL, Mindbody fake)', () => {
  let fake: MindbodyApiFake;
  let app: TestApp;
  let sync: MindbodySyncService;

  beforeAll(async () => {
    fake = await startMindbodyApiFake();
    app = await startTestApp({ http: false, worker: true, env: { MINDBODY_API_URL: fake.url } });
    sync = app.worker!.get(MindbodySyncService, { strict: false });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  async function syncWith(dataset: MindbodyFakeDataset) {
    Object.assign(fake.state.data, dataset);
    const { businessId } = await connectedBusiness(app.ds, app.config);
    expect(await sync.run(businessId, FAST)).toMatchObject({ status: 'ok' });
    const q = (sql: string) => app.ds.query(sql, [businessId]);
    return { businessId, q };
  }

  it('should land a client without Status, fixed-term contracts without the optional fields, and a missed roster entry as an active no-show', async () => {
    const { q } = await syncWith(bareDataset());

    expect(await q(`SELECT external_id, alt_external_id, is_stub, suspended, is_member, gender, email FROM client WHERE business_id = $1`)).toEqual([
      { external_id: '900001', alt_external_id: 'M1', is_stub: false, suspended: false, is_member: null, gender: 'unknown', email: null },
    ]);
    // the webhook path's defaults: not auto-renewing, price 0, every 1 month, payment method other
    expect(
      await q(
        `SELECT external_id, starts_on::text, ends_on::text, auto_renew, price::int AS price, billing_unit, billing_interval, payment_method, cancelled_at
           FROM subscription WHERE business_id = $1 ORDER BY external_id`,
      ),
    ).toEqual([
      { external_id: '7001', starts_on: '2025-01-01', ends_on: null, auto_renew: false, price: 0, billing_unit: 'month', billing_interval: 1, payment_method: 'other', cancelled_at: null },
      { external_id: '7002', starts_on: '2025-01-01', ends_on: '2025-06-30', auto_renew: false, price: 0, billing_unit: 'month', billing_interval: 1, payment_method: 'other', cancelled_at: null },
    ]);
    // the roster entry names its client only by RSSID and lands on the synced client, not a stub
    expect(
      await q(
        `SELECT b.external_id, b.kind, b.state, b.no_show_active, c.external_id AS client, c.is_stub
           FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1 ORDER BY b.external_id`,
      ),
    ).toEqual([
      { external_id: 'appt:3101', kind: 'appointment', state: 'booked', no_show_active: false, client: '900001', is_stub: false },
      { external_id: 'class:81001', kind: 'class', state: 'no_show', no_show_active: true, client: '900001', is_stub: false },
    ]);
    expect(await q(`SELECT external_id, quantity, amount::int AS amount FROM sale WHERE business_id = $1`)).toEqual([{ external_id: '9101:0', quantity: 1, amount: 0 }]);
    expect(await q(`SELECT external_id, name FROM location WHERE business_id = $1`)).toEqual([{ external_id: '5', name: 'Location 5' }]);
    expect(await q(`SELECT count(*)::int AS n FROM client WHERE business_id = $1 AND is_stub`)).toEqual([{ n: 0 }]);
  });

  it('should map every field when all are present', async () => {
    const { q } = await syncWith(fullDataset());

    expect(
      await q(
        `SELECT c.external_id, c.alt_external_id, c.is_stub, c.first_name, c.last_name, c.email, c.phone, c.birth_date::text AS birth_date, c.gender,
                c.customer_type, c.is_member, c.suspended, c.email_consent, c.sms_consent, l.external_id AS home, c.deleted_at
           FROM client c LEFT JOIN location l ON l.id = c.home_location_id WHERE c.business_id = $1`,
      ),
    ).toEqual([
      {
        external_id: '900011',
        alt_external_id: 'F1',
        is_stub: false,
        first_name: 'Ines',
        last_name: 'Ferreira',
        email: 'ines@example.com',
        phone: '07700900011',
        birth_date: '1990-04-02',
        gender: 'female',
        customer_type: 'Student',
        is_member: true,
        suspended: true,
        email_consent: true,
        sms_consent: false,
        home: '6',
        deleted_at: null,
      },
    ]);
    expect(
      await q(
        `SELECT external_id, name, starts_on::text, ends_on, binding_ends_on::text, auto_renew, price::int AS price, billing_unit, billing_interval, payment_method
           FROM subscription WHERE business_id = $1`,
      ),
    ).toEqual([
      {
        external_id: '7011',
        name: 'Unlimited Monthly',
        starts_on: '2025-01-01',
        // auto-renewing: open-ended, EndDate is only the current term
        ends_on: null,
        binding_ends_on: '2025-06-30',
        auto_renew: true,
        price: 5950,
        billing_unit: 'month',
        billing_interval: 1,
        payment_method: 'recurring_card',
      },
    ]);
    expect(
      await q(
        `SELECT b.external_id, b.state, b.no_show_active, b.name, b.service_category, b.booked_via, c.external_id AS client
           FROM booking b JOIN client c ON c.id = b.client_id WHERE b.business_id = $1 ORDER BY b.external_id`,
      ),
    ).toEqual([
      { external_id: 'appt:3111', state: 'no_show', no_show_active: true, name: 'Physio', service_category: null, booked_via: null, client: '900011' },
      { external_id: 'class:81011', state: 'no_show', no_show_active: true, name: 'Spin', service_category: 'Cycling', booked_via: 'online', client: '900011' },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM visit WHERE business_id = $1`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT external_id, quantity, amount::int AS amount FROM sale WHERE business_id = $1`)).toEqual([{ external_id: '9111:0', quantity: 1, amount: 12000 }]);
  });
});
