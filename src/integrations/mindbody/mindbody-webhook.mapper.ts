import { BOOKING_STATES, CanonicalRecord, EntityName } from '../../clients/records/record-specs';
import { isIsoDate, isIsoTimestamp } from '../../clients/records/record-validator';
import { IngestBatch } from '../../clients/ingest/ingest.types';
import { MapResult } from '../webhooks/webhook-connector';
import { MbWebhookEnvelope } from './mindbody-webhook.types';

// Pure mapping of one Mindbody webhook event to canonical records (docs/mindbody-webhooks.md).
// Key choices, shared with the Mindbody sync so both paths upsert the same rows:
// - clients are keyed by clientUniqueId (immutable), never clientId (the editable RSSID);
// - bookings are prefixed by kind (`class:<classRosterBookingId>`, `appt:<appointmentId>`)
//   because roster and appointment ids are separate sequences; visits are
//   `<classRosterBookingId>` and `appt:<appointmentId>`;
// - sales are one record per line item, `<saleId>:<index in items>`;
// - subscriptions are keyed by clientContractId.
// Datetimes of the payload are passed through untouched (offset-less = site-local, which the
// writer reads in the business's zone); updatedAt is the envelope's origination time.

class InvalidField extends Error {
  constructor(readonly field: string, problem: string) {
    super(`eventData.${field} ${problem}`);
  }
}

type Data = Record<string, unknown>;
type BookingState = (typeof BOOKING_STATES)[number];

const ignored = (reason: string): MapResult => ({ kind: 'ignored', reason });

