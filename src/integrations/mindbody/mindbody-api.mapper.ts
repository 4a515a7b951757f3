import { IngestBatch, CanonicalRecord } from '../../clients';
import { MbAppointment, MbClass, MbClient, MbClientContract, MbLocation, MbSale, MbVisit } from './mindbody-api.types';
import { isMemberFromStatus } from './mindbody-client-status';

// Pure mapping of Public API v6 objects to canonical records (records/record-specs.ts).
//
// External ids are shared with the webhook mapper (mindbody-webhook.mapper.ts) so that the
// same thing arriving by webhook and by sync upserts one row (docs/mindbody-api.md):
//   client        String(UniqueId)                 (immutable; Id/RSSID is editable)
//   location      String(Location.Id)
//   subscription  String(ClientContract.Id)        (the client's purchase of the contract)
//   class booking `class:<Visit.Id>`               (= webhook classRosterBookingId)
//   class visit   String(Visit.Id)                 (only when signed in)
//   appt booking  `appt:<Appointment.Id>`
//   appt visit    `appt:<Appointment.Id>`          (appointments have no visit id of their own)
//   sale line     `<Sale.Id>:<index in PurchasedItems>` (webhook sale items carry no SaleDetailId)
//
// Datetimes pass through as Mindbody sends them (site-local, no offset); the writer reads
// offset-less timestamps in the business's time zone.

/** Resolves a Mindbody client reference to our client externalId, or null when unknown. */
export type MbClientResolver = (ref: { id?: string | null; uniqueId?: number | string | null }) => string | null;

/** Records of one or more entities, plus the RSSIDs we could not turn into a client externalId. */
export interface MbMapResult {
  batches: IngestBatch[];
  /**
   * Client Ids (RSSIDs) referenced without a UniqueId we know. Their records were left out;
   * the orchestrator resolves them (MindbodyApiClient.getClientsByIds) and maps again.
   */
  unresolvedClientIds: string[];
}

export const classBookingExternalId = (visitId: number | string): string => `class:${visitId}`;
export const appointmentExternalId = (appointmentId: number | string): string => `appt:${appointmentId}`;
export const saleLineExternalId = (saleId: number | string, index: number): string => `${saleId}:${index}`;

export function clientExternalId(client: Pick<MbClient, 'Id' | 'UniqueId'>): string {
  return client.UniqueId !== null && client.UniqueId !== undefined ? String(client.UniqueId) : String(client.Id);
}

/**
 * Resolver backed by UniqueIds carried on the record, then an RSSID -> externalId index
 * (build it with indexClients from the clients the sync has seen).
 */
export function clientResolver(index: ReadonlyMap<string, string> = new Map()): MbClientResolver {
  return ({ id, uniqueId }) => {
    if (uniqueId !== null && uniqueId !== undefined && String(uniqueId) !== '' && Number(uniqueId) > 0) return String(uniqueId);
    if (id === null || id === undefined || id === '') return null;
    return index.get(String(id)) ?? null;
  };
}

/** RSSID -> client externalId for the given clients. */
export function indexClients(clients: readonly MbClient[], into = new Map<string, string>()): Map<string, string> {
  for (const c of clients) if (c.Id !== null && c.Id !== undefined) into.set(String(c.Id), clientExternalId(c));
  return into;
}

export function mapLocations(locations: readonly MbLocation[]): IngestBatch {
  return {
    entity: 'locations',
    records: locations.map((l) => ({ externalId: String(l.Id), name: l.Name?.trim() || `Location ${l.Id}` })),
  };
}

export function mapClients(clients: readonly MbClient[]): IngestBatch {
  return { entity: 'clients', records: clients.map(mapClient) };
}

