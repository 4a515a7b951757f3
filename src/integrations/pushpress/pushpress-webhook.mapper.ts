import { BOOKING_STATES, CanonicalRecord, EntityName, IngestBatch, isIsoDate } from '../../clients';
import { MapContext, MapResult } from '../webhooks/webhook-connector';

// PushPress webhook payloads ({data, created, event}, as the SDK's webhook models document them)
// mapped to canonical records. Bookings are keyed `reservation:<id>` and `appointment:<id>`
// (two id spaces); visits by the check-in id; subscriptions by the enrollment id.

type BookingState = (typeof BOOKING_STATES)[number];
type Data = Record<string, unknown>;

/** A field of the payload that cannot be read: the event is stored as invalid, nothing is written. */
class InvalidField extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`data.${field}: ${reason}`);
  }
}

const STAFF_ROLES = new Set(['superuser', 'admin', 'coach', 'frontdesk']);
const CHECKIN_KINDS: Record<string, 'gym' | 'class' | 'appointment'> = { open: 'gym', class: 'class', event: 'class', appointment: 'appointment' };
const RESERVATION_STATES: Record<string, BookingState> = { reserved: 'booked', 'checked-in': 'attended', canceled: 'cancelled', 'late-canceled': 'late_cancelled' };
/** Enrollment statuses under which the plan is over or will not renew. */
const ENDING = new Set(['canceled', 'completed', 'pendcancel']);

/**
 * PushPress's timestamps are Unix time in two units: check-ins and reservations in
 * milliseconds (1672531200000), appointments and classes in seconds (1677721600). A value
 * above 1e11 cannot be seconds (that is the year 5138), so the size tells the unit.
 */
export function pushPressInstant(value: unknown, field: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidField(field, 'must be a Unix timestamp');
  const ms = value > 1e11 ? value : value * 1000;
  const d = new Date(Math.round(ms));
  if (Number.isNaN(d.getTime())) throw new InvalidField(field, 'must be a Unix timestamp');
  return d.toISOString();
}

export function mapPushPressEvent(event: string, payload: unknown, ctx: MapContext): MapResult {
  if (typeof payload !== 'object' || payload === null) return { kind: 'invalid', reason: 'body: must be an object' };
  const body = payload as { data?: unknown; created?: unknown };
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: 'invalid', reason: 'data: must be an object' };
  let updatedAt: string;
  try {
    updatedAt = pushPressInstant(body.created, 'created');
  } catch {
    return { kind: 'invalid', reason: 'created: must be a Unix timestamp' };
  }
  const d = data as Data;
  const company = optString(d, 'company') ?? optString(d, 'companyId');
  const expected = ctx.config.companyId;
  // one app's webhook can serve several companies: only the connection's own is written
  if (typeof expected === 'string' && expected && company !== undefined && company !== expected) {
    return { kind: 'ignored', reason: `event for PushPress company ${company}, connection is company ${expected}` };
  }
  try {
    switch (event) {
      case 'customer.created':
      case 'customer.details.changed':
      case 'customer.status.changed':
        return mapCustomer(d, updatedAt);
      case 'customer.deleted':
        return mapped([['clients', [{ externalId: string(d, 'id'), deletedAt: updatedAt, updatedAt }], true]]);
      case 'checkin.created':
      case 'checkin.updated':
        return mapCheckin(d, updatedAt);
      case 'checkin.failed':
        return { kind: 'ignored', reason: `a failed check-in is not a visit${failure(d)}` };
      case 'checkin.deleted':
        return { kind: 'ignored', reason: 'visits are kept when PushPress deletes a check-in (the canonical model has no visit deletion)' };
      case 'enrollment.created':
      case 'enrollment.status.changed':
        return mapEnrollment(d, updatedAt, event === 'enrollment.created', ctx.timezone);
      case 'enrollment.deleted':
        return mapped([['subscriptions', [{ externalId: string(d, 'id'), endsOn: localDate(updatedAt, ctx.timezone), cancelledAt: updatedAt, autoRenew: false, updatedAt }], true]]);
      case 'reservation.created':
      case 'reservation.canceled':
        return mapReservation(d, updatedAt, event === 'reservation.canceled');
      case 'reservation.waitlisted':
        return { kind: 'ignored', reason: 'a waitlist place is not a booking' };
      case 'appointment.scheduled':
      case 'appointment.rescheduled':
        return mapAppointment(d, updatedAt, 'booked');
      case 'appointment.canceled':
        return mapAppointment(d, updatedAt, d.isLateCancel === true ? 'late_cancelled' : 'cancelled');
      case 'appointment.noshowed':
        return mapAppointment(d, updatedAt, 'no_show');
      case 'class.canceled':
        return { kind: 'ignored', reason: 'a cancelled class names no reservations; each reservation.canceled event does' };
      case 'app.installed':
      case 'app.uninstalled':
        return { kind: 'ignored', reason: `${event} carries no member data` };
      default:
        return { kind: 'ignored', reason: `unknown event type ${JSON.stringify(event)}` };
    }
  } catch (e) {
    if (e instanceof InvalidField) return { kind: 'invalid', reason: e.message };
    throw e;
  }
}

