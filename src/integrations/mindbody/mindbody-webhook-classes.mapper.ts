import { BOOKING_STATES, CanonicalRecord } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';
import { clientRef, clientStub } from './mindbody-webhook-clients.mapper';
import { Batch, Data, InvalidField, intId, mapped, normalise, optIntId, optString, string, timestamp } from './mindbody-webhook-fields';

// Class roster bookings and class visits. Bookings are `class:<classRosterBookingId>` (roster
// and appointment ids are separate sequences); the sync keys class visits by the bare roster id.

type BookingState = (typeof BOOKING_STATES)[number];

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

export function mapClassBooking(d: Data, updatedAt: string, eventType: string): MapResult {
  const created = eventType === 'classRosterBooking.created';
  const rosterId = intId(d, 'classRosterBookingId');
  const client = clientRef(d, 'clientId');
  const startsAt = timestamp(d, created ? 'classStartDateTime' : 'classDateTime');
  const statusField = 'signedInStatus';
  const rawStatus = created ? optString(d, statusField) : string(d, statusField);
  const state = rawStatus === undefined ? 'booked' : rosterState(rawStatus);
  if (!state) throw new InvalidField(statusField, `has unknown value "${rawStatus}"`);
  const locationExternalId = optIntId(d, 'locationId');
  const externalId = `class:${rosterId}`;

  const booking: CanonicalRecord = {
    externalId,
    ...client.fields,
    kind: 'class',
    startsAt,
    state,
    noShowActive: state === 'no_show',
    updatedAt,
  };
  if (locationExternalId !== undefined) booking.locationExternalId = locationExternalId;
  // the roster entry is made when this event fires
  if (created) booking.bookedAt = updatedAt;

  const batches: Batch[] = [];
  const stub = client.uniqueId ? clientStub(client.uniqueId, d, 'clientId') : undefined;
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['bookings', [booking]]);
  if (state === 'attended') {
    const visit: CanonicalRecord = { externalId: rosterId, ...client.fields, bookingExternalId: externalId, visitedAt: startsAt, kind: 'class', updatedAt };
    if (locationExternalId !== undefined) visit.locationExternalId = locationExternalId;
    batches.push(['visits', [visit]]);
  }
  return mapped(batches);
}

/**
 * classRosterBooking.cancelled carries ids only (no class time), so it changes the booking the
 * earlier events or the sync wrote, and nothing else: an update-only record. The documented
 * payload has no late-cancel flag; a signedInStatus, if one is sent, says which kind it was.
 */
export function mapClassBookingCancelled(d: Data, updatedAt: string): MapResult {
  const rosterId = intId(d, 'classRosterBookingId');
  const rawStatus = optString(d, 'signedInStatus');
  let state: BookingState = 'cancelled';
  if (rawStatus !== undefined) {
    const s = rosterState(rawStatus);
    if (s !== 'cancelled' && s !== 'late_cancelled') throw new InvalidField('signedInStatus', `has value "${rawStatus}", which is not a cancellation`);
    state = s;
  }
  return mapped([['bookings', [{ externalId: `class:${rosterId}`, state, noShowActive: false, updatedAt }], { updateOnly: true }]]);
}