export function mapClient(c: MbClient): CanonicalRecord {
  const status = text(c.Status);
  const record: CanonicalRecord = {
    externalId: clientExternalId(c),
    // The RSSID: appointments and sales reference clients only by it (sync resolves it from here).
    altExternalId: c.Id === null || c.Id === undefined || String(c.Id) === '' ? null : String(c.Id),
    firstName: text(c.FirstName),
    lastName: text(c.LastName),
    email: email(c.Email),
    phone: text(c.MobilePhone) ?? text(c.HomePhone) ?? text(c.WorkPhone),
    birthDate: datePart(c.BirthDate),
    gender: gender(c.Gender),
    customerType: text(c.ClientType?.Name),
    homeLocationExternalId: c.HomeLocation?.Id ? String(c.HomeLocation.Id) : null,
    emailConsent: bool(c.SendPromotionalEmails),
    smsConsent: bool(c.SendPromotionalTexts),
    createdAt: dateTime(c.CreationDate),
    // Deactivation has no timestamp of its own; the last modification is the best we have.
    deletedAt: c.Active === false ? (dateTime(c.LastModifiedDateTime) ?? dateTime(c.CreationDate)) : null,
    updatedAt: dateTime(c.LastModifiedDateTime),
  };
  // Status is Mindbody's membership state; a suspended member is still a member. Sites can
  // leave it out: then membership and suspension stay as stored (a new client: not suspended,
  // member flag unknown), as in the webhook path.
  const member = isMemberFromStatus(status);
  if (member !== undefined) record.isMember = member;
  if (status !== null) record.suspended = status.toLowerCase() === 'suspended';
  return record;
}

/**
 * Contracts come per client (GET /client/clientcontracts has no bulk form). Every contract
 * shape lands: month-to-month or fixed-term, auto-renewing or not, with or without the
 * autopay fields. A field Mindbody leaves out is left out of the record too, so the row
 * keeps the canonical default (autoRenew false, price 0, billed every 1 month, payment
 * method other): the same defaults as a clientContract webhook, which carries none of them.
 */
export function mapClientContracts(contracts: readonly MbClientContract[], clientExtId: string): IngestBatch {
  const records: CanonicalRecord[] = [];
  for (const k of contracts) {
    const startsOn = datePart(k.StartDate) ?? datePart(k.AgreementDate);
    if (!startsOn) continue;
    const terminatedOn = datePart(k.TerminationDate);
    const autoRenew = bool(k.AutoRenewing);
    // An auto-renewing contract runs until terminated; EndDate is only the current term.
    let endsOn = terminatedOn ?? (autoRenew === true ? null : datePart(k.EndDate));
    // a termination dated before the start (a contract cancelled before it began) ends on its start
    if (endsOn !== null && endsOn < startsOn) endsOn = startsOn;
    const record: CanonicalRecord = {
      externalId: String(k.Id),
      clientExternalId: clientExtId,
      name: text(k.ContractName),
      startsOn,
      endsOn,
      bindingEndsOn: datePart(k.MinimumCommitmentEndDate),
      cancelledAt: dateTime(k.TerminationDate),
    };
    if (autoRenew !== null) record.autoRenew = autoRenew;
    const price = money(k.NormalAutoPay ?? k.FirstAutoPay);
    if (price !== null && price >= 0) record.price = price;
    if (k.IsMonthToMonth === true) {
      record.billingUnit = 'month';
      record.billingInterval = 1;
    }
    const method = paymentMethod(k.UpcomingAutopayEvents?.[0]?.PaymentMethod);
    if (method) record.paymentMethod = method;
    records.push(record);
  }
  return { entity: 'subscriptions', records };
}

/** UpcomingAutopayEvent.PaymentMethod (Other, CreditCard, DebitAccount, ACH). */
function paymentMethod(v: string | null | undefined): string | undefined {
  switch (text(v)?.toLowerCase()) {
    case 'creditcard':
      return 'recurring_card';
    case 'debitaccount':
    case 'ach':
      return 'direct_debit';
    case 'other':
      return 'other';
    default:
      return undefined;
  }
}

/**
 * Roster entries of one class (GET /class/classvisits) or a client's visits
 * (GET /client/clientvisits): a booking per entry, and a visit when the client signed in.
 * Entries with an AppointmentId become appointment bookings/visits under the appt: key.
 */