/** Members, leads and ex-members are clients; PushPress's staff roles are staff records. */
function mapCustomer(d: Data, updatedAt: string): MapResult {
  const externalId = string(d, 'id');
  const name = (typeof d.name === 'object' && d.name !== null ? d.name : {}) as Data;
  const firstName = optString(name, 'first') ?? null;
  const lastName = optString(name, 'last') ?? null;
  const email = blankToNull(optString(d, 'email'));
  const phone = blankToNull(optString(d, 'phone'));
  const role = optString(d, 'role');
  if (role && STAFF_ROLES.has(role)) {
    return mapped([['staff', [{ externalId, firstName, lastName, email, phone, role, active: true, updatedAt }]]]);
  }
  const dob = optString(d, 'dob');
  const client: CanonicalRecord = {
    externalId,
    firstName,
    lastName,
    email,
    phone,
    birthDate: dob && isIsoDate(dob) ? dob : null,
    gender: d.gender === 'male' || d.gender === 'female' ? d.gender : 'unknown',
    customerType: role ?? null,
    // PushPress says who is a member (role member; non-member, ex-member and lead are not)
    isMember: role === undefined ? null : role === 'member',
    updatedAt,
  };
  const owner = optString(d, 'assignedToStaffId');
  if (owner) client.ownerStaffExternalId = owner;
  return mapped([['clients', [client]]]);
}

/** Only a successful check-in of the member itself is a visit (not a coach's, not a refused one). */
function mapCheckin(d: Data, updatedAt: string): MapResult {
  const externalId = string(d, 'id');
  const result = optString(d, 'result');
  if (result !== undefined && result !== 'success') return { kind: 'ignored', reason: `check-in result is "${result}", not a visit${failure(d)}` };
  const role = optString(d, 'role');
  if (role !== undefined && role !== 'attendee') return { kind: 'ignored', reason: `a check-in as ${role} is not a member's visit` };
  const kindName = string(d, 'kind');
  const kind = CHECKIN_KINDS[kindName];
  if (!kind) throw new InvalidField('kind', `has unknown value "${kindName}"`);
  const visit: CanonicalRecord = { externalId, clientExternalId: string(d, 'customer'), visitedAt: pushPressInstant(d.timestamp, 'timestamp'), kind, updatedAt };
  const appointmentId = kind === 'appointment' ? optString(d, 'appointmentId') : undefined;
  if (appointmentId) visit.bookingExternalId = `appointment:${appointmentId}`;
  return mapped([['visits', [visit]]]);
}

/**
 * An enrollment is a subscription to a plan. The payload carries no price (stored as 0 until
 * another source says otherwise). A status change without startDate only changes what the
 * status says, on the enrollment already stored, so it never moves its start.
 */
function mapEnrollment(d: Data, updatedAt: string, created: boolean, timezone: string): MapResult {
  const externalId = string(d, 'id');
  const status = string(d, 'status');
  const today = localDate(updatedAt, timezone);
  const startDate = optDate(d, 'startDate');
  const endDate = optDate(d, 'endDate');
  const schedule = (typeof d.billingSchedule === 'object' && d.billingSchedule !== null ? d.billingSchedule : {}) as Data;
  const period = optString(schedule, 'period');
  const recurring = period !== undefined && period !== 'once';
  const ending = ENDING.has(status);
  const statusFields: CanonicalRecord = {
    autoRenew: recurring && !ending,
    cancelledAt: status === 'canceled' || status === 'pendcancel' ? updatedAt : null,
    // a cancelled or completed plan without an end date ended when PushPress said so
    endsOn: endDate ?? (status === 'canceled' || status === 'completed' ? today : null),
  };
  const batches: Batch[] = [];
  if (created || startDate) {
    const sub: CanonicalRecord = {
      externalId,
      clientExternalId: string(d, 'customerId'),
      startsOn: startDate ?? today,
      ...statusFields,
      ...billing(schedule, period),
      updatedAt,
    };
    const plan = optString(d, 'planId');
    if (plan) sub.productExternalId = plan;
    batches.push(['subscriptions', [sub]]);
  } else {
    batches.push(['subscriptions', [{ externalId, ...statusFields, updatedAt }], true]);
  }
  // a paused plan is a freeze, open until the status moves on
  if (status === 'paused') batches.push(['freezes', [{ externalId: `pause:${externalId}`, subscriptionExternalId: externalId, startsOn: today, endsOn: null, updatedAt }]]);
  else if (!created) batches.push(['freezes', [{ externalId: `pause:${externalId}`, endsOn: today, updatedAt }], true]);
  return mapped(batches);
}

