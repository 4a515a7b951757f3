import { BOOKING_STATES, CanonicalRecord } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';
import { clientRef, clientStub } from './mindbody-webhook-clients.mapper';
import { Batch, Data, InvalidField, intId, mapped, normalise, optBool, optIntId, optText, string, timestamp } from './mindbody-webhook-fields';

// Appointment bookings and visits, both keyed `appt:<appointmentId>`. The documented payload
// names the client only by RSSID (clientId): the records then carry clientAltExternalId and
// the writer resolves it through client.alt_external_id (set from client events and the
// sync), rejecting an RSSID it does not know rather than creating a second client.

type BookingState = (typeof BOOKING_STATES)[number];

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

export function mapAppointment(d: Data, updatedAt: string, eventType: string): MapResult {
  const appointmentId = intId(d, 'appointmentId');
  const rawStatus = string(d, 'status');
  let state = APPOINTMENT_STATES[normalise(rawStatus)];
  if (!state) throw new InvalidField('status', `has unknown value "${rawStatus}"`);
  const startsAt = timestamp(d, 'startDateTime');
  const client = clientRef(d, 'clientId');
  if (state === 'booked' && optBool(d, 'hasArrived') === true) state = 'attended';

  const externalId = `appt:${appointmentId}`;
  const locationExternalId = optIntId(d, 'locationId');
  const booking: CanonicalRecord = {
    externalId,
    ...client.fields,
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

  const batches: Batch[] = [];
  const stub = client.uniqueId ? clientStub(client.uniqueId, d, 'clientId') : undefined;
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['bookings', [booking]]);
  if (state === 'attended') {
    const visit: CanonicalRecord = { externalId, ...client.fields, bookingExternalId: externalId, visitedAt: startsAt, kind: 'appointment', updatedAt };
    if (locationExternalId !== undefined) visit.locationExternalId = locationExternalId;
    batches.push(['visits', [visit]]);
  }
  return mapped(batches);
}

/** appointmentBooking.cancelled carries only the appointment id: an update-only state change. */
export function mapAppointmentCancelled(d: Data, updatedAt: string): MapResult {
  const appointmentId = intId(d, 'appointmentId');
  return mapped([['bookings', [{ externalId: `appt:${appointmentId}`, state: 'cancelled', noShowActive: false, updatedAt }], { updateOnly: true }]]);
}