export function mapVisits(visits: readonly MbVisit[], resolve: MbClientResolver, cls?: MbClass): MbMapResult {
  const bookings: CanonicalRecord[] = [];
  const visitRecords: CanonicalRecord[] = [];
  const unresolved = new Set<string>();
  const className = text(cls?.ClassDescription?.Name);
  const category = text(cls?.ClassDescription?.Program?.Name) ?? text(cls?.ClassDescription?.SessionType?.Name);

  for (const v of visits) {
    const clientExtId = resolve({ id: v.ClientId, uniqueId: v.ClientUniqueId });
    if (!clientExtId) {
      if (v.ClientId) unresolved.add(String(v.ClientId));
      continue;
    }
    const startsAt = dateTime(v.StartDateTime) ?? dateTime(cls?.StartDateTime);
    if (!startsAt) continue;
    const locationExternalId = v.LocationId ? String(v.LocationId) : cls?.Location?.Id ? String(cls.Location.Id) : null;
    const updatedAt = dateTime(v.LastModifiedDateTime);

    if (v.AppointmentId && v.AppointmentId > 0) {
      const state = appointmentState(v.AppointmentStatus);
      const key = appointmentExternalId(v.AppointmentId);
      bookings.push({
        externalId: key,
        clientExternalId: clientExtId,
        locationExternalId,
        kind: 'appointment',
        name: text(v.Name) ?? text(v.ServiceName),
        startsAt,
        state,
        noShowActive: state === 'no_show',
        updatedAt,
      });
      if (state === 'attended') {
        visitRecords.push({ externalId: key, clientExternalId: clientExtId, locationExternalId, bookingExternalId: key, visitedAt: startsAt, kind: 'appointment', updatedAt });
      }
      continue;
    }

    const bookingKey = classBookingExternalId(v.Id);
    const state = classState(v, cls);
    bookings.push({
      externalId: bookingKey,
      clientExternalId: clientExtId,
      locationExternalId,
      kind: 'class',
      name: text(v.Name) ?? className,
      serviceCategory: category,
      startsAt,
      state,
      // as the webhook path: a no-show counts as active until a later state replaces it
      noShowActive: state === 'no_show',
      bookedVia: v.WebSignup === true ? 'online' : null,
      updatedAt,
    });
    if (state === 'attended') {
      visitRecords.push({
        externalId: String(v.Id),
        clientExternalId: clientExtId,
        locationExternalId,
        bookingExternalId: bookingKey,
        visitedAt: startsAt,
        kind: 'class',
        updatedAt,
      });
    }
  }
  return result(
    [
      { entity: 'bookings', records: bookings },
      { entity: 'visits', records: visitRecords },
    ],
    unresolved,
  );
}

/** GET /appointment/staffappointments: a booking per appointment, a visit once arrived/completed. */
export function mapAppointments(appointments: readonly MbAppointment[], resolve: MbClientResolver): MbMapResult {
  const bookings: CanonicalRecord[] = [];
  const visits: CanonicalRecord[] = [];
  const unresolved = new Set<string>();
  for (const a of appointments) {
    const clientExtId = resolve({ id: a.ClientId });
    if (!clientExtId) {
      if (a.ClientId) unresolved.add(String(a.ClientId));
      continue;
    }
    const startsAt = dateTime(a.StartDateTime);
    if (!startsAt) continue;
    const key = appointmentExternalId(a.Id);
    const locationExternalId = a.LocationId ? String(a.LocationId) : null;
    const state = appointmentState(a.Status);
    bookings.push({
      externalId: key,
      clientExternalId: clientExtId,
      locationExternalId,
      kind: 'appointment',
      name: text(a.OnlineDescription),
      startsAt,
      state,
      noShowActive: state === 'no_show',
    });
    if (state === 'attended') {
      visits.push({ externalId: key, clientExternalId: clientExtId, locationExternalId, bookingExternalId: key, visitedAt: startsAt, kind: 'appointment' });
    }
  }
  return result(
    [
      { entity: 'bookings', records: bookings },
      { entity: 'visits', records: visits },
    ],
    unresolved,
  );
}