function billing(schedule: Data, period: string | undefined): CanonicalRecord {
  const n = typeof schedule.interval === 'number' && Number.isInteger(schedule.interval) && schedule.interval > 0 ? schedule.interval : 1;
  switch (period) {
    case 'day':
      return { billingUnit: 'day', billingInterval: n };
    case 'week':
      return { billingUnit: 'day', billingInterval: 7 * n };
    case 'month':
      return { billingUnit: 'month', billingInterval: n };
    case 'year':
      return { billingUnit: 'month', billingInterval: 12 * n };
    case 'once':
      return { billingUnit: 'month', billingInterval: 0 };
    default:
      return {};
  }
}

/**
 * A class reservation. PushPress's reservation payload names the calendar event but not its
 * time, so the booking is dated by when the reservation was made (registrationTimestamp).
 */
function mapReservation(d: Data, updatedAt: string, cancelledEvent: boolean): MapResult {
  const status = optString(d, 'status');
  if (status === 'waitlisted') return { kind: 'ignored', reason: 'a waitlist place is not a booking' };
  let state: BookingState | undefined = status === undefined ? 'booked' : RESERVATION_STATES[status];
  if (!state) throw new InvalidField('status', `has unknown value "${status}"`);
  // the cancel event is the cancellation whatever status the payload still shows
  if (cancelledEvent && state !== 'late_cancelled') state = 'cancelled';
  const at = pushPressInstant(d.registrationTimestamp, 'registrationTimestamp');
  return mapped([
    ['bookings', [{ externalId: `reservation:${string(d, 'id')}`, clientExternalId: string(d, 'customerId'), kind: 'class', startsAt: at, bookedAt: at, state, noShowActive: false, updatedAt }]],
  ]);
}

function mapAppointment(d: Data, updatedAt: string, state: BookingState): MapResult {
  const type = (typeof d.type === 'object' && d.type !== null ? d.type : {}) as Data;
  const name = optString(type, 'name') ?? null;
  const booking: CanonicalRecord = {
    externalId: `appointment:${string(d, 'id')}`,
    clientExternalId: string(d, 'customerId'),
    kind: 'appointment',
    name,
    serviceCategory: name,
    startsAt: pushPressInstant(d.startTimestamp, 'startTimestamp'),
    state,
    noShowActive: state === 'no_show',
    updatedAt,
  };
  return mapped([['bookings', [booking]]]);
}

type Batch = [EntityName, CanonicalRecord[]] | [EntityName, CanonicalRecord[], true];

function mapped(batches: Batch[]): MapResult {
  return { kind: 'mapped', batches: batches.map(([entity, records, updateOnly]): IngestBatch => (updateOnly ? { entity, records, updateOnly } : { entity, records })) };
}

function string(d: Data, field: string): string {
  const v = d[field];
  if (typeof v !== 'string' || v.trim() === '') throw new InvalidField(field, 'must be a non-empty string');
  return v;
}

function optString(d: Data, field: string): string | undefined {
  const v = d[field];
  return typeof v === 'string' ? v : undefined;
}

function blankToNull(v: string | undefined): string | null {
  return v === undefined || v.trim() === '' ? null : v.trim();
}

/** PushPress dates are "YYYY-MM-DD" strings (a time after the date is not used). */
function optDate(d: Data, field: string): string | undefined {
  const v = d[field];
  if (v === undefined || v === null || v === '') return undefined;
  const date = typeof v === 'string' ? v.slice(0, 10) : '';
  if (!isIsoDate(date)) throw new InvalidField(field, 'must be a date (YYYY-MM-DD)');
  return date;
}

function failure(d: Data): string {
  const reason = optString(d, 'failureReason');
  return reason ? ` (${reason})` : '';
}

/** The business-local calendar date of an instant. */
function localDate(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}
