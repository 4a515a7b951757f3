// Payloads of the Mindbody Webhooks API (schema version 1) for the events we map, with
// Mindbody's own camelCase names (docs/mindbody-webhooks.md lists the sources). Only what
// the mapper reads or the fixtures assert on is typed; the mapper checks every field it
// uses at runtime, so these types describe the documented shape, not a guarantee.

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
] as const;
export type MbMappedEventType = (typeof MB_MAPPED_EVENT_TYPES)[number];

/** client.created / client.updated / client.deactivated share one shape. */
export interface MbClientEventData {
  siteId: number;
  /** The business-editable id (RSSID, often a barcode). Not our key. */
  clientId: string;
  /** System-generated, immutable. Our client externalId. */
  clientUniqueId: number;
  creationDateTime?: string | null;
  /** Declined, Non-Member, Active, Expired, Suspended, Terminated. */
  status?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  mobilePhone?: string | null;
  homePhone?: string | null;
  workPhone?: string | null;
  birthDateTime?: string | null;
  gender?: string | null;
  isProspect?: boolean | null;
  homeLocation?: number | null;
  sendPromotionalEmails?: boolean | null;
  sendPromotionalTexts?: boolean | null;
  [key: string]: unknown;
}

export interface MbClassRosterBookingCreatedData {
  siteId: number;
  locationId: number;
  classId: number;
  classRosterBookingId: number;
  /** Site-local, usually without an offset. */
  classStartDateTime: string;
  classEndDateTime?: string | null;
  signedInStatus?: string | null;
  staffId?: number | null;
  clientId: string;
  clientUniqueId: number;
  clientFirstName?: string | null;
  clientLastName?: string | null;
  clientEmail?: string | null;
  itemId?: number | null;
  itemName?: string | null;
  [key: string]: unknown;
}

export interface MbClassRosterBookingStatusUpdatedData {
  siteId: number;
  locationId: number;
  classId: number;
  classRosterBookingId: number;
  /** Note: classDateTime here, classStartDateTime on .created. */
  classDateTime: string;
  signedInStatus: string;
  clientId: string;
  clientUniqueId: number;
  clientFirstName?: string | null;
  clientLastName?: string | null;
  [key: string]: unknown;
}

/** Ids only (no class time): mapped to an update-only booking state change. */
export interface MbClassRosterBookingCancelledData {
  siteId: number;
  locationId: number;
  classId: number;
  classRosterBookingId: number;
  clientId: string;
  clientUniqueId: number;
  /** Not documented on this event; read when present (LateCancelled / Cancelled). */
  signedInStatus?: string | null;
}

export interface MbAppointmentBookingData {
  siteId: number;
  appointmentId: number;
  /** None, Requested, Booked, Completed, Confirmed, Arrived, NoShow, Cancelled, LateCancelled. */
  status: string;
  isConfirmed?: boolean | null;
  hasArrived?: boolean | null;
  locationId?: number | null;
  /** RSSID only: the documented payload has no clientUniqueId; records use clientAltExternalId. */
  clientId: string;
  /** Not documented; preferred when present. */
  clientUniqueId?: number | null;
  clientFirstName?: string | null;
  clientLastName?: string | null;
  startDateTime: string;
  endDateTime?: string | null;
  durationMinutes?: number | null;
  sessionTypeId?: number | null;
  appointmentName?: string | null;
  [key: string]: unknown;
}

/** Ids only: mapped to an update-only booking state change. */
export interface MbAppointmentBookingCancelledData {
  siteId: number;
  appointmentId: number;
}

export interface MbClientContractCreatedData {
  siteId: number;
  clientId: string;
  clientUniqueId: number;
  clientFirstName?: string | null;
  clientLastName?: string | null;
  clientEmail?: string | null;
  agreementDateTime?: string | null;
  contractOriginationLocation?: number | null;
  /** The contract template. */
  contractId?: number | null;
  contractName?: string | null;
  /** This client's purchase of the contract; our subscription externalId. */
  clientContractId: number;
  contractStartDateTime: string;
  contractEndDateTime?: string | null;
  isAutoRenewing?: boolean | null;
  [key: string]: unknown;
}

export interface MbClientContractUpdatedData {
  siteId: number;
  agreementDateTime?: string | null;
  clientId: string;
  clientUniqueId: number;
  clientContractId: number;
  contractStartDateTime: string;
  contractEndDateTime?: string | null;
  isAutoRenewing?: boolean | null;
}

/** Ids only: mapped to an update-only subscription change (cancelledAt, endsOn if given). */
export interface MbClientContractCancelledData {
  siteId: number;
  clientId: string;
  clientUniqueId: number;
  clientContractId: number;
  /** Not documented on this event; read when present. */
  contractEndDateTime?: string | null;
}

export interface MbClientMembershipAssignmentCreatedData {
  siteId: number;
  clientId: string;
  clientUniqueId: number;
  clientFirstName?: string | null;
  clientLastName?: string | null;
  clientEmail?: string | null;
  membershipId: number;
  membershipName?: string | null;
}

export interface MbClientMembershipAssignmentCancelledData {
  siteId: number;
  clientId: string;
  membershipId: number;
}

export interface MbSalePayment {
  paymentId: number;
  paymentMethodId?: number | null;
  paymentMethodName?: string | null;
  paymentAmountPaid?: number | null;
  paymentLastFour?: string | null;
  paymentNotes?: string | null;
}

export interface MbSaleItem {
  itemId: number;
  /** e.g. Service (a pricing option), Product, Package, Contract. */
  type?: string | null;
  name?: string | null;
  /** Major units, after discounts; negative for returns. */
  amountPaid: number;
  amountDiscounted?: number | null;
  quantity: number;
  /** RSSID of who receives the item. */
  recipientClientId?: string | null;
  paymentReferenceId?: number | null;
}

export interface MbClientSaleCreatedData {
  siteId: number;
  saleId: number;
  /** RSSID only: the documented payload has no unique client id; records use clientAltExternalId. */
  purchasingClientId: string;
  /** Not documented; preferred when present. */
  clientUniqueId?: number | null;
  payments?: MbSalePayment[];
  saleDateTime: string;
  soldById?: number | null;
  soldByName?: string | null;
  locationId?: number | null;
  totalAmountPaid?: number | null;
  items: MbSaleItem[];
}

export interface MbLocationEventData {
  siteId: number;
  locationId: number;
  name: string;
  description?: string | null;
  hasClasses?: boolean | null;
  [key: string]: unknown;
}
