import { MapResult } from '../webhooks/webhook-connector';
import { mapAppointment, mapAppointmentCancelled } from './mindbody-webhook-appointments.mapper';
import { mapClassBooking, mapClassBookingCancelled } from './mindbody-webhook-classes.mapper';
import { mapArrival } from './mindbody-webhook-arrivals.mapper';
import { mapClient, mapMembershipAssigned, mapMembershipCancelled, mapProfileMerger } from './mindbody-webhook-clients.mapper';
import { mapContract, mapContractCancelled, mapSale } from './mindbody-webhook-commerce.mapper';
import { Data, Handler, InvalidField, ignored, intId, isObject, mapped, optText, originationTime } from './mindbody-webhook-fields';
import { MbMappedEventType, MbWebhookEnvelope } from './mindbody-webhook.types';

// Pure mapping of one Mindbody webhook event to canonical records (docs/mindbody-webhooks.md),
// one file per event family. Key choices, shared with the Mindbody sync so both paths upsert
// the same rows:
// - clients are keyed by clientUniqueId (immutable); clientId (the editable RSSID) is their
//   altExternalId, and records of events that carry only the RSSID name the client by it;
// - bookings are prefixed by kind (`class:<classRosterBookingId>`, `appt:<appointmentId>`);
//   visits are `<classRosterBookingId>` and `appt:<appointmentId>`;
// - sales are one record per line item, `<saleId>:<index in items>`;
// - subscriptions are keyed by clientContractId;
// - events that carry only ids (cancellations) are update-only batches: they change the row
//   an earlier event or the sync wrote, and are rejected (never inserted) when it is missing.
// Datetimes of the payload are passed through untouched (offset-less = site-local, which the
// writer reads in the business's zone); updatedAt is the envelope's origination time.

const HANDLERS: Record<MbMappedEventType, Handler> = {
  'client.created': mapClient,
  'client.updated': mapClient,
  'client.deactivated': mapClient,
  'classRosterBooking.created': mapClassBooking,
  'classRosterBookingStatus.updated': mapClassBooking,
  'classRosterBooking.cancelled': mapClassBookingCancelled,
  'appointmentBooking.created': mapAppointment,
  'appointmentBooking.updated': mapAppointment,
  'appointmentBooking.cancelled': mapAppointmentCancelled,
  'clientContract.created': mapContract,
  'clientContract.updated': mapContract,
  'clientContract.cancelled': mapContractCancelled,
  'clientMembershipAssignment.created': mapMembershipAssigned,
  'clientMembershipAssignment.cancelled': mapMembershipCancelled,
  'clientSale.created': mapSale,
  'location.created': mapLocation,
  'location.updated': mapLocation,
  'clientArrival.created': mapArrival,
  'clientProfileMerger.created': mapProfileMerger,
};

/** Maps one envelope (already checked by the connector's parse) to canonical batches. */
export function mapMindbodyEvent(eventType: string, payload: unknown): MapResult {
  if (!isObject(payload)) return { kind: 'invalid', reason: 'payload must be a JSON object' };
  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, eventType) ? HANDLERS[eventType as MbMappedEventType] : undefined;
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

function mapLocation(d: Data, updatedAt: string): MapResult {
  const name = optText(d, 'name');
  if (!name) throw new InvalidField('name', 'must be a non-empty string');
  return mapped([['locations', [{ externalId: intId(d, 'locationId'), name, updatedAt }]]]);
}