/** GET /sale/sales: one sale record per purchased item. */
export function mapSales(sales: readonly MbSale[], resolve: MbClientResolver): MbMapResult {
  const records: CanonicalRecord[] = [];
  const unresolved = new Set<string>();
  for (const s of sales) {
    const soldAt = dateTime(s.SaleDateTime) ?? combineDateTime(s.SaleDate, s.SaleTime);
    if (!soldAt) continue;
    const clientExtId = resolve({ id: s.ClientId });
    if (!clientExtId) {
      if (s.ClientId) unresolved.add(String(s.ClientId));
      continue;
    }
    (s.PurchasedItems ?? []).forEach((item, index) => {
      const qty = typeof item.Quantity === 'number' && Number.isFinite(item.Quantity) ? Math.trunc(item.Quantity) : null;
      const returned = item.Returned === true || (qty !== null && qty < 0);
      // TotalAmount is after discounts and tax; without it, the unit price times the quantity
      let amount = money(item.TotalAmount) ?? (typeof item.UnitPrice === 'number' ? money(item.UnitPrice * Math.abs(qty ?? 1) - (item.DiscountAmount ?? 0)) : null);
      // Refunds are negative amounts in our model; Mindbody marks them by quantity/flag.
      if (returned && amount !== null && amount > 0) amount = -amount;
      const record: CanonicalRecord = {
        externalId: saleLineExternalId(s.Id, index),
        clientExternalId: clientExtId,
        locationExternalId: s.LocationId ? String(s.LocationId) : null,
        soldAt,
      };
      // absent quantity or amount keep the canonical defaults (1, 0) rather than failing the line
      if (qty !== null) record.quantity = Math.abs(qty);
      if (amount !== null) record.amount = amount;
      records.push(record);
    });
  }
  return result([{ entity: 'sales', records }], unresolved);
}

function classState(v: MbVisit, cls?: MbClass): string {
  if (v.Action === 'Removed') return 'cancelled';
  if (v.LateCancelled) return 'late_cancelled';
  if (v.SignedIn) return 'attended';
  if (v.Missed) return 'no_show';
  if (cls?.IsCanceled) return 'cancelled';
  return 'booked';
}

function appointmentState(status: string | null | undefined): string {
  switch (status) {
    case 'Arrived':
    case 'Completed':
      return 'attended';
    case 'NoShow':
      return 'no_show';
    case 'LateCancelled':
      return 'late_cancelled';
    case 'Cancelled':
      return 'cancelled';
    default:
      return 'booked';
  }
}

function result(batches: IngestBatch[], unresolved: Set<string>): MbMapResult {
  return { batches, unresolvedClientIds: [...unresolved] };
}

function text(v: string | null | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

// the writer refuses an address it could not send to; Mindbody's is free text ("n/a", "none")
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
function email(v: string | null | undefined): string | null {
  const t = text(v);
  return t !== null && EMAIL.test(t) ? t : null;
}

function bool(v: boolean | null | undefined): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

export function money(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : null;
}

// Mindbody writes "no date" as .NET's DateTime.MinValue.
const MIN_VALUE = /^0001-01-01/;

/** Passes a Mindbody datetime through (offset-less stays offset-less); empty -> null. */
export function dateTime(v: string | null | undefined): string | null {
  const t = text(v);
  if (!t || MIN_VALUE.test(t)) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) ? t : null;
}

export function datePart(v: string | null | undefined): string | null {
  const t = text(v);
  if (!t || MIN_VALUE.test(t)) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(t);
  return m ? m[1] : null;
}

function combineDateTime(date: string | null | undefined, time: string | null | undefined): string | null {
  const d = datePart(date);
  const t = text(time);
  if (!d) return null;
  return t && /^\d{2}:\d{2}(:\d{2})?/.test(t) ? `${d}T${t.length === 5 ? `${t}:00` : t.slice(0, 8)}` : `${d}T00:00:00`;
}

function gender(v: string | null | undefined): string {
  const g = text(v)?.toLowerCase();
  if (!g || g === 'none' || g === 'unknown' || g === 'unspecified') return 'unknown';
  if (g === 'female' || g === 'f' || g === 'woman') return 'female';
  if (g === 'male' || g === 'm' || g === 'man') return 'male';
  return 'other';
}