/** Maps one envelope (already checked by the connector's parse) to canonical batches. */
export function mapMindbodyEvent(eventType: string, payload: unknown): MapResult {
  if (!isObject(payload)) return { kind: 'invalid', reason: 'payload must be a JSON object' };
  const handler = HANDLERS[eventType];
  if (!handler) return ignored(`event type "${eventType}" is not mapped`);
  const env = payload as unknown as MbWebhookEnvelope<unknown>;
  const updatedAt = originationTime(env.eventInstanceOriginationDateTime);
  if (!updatedAt) return { kind: 'invalid', reason: 'eventInstanceOriginationDateTime must be an ISO 8601 date-time' };
  if (!isObject(env.eventData)) return { kind: 'invalid', reason: 'eventData must be an object' };
  try {
    return handler(env.eventData, updatedAt, eventType);
  } catch (err) {
    if (err instanceof InvalidField) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

type Handler = (d: Data, updatedAt: string, eventType: string) => MapResult;

const HANDLERS: Record<string, Handler> = {
  'client.created': mapClient,
  'client.updated': mapClient,
  'client.deactivated': mapClient,
  'classRosterBooking.created': mapClassBooking,
  'classRosterBookingStatus.updated': mapClassBooking,
  'classRosterBooking.cancelled': (d) => {
    intId(d, 'classRosterBookingId');
    // ids only (no class time): the booking needs an update-only write the writer lacks
    return ignored('classRosterBooking.cancelled carries no class start time; the sync reconciles the booking');
  },
  'appointmentBooking.created': mapAppointment,
  'appointmentBooking.updated': mapAppointment,
  'appointmentBooking.cancelled': (d) => {
    intId(d, 'appointmentId');
    return ignored('appointmentBooking.cancelled carries only the appointment id; the sync reconciles the booking');
  },
  'clientContract.created': mapContract,
  'clientContract.updated': mapContract,
  'clientContract.cancelled': (d) => {
    intId(d, 'clientContractId');
    return ignored('clientContract.cancelled carries no contract dates; the sync reconciles the subscription');
  },
  'clientMembershipAssignment.created': mapMembershipAssigned,
  'clientMembershipAssignment.cancelled': (d) => {
    intId(d, 'membershipId');
    // other memberships may remain, and the payload has only the RSSID
    return ignored('clientMembershipAssignment.cancelled cannot tell whether the client is still a member; the sync recomputes isMember');
  },
  'clientSale.created': mapSale,
  'location.created': mapLocation,
  'location.updated': mapLocation,
};

// ---- clients -------------------------------------------------------------------------------

function mapClient(d: Data, updatedAt: string, eventType: string): MapResult {
  const status = optString(d, 'status');
  const record: CanonicalRecord = {
    externalId: clientUniqueId(d, 'clientUniqueId'),
    firstName: optText(d, 'firstName'),
    lastName: optText(d, 'lastName'),
    email: optText(d, 'email'),
    phone: optText(d, 'mobilePhone') ?? optText(d, 'homePhone') ?? optText(d, 'workPhone') ?? null,
    birthDate: optDate(d, 'birthDateTime'),
    gender: gender(optString(d, 'gender')),
    suspended: status?.toLowerCase() === 'suspended',
    createdAt: optTimestamp(d, 'creationDateTime'),
    updatedAt,
  };
  const member = isMemberFromStatus(status);
  if (member !== undefined) record.isMember = member;
  const home = optIntId(d, 'homeLocation');
  if (home !== undefined) record.homeLocationExternalId = home;
  const emailConsent = optBool(d, 'sendPromotionalEmails');
  if (emailConsent !== undefined) record.emailConsent = emailConsent;
  const smsConsent = optBool(d, 'sendPromotionalTexts');
  if (smsConsent !== undefined) record.smsConsent = smsConsent;
  // created: alive; deactivated: deleted as of the event; updated leaves deletedAt alone
  // (Mindbody has no reactivation event, and an edit of an inactive client must not revive it)
  if (eventType === 'client.created') record.deletedAt = null;
  if (eventType === 'client.deactivated') record.deletedAt = updatedAt;
  return mapped([['clients', [record]]]);
}

/** Mindbody's client status is its membership status. */
function isMemberFromStatus(status: string | undefined): boolean | undefined {
  switch (status?.toLowerCase()) {
    case 'active':
    case 'suspended':
      return true;
    case 'non-member':
    case 'expired':
    case 'terminated':
    case 'declined':
      return false;
    default:
      return undefined;
  }
}

function gender(value: string | undefined): string {
  switch (value?.trim().toLowerCase()) {
    case 'female':
      return 'female';
    case 'male':
      return 'male';
    case undefined:
    case '':
    case 'none':
    case 'unknown':
    case 'unspecified':
      return 'unknown';
    default:
      return 'other';
  }
}

/** A client row built from the client fields another event carries (names only, no updatedAt). */
function clientStub(externalId: string, d: Data): CanonicalRecord | undefined {
  const firstName = optText(d, 'clientFirstName');
  const lastName = optText(d, 'clientLastName');
  if (firstName === undefined && lastName === undefined) return undefined;
  // no updatedAt: a partial row must not make an older full client.updated look stale
  const stub: CanonicalRecord = { externalId };
  if (firstName !== undefined) stub.firstName = firstName;
  if (lastName !== undefined) stub.lastName = lastName;
  return stub;
}

// ---- class bookings and visits ----------------------------------------------------------

function mapClassBooking(d: Data, updatedAt: string, eventType: string): MapResult {
  const created = eventType === 'classRosterBooking.created';
  const rosterId = intId(d, 'classRosterBookingId');
  const clientExternalId = clientUniqueId(d, 'clientUniqueId');
  const startsAt = timestamp(d, created ? 'classStartDateTime' : 'classDateTime');
  const statusField = 'signedInStatus';
  const rawStatus = created ? optString(d, statusField) : string(d, statusField);
  const state = rawStatus === undefined ? 'booked' : rosterState(rawStatus);
  if (!state) throw new InvalidField(statusField, `has unknown value "${rawStatus}"`);
  const locationExternalId = optIntId(d, 'locationId');
  const externalId = `class:${rosterId}`;

  const booking: CanonicalRecord = {
    externalId,
    clientExternalId,
    kind: 'class',
    startsAt,
    state,
    noShowActive: state === 'no_show',
    updatedAt,
  };
  if (locationExternalId !== undefined) booking.locationExternalId = locationExternalId;
  // the roster entry is made when this event fires
  if (created) booking.bookedAt = updatedAt;

  const batches: Array<[EntityName, CanonicalRecord[]]> = [];
  const stub = clientStub(clientExternalId, d);
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['bookings', [booking]]);
  if (state === 'attended') {
    // the sync keys class visits by the bare roster id (visits have no appointment kind clash)
    const visit: CanonicalRecord = { externalId: rosterId, clientExternalId, bookingExternalId: externalId, visitedAt: startsAt, kind: 'class', updatedAt };
    if (locationExternalId !== undefined) visit.locationExternalId = locationExternalId;
    batches.push(['visits', [visit]]);
  }
  return mapped(batches);
}

const ROSTER_STATES: Record<string, BookingState> = {
  signedin: 'attended',
  notsignedin: 'booked',
  booked: 'booked',
  reserved: 'booked',
  latecancelled: 'late_cancelled',
  latecanceled: 'late_cancelled',
  missed: 'no_show',
  noshow: 'no_show',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

function rosterState(status: string): BookingState | undefined {
  return ROSTER_STATES[normalise(status)];
}

// ---- appointments ------------------------------------------------------------------------

const APPOINTMENT_STATES: Record<string, BookingState> = {
  none: 'booked',
  requested: 'booked',
  booked: 'booked',
  scheduled: 'booked',
  confirmed: 'booked',
  arrived: 'attended',
  completed: 'attended',
  noshow: 'no_show',
  latecancelled: 'late_cancelled',
  latecanceled: 'late_cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

function mapAppointment(d: Data, updatedAt: string, eventType: string): MapResult {
  const appointmentId = intId(d, 'appointmentId');
  const rawStatus = string(d, 'status');
  let state = APPOINTMENT_STATES[normalise(rawStatus)];
  if (!state) throw new InvalidField('status', `has unknown value "${rawStatus}"`);
  const startsAt = timestamp(d, 'startDateTime');
  string(d, 'clientId');
  // the documented payload names the client by RSSID only; mixing id spaces would create a
  // second client row, so without a unique id the event waits for the sync
  const uniqueId = d.clientUniqueId === undefined || d.clientUniqueId === null ? undefined : clientUniqueId(d, 'clientUniqueId');
  if (!uniqueId) return ignored(`${eventType} names the client only by clientId (RSSID), not clientUniqueId; the sync imports it`);
  if (state === 'booked' && optBool(d, 'hasArrived') === true) state = 'attended';

  const externalId = `appt:${appointmentId}`;
  const locationExternalId = optIntId(d, 'locationId');
  const booking: CanonicalRecord = {
    externalId,
    clientExternalId: uniqueId,
    kind: 'appointment',
    startsAt,
    state,
    noShowActive: state === 'no_show',
    updatedAt,
  };
  const name = optText(d, 'appointmentName');
  if (name) booking.name = name;
  if (locationExternalId !== undefined) booking.locationExternalId = locationExternalId;
  if (eventType === 'appointmentBooking.created') booking.bookedAt = updatedAt;

  const batches: Array<[EntityName, CanonicalRecord[]]> = [];
  const stub = clientStub(uniqueId, d);
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['bookings', [booking]]);
  if (state === 'attended') {
    const visit: CanonicalRecord = { externalId, clientExternalId: uniqueId, bookingExternalId: externalId, visitedAt: startsAt, kind: 'appointment', updatedAt };
    if (locationExternalId !== undefined) visit.locationExternalId = locationExternalId;
    batches.push(['visits', [visit]]);
  }
  return mapped(batches);
}

// ---- contracts and memberships -----------------------------------------------------------

function mapContract(d: Data, updatedAt: string): MapResult {
  const clientExternalId = clientUniqueId(d, 'clientUniqueId');
  const subscription: CanonicalRecord = {
    externalId: String(intId(d, 'clientContractId')),
    clientExternalId,
    startsOn: date(d, 'contractStartDateTime'),
    updatedAt,
  };
  const name = optText(d, 'contractName');
  if (name) subscription.name = name;
  // a renewal is a new clientContractId (a new subscription row), so autoRenew is the
  // contract's own auto-renew (autopay) flag
  const autoRenew = optBool(d, 'isAutoRenewing');
  if (autoRenew !== undefined) subscription.autoRenew = autoRenew;
  // as in the sync: an auto-renewing contract runs until terminated, its end date is only
  // the current term; a contract that stops renewing ends on contractEndDateTime
  const endsOn = optDate(d, 'contractEndDateTime') ?? null;
  subscription.endsOn = autoRenew === true ? null : endsOn;

  const batches: Array<[EntityName, CanonicalRecord[]]> = [];
  const stub = clientStub(clientExternalId, d);
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['subscriptions', [subscription]]);
  return mapped(batches);
}

function mapMembershipAssigned(d: Data): MapResult {
  intId(d, 'membershipId');
  const externalId = clientUniqueId(d, 'clientUniqueId');
  // no updatedAt: a one-field change must not make an older full client.updated look stale
  const record: CanonicalRecord = { ...clientStub(externalId, d), externalId, isMember: true };
  return mapped([['clients', [record]]]);
}

// ---- sales -------------------------------------------------------------------------------

function mapSale(d: Data, updatedAt: string): MapResult {
  const saleId = intId(d, 'saleId');
  const soldAt = timestamp(d, 'saleDateTime');
  string(d, 'purchasingClientId');
  const items = d.items;
  if (!Array.isArray(items)) throw new InvalidField('items', 'must be an array');
  const lines = items.map((item, i) => {
    if (!isObject(item)) throw new InvalidField(`items[${i}]`, 'must be an object');
    return { quantity: number(item, 'quantity', `items[${i}].`), amountPaid: number(item, 'amountPaid', `items[${i}].`) };
  });
  const uniqueId = d.clientUniqueId === undefined || d.clientUniqueId === null ? undefined : clientUniqueId(d, 'clientUniqueId');
  if (!uniqueId) return ignored('clientSale.created names the buyer only by purchasingClientId (RSSID), not clientUniqueId; the sync imports it');
  const locationExternalId = optIntId(d, 'locationId');
  const sales = lines.map((line, i): CanonicalRecord => {
    const sale: CanonicalRecord = {
      // items have no line id; their order within one sale is fixed
      externalId: `${saleId}:${i}`,
      clientExternalId: uniqueId,
      soldAt,
      // returns come as negative quantities; the sign lives on the amount
      quantity: Math.abs(Math.trunc(line.quantity)),
      amount: Math.round(line.amountPaid * 100),
      updatedAt,
    };
    if (locationExternalId !== undefined) sale.locationExternalId = locationExternalId;
    return sale;
  });
  return mapped([['sales', sales]]);
}

// ---- locations ---------------------------------------------------------------------------

function mapLocation(d: Data, updatedAt: string): MapResult {
  const name = optText(d, 'name');
  if (!name) throw new InvalidField('name', 'must be a non-empty string');
  return mapped([['locations', [{ externalId: String(intId(d, 'locationId')), name, updatedAt }]]]);
}

// ---- helpers -----------------------------------------------------------------------------

function mapped(batches: Array<[EntityName, CanonicalRecord[]]>): MapResult {
  return { kind: 'mapped', batches: batches.map(([entity, records]): IngestBatch => ({ entity, records })) };
}

function isObject(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

/** Envelope time as an absolute instant: Mindbody sends UTC, add the Z if it was left off. */
function originationTime(v: unknown): string | undefined {
  if (!isIsoTimestamp(v)) return undefined;
  return /(z|[+-]\d{2}(:?\d{2})?)$/i.test(v) ? v : `${v}Z`;
}

/** Ids arrive as JSON numbers (or, on some events, numeric strings); externalIds are text. */
function intId(d: Data, field: string): string {
  const v = d[field];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  throw new InvalidField(field, v === undefined ? 'is required' : 'must be an integer id');
}

function clientUniqueId(d: Data, field: string): string {
  const id = intId(d, field);
  if (Number(id) <= 0) throw new InvalidField(field, 'must be a positive integer');
  return id;
}

function optIntId(d: Data, field: string): string | undefined {
  if (d[field] === undefined || d[field] === null) return undefined;
  return intId(d, field);
}

function string(d: Data, field: string): string {
  const v = d[field];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw new InvalidField(field, v === undefined ? 'is required' : 'must be a non-empty string');
  return v;
}

function optString(d: Data, field: string): string | undefined {
  const v = d[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidField(field, 'must be a string');
  return v;
}

/** Text for a canonical field: absent stays absent, null or blank clears it. */
function optText(d: Data, field: string): string | null | undefined {
  const v = d[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw new InvalidField(field, 'must be a string');
  return v.trim() === '' ? null : v.trim();
}

function optBool(d: Data, field: string): boolean | undefined {
  const v = d[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InvalidField(field, 'must be true or false');
  return v;
}

function number(d: Data, field: string, prefix = ''): number {
  const v = d[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidField(`${prefix}${field}`, v === undefined ? 'is required' : 'must be a number');
  return v;
}

function timestamp(d: Data, field: string): string {
  const v = d[field];
  if (!isIsoTimestamp(v)) throw new InvalidField(field, v === undefined ? 'is required' : 'must be an ISO 8601 date-time');
  return v;
}

function optTimestamp(d: Data, field: string): string | null | undefined {
  if (d[field] === undefined || d[field] === null) return d[field] as null | undefined;
  return timestamp(d, field);
}

/** The calendar date of a Mindbody date-time ("2025-03-01T00:00:00" -> "2025-03-01"). */
function date(d: Data, field: string): string {
  const v = d[field];
  const day = typeof v === 'string' ? v.slice(0, 10) : undefined;
  if (!isIsoDate(day) || !(v === day || isIsoTimestamp(v))) {
    throw new InvalidField(field, v === undefined ? 'is required' : 'must be an ISO 8601 date or date-time');
  }
  return day;
}

function optDate(d: Data, field: string): string | null | undefined {
  if (d[field] === undefined || d[field] === null) return d[field] as null | undefined;
  return date(d, field);
}
