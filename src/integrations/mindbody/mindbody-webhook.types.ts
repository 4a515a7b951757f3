// The Mindbody Webhooks API (schema version 1) envelope and the events we map
// (docs/mindbody-webhooks.md lists the sources). Event payloads stay untyped records: the
// mapper checks every field it reads at runtime.

/** The delivery envelope: one event per POST. */
export interface MbWebhookEnvelope<TData = Record<string, unknown>> {
  /** Unique id of this message; our idempotency key (same value on redelivery). */
  messageId: string;
  /** The event type, e.g. "client.updated" (not an instance id). */
  eventId: string;
  /** Always 1 today. */
  eventSchemaVersion: number;
  /** UTC time the business triggered the event; our updatedAt. */
  eventInstanceOriginationDateTime: string;
  eventData: TData;
}

export const MB_MAPPED_EVENT_TYPES = [
  'client.created',
  'client.updated',
  'client.deactivated',
  'classRosterBooking.created',
  'classRosterBookingStatus.updated',
  'classRosterBooking.cancelled',
  'appointmentBooking.created',
  'appointmentBooking.updated',
  'appointmentBooking.cancelled',
  'clientContract.created',
  'clientContract.updated',
  'clientContract.cancelled',
  'clientMembershipAssignment.created',
  'clientMembershipAssignment.cancelled',
  'clientSale.created',
  'location.created',
  'location.updated',
  'clientArrival.created',
  'clientProfileMerger.created',
] as const;
export type MbMappedEventType = (typeof MB_MAPPED_EVENT_TYPES)[number];
