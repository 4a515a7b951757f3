// The canonical record shapes every ingest path writes (import API, CSV, generic webhook,
// Mindbody mapping, sync, demo). One declarative table per entity drives validation,
// the set-based upsert SQL, CSV coercion and the published JSON Schema, so the paths
// cannot drift apart.

// the kinds of change an ingest reports are part of the clients.changed event (src/queue)
import { CHANGE_KINDS, ChangeKind } from '../../queue/job-payloads';

export { CHANGE_KINDS };
export type { ChangeKind };

export type FieldType = 'text' | 'int' | 'money' | 'bool' | 'date' | 'timestamp' | 'enum' | 'textArray';

export type RefTarget = 'client' | 'location' | 'staff' | 'product' | 'subscription' | 'booking';

export interface FieldSpec {
  /** API / CSV name (camelCase). */
  name: string;
  /** Column it lands in; for refs the id column (`client_id`). */
  column: string;
  type: FieldType;
  required?: boolean;
  /** Allowed values for enums. */
  values?: readonly string[];
  /** Max length for text. */
  max?: number;
  /** A text field that must hold an address of this kind when not empty (a bad one is rejected, not stored to fail at delivery). */
  format?: 'email';
  /** Lower bound for int/money. */
  min?: number;
  /** The field carries the external id of another record of the same source. */
  ref?: RefTarget;
  /** The column is NOT NULL with a default: the field may be omitted but not set to null. */
  notNull?: boolean;
  /** Another field that may stand in for this required one (a client by its alternate id). */
  alternative?: string;
  /** Input only: resolved before the write and never stored as such. */
  virtual?: boolean;
  description?: string;
}

export interface EntitySpec {
  /** URL / CLI name, plural. */
  entity: EntityName;
  table: string;
  /** Which client a row belongs to, for change events (null: not client-scoped). */
  clientColumn: 'client_id' | 'id' | null;
  /** Kind of change reported on the ingest-events queue. */
  changeKind: ChangeKind;
  fields: readonly FieldSpec[];
}

export const ENTITY_NAMES = ['locations', 'staff', 'clients', 'products', 'subscriptions', 'freezes', 'quotas', 'bookings', 'visits', 'sales', 'invoices'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const PRODUCT_KINDS = ['membership', 'class_pack', 'service', 'retail', 'package', 'other'] as const;
export const PAYMENT_METHODS = ['direct_debit', 'cash', 'recurring_card', 'invoice', 'other'] as const;
const BILLING_UNITS = ['day', 'month'] as const;
const CANCELLATION_KINDS = ['ordinary', 'extraordinary'] as const;
const VISIT_KINDS = ['gym', 'class', 'appointment'] as const;
const BOOKING_KINDS = ['class', 'appointment'] as const;
export const BOOKING_STATES = ['booked', 'attended', 'no_show', 'late_cancelled', 'cancelled'] as const;

const externalId: FieldSpec = {
  name: 'externalId',
  column: 'external_id',
  type: 'text',
  required: true,
  max: 200,
  description: 'the id of this record in the source system; unique per business and source',
};
const updatedAt: FieldSpec = {
  name: 'updatedAt',
  column: 'source_updated_at',
  type: 'timestamp',
  description: 'when the source last changed the record; an older update never overwrites a newer one',
};
const clientRef: FieldSpec = {
  name: 'clientExternalId',
  column: 'client_id',
  type: 'text',
  ref: 'client',
  required: true,
  max: 200,
  alternative: 'clientAltExternalId',
};
// Some source events name the client only by the source's second id (Mindbody's editable
// client id); the writer resolves it through client.alt_external_id.
const clientAltRef: FieldSpec = {
  name: 'clientAltExternalId',
  column: '',
  type: 'text',
  max: 200,
  virtual: true,
  description: "the client's alternate id in the source, when the record does not carry clientExternalId",
};
const locationRef: FieldSpec = { name: 'locationExternalId', column: 'location_id', type: 'text', ref: 'location', max: 200 };
const productRef: FieldSpec = { name: 'productExternalId', column: 'product_id', type: 'text', ref: 'product', max: 200 };

const SPECS: readonly EntitySpec[] = [
  {
    entity: 'locations',
    table: 'location',
    clientColumn: null,
    changeKind: 'location',
    fields: [externalId, { name: 'name', column: 'name', type: 'text', required: true, max: 200 }, updatedAt],
  },
  {
    entity: 'staff',
    table: 'staff',
    clientColumn: null,
    changeKind: 'staff',
    fields: [
      externalId,
      { name: 'firstName', column: 'first_name', type: 'text', max: 200 },
      { name: 'lastName', column: 'last_name', type: 'text', max: 200 },
      { name: 'email', column: 'email', type: 'text', max: 320, format: 'email' },
      { name: 'phone', column: 'phone', type: 'text', max: 50 },
      { name: 'role', column: 'role', type: 'text', max: 100 },
      { name: 'active', column: 'active', type: 'bool', notNull: true },
      updatedAt,
    ],
  },
  {
    entity: 'clients',
    table: 'client',
    clientColumn: 'id',
    changeKind: 'client',
    fields: [
      externalId,
      { name: 'altExternalId', column: 'alt_external_id', type: 'text', max: 200, description: "a second id the source uses for the client (e.g. Mindbody's editable client id)" },
      { name: 'firstName', column: 'first_name', type: 'text', max: 200 },
      { name: 'lastName', column: 'last_name', type: 'text', max: 200 },
      { name: 'email', column: 'email', type: 'text', max: 320, format: 'email' },
      { name: 'phone', column: 'phone', type: 'text', max: 50 },
      { name: 'birthDate', column: 'birth_date', type: 'date' },
      { name: 'gender', column: 'gender', type: 'enum', values: GENDERS, notNull: true },
      { name: 'customerType', column: 'customer_type', type: 'text', max: 100 },
      { name: 'isMember', column: 'is_member', type: 'bool', description: "the source's member flag; null where it has none" },
      { name: 'homeLocationExternalId', column: 'home_location_id', type: 'text', ref: 'location', max: 200 },
      { name: 'ownerStaffExternalId', column: 'owner_staff_id', type: 'text', ref: 'staff', max: 200 },
      { name: 'suspended', column: 'suspended', type: 'bool', notNull: true },
      { name: 'emailConsent', column: 'email_consent', type: 'bool' },
      { name: 'smsConsent', column: 'sms_consent', type: 'bool' },
      { name: 'pushTokens', column: 'push_tokens', type: 'textArray', notNull: true },
      { name: 'createdAt', column: 'source_created_at', type: 'timestamp' },
      { name: 'deletedAt', column: 'deleted_at', type: 'timestamp', description: 'set when the client was deleted or deactivated at the source' },
      {
        name: 'mergedExternalIds',
        column: '',
        type: 'textArray',
        virtual: true,
        description: 'external ids of clients the source merged into this one: their history moves here and they are retired',
      },
      updatedAt,
    ],
  },
  {
    entity: 'products',
    table: 'product',
    clientColumn: null,
    changeKind: 'product',
    fields: [
      externalId,
      { name: 'name', column: 'name', type: 'text', required: true, max: 300 },
      { name: 'kind', column: 'kind', type: 'enum', values: PRODUCT_KINDS, notNull: true },
      { name: 'labels', column: 'labels', type: 'textArray', notNull: true },
      { name: 'serviceCategory', column: 'service_category', type: 'text', max: 200 },
      { name: 'price', column: 'price', type: 'money', min: 0, description: 'minor units (cents)' },
      updatedAt,
    ],
  },
  {
    entity: 'subscriptions',
    table: 'subscription',
    clientColumn: 'client_id',
    changeKind: 'subscription',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      productRef,
      { name: 'name', column: 'name', type: 'text', max: 300 },
      { name: 'startsOn', column: 'starts_on', type: 'date', required: true },
      { name: 'endsOn', column: 'ends_on', type: 'date', description: 'null = open-ended' },
      { name: 'bindingEndsOn', column: 'binding_ends_on', type: 'date' },
      { name: 'autoRenew', column: 'auto_renew', type: 'bool', notNull: true },
      { name: 'paymentMethod', column: 'payment_method', type: 'enum', values: PAYMENT_METHODS, notNull: true },
      { name: 'price', column: 'price', type: 'money', min: 0, notNull: true, description: 'minor units per billing period' },
      { name: 'billingUnit', column: 'billing_unit', type: 'enum', values: BILLING_UNITS, notNull: true },
      { name: 'billingInterval', column: 'billing_interval', type: 'int', min: 0, notNull: true },
      { name: 'billed', column: 'billed', type: 'bool', notNull: true },
      { name: 'trailingBilling', column: 'trailing_billing', type: 'bool', notNull: true },
      { name: 'cancelledAt', column: 'cancelled_at', type: 'timestamp' },
      { name: 'cancellationKind', column: 'cancellation_kind', type: 'enum', values: CANCELLATION_KINDS },
      { name: 'cancellationReason', column: 'cancellation_reason', type: 'text', max: 1000 },
      updatedAt,
    ],
  },
  {
    entity: 'freezes',
    table: 'subscription_freeze',
    clientColumn: null,
    changeKind: 'freeze',
    fields: [
      externalId,
      { name: 'subscriptionExternalId', column: 'subscription_id', type: 'text', ref: 'subscription', required: true, max: 200 },
      { name: 'startsOn', column: 'starts_on', type: 'date', required: true },
      { name: 'endsOn', column: 'ends_on', type: 'date' },
      updatedAt,
    ],
  },
  {
    entity: 'quotas',
    table: 'quota',
    clientColumn: 'client_id',
    changeKind: 'quota',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      productRef,
      { name: 'name', column: 'name', type: 'text', max: 300 },
      { name: 'totalUnits', column: 'total_units', type: 'int', required: true, min: 0 },
      { name: 'usedUnits', column: 'used_units', type: 'int', min: 0, notNull: true },
      { name: 'expiresOn', column: 'expires_on', type: 'date' },
      updatedAt,
    ],
  },
  {
    entity: 'bookings',
    table: 'booking',
    clientColumn: 'client_id',
    changeKind: 'booking',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      locationRef,
      productRef,
      { name: 'kind', column: 'kind', type: 'enum', values: BOOKING_KINDS, required: true },
      { name: 'name', column: 'name', type: 'text', max: 300 },
      { name: 'serviceCategory', column: 'service_category', type: 'text', max: 200 },
      { name: 'startsAt', column: 'starts_at', type: 'timestamp', required: true },
      { name: 'bookedAt', column: 'booked_at', type: 'timestamp' },
      { name: 'state', column: 'state', type: 'enum', values: BOOKING_STATES, notNull: true },
      { name: 'noShowActive', column: 'no_show_active', type: 'bool', notNull: true },
      { name: 'bookedVia', column: 'booked_via', type: 'text', max: 100, description: 'channel or aggregator the booking came through (e.g. classpass)' },
      updatedAt,
    ],
  },
  {
    entity: 'visits',
    table: 'visit',
    clientColumn: 'client_id',
    changeKind: 'visit',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      locationRef,
      { name: 'bookingExternalId', column: 'booking_id', type: 'text', ref: 'booking', max: 200 },
      { name: 'visitedAt', column: 'visited_at', type: 'timestamp', required: true },
      { name: 'kind', column: 'kind', type: 'enum', values: VISIT_KINDS, notNull: true },
      updatedAt,
    ],
  },
  {
    entity: 'sales',
    table: 'sale',
    clientColumn: 'client_id',
    changeKind: 'sale',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      productRef,
      locationRef,
      { name: 'soldAt', column: 'sold_at', type: 'timestamp', required: true },
      { name: 'quantity', column: 'quantity', type: 'int', min: 0, notNull: true },
      { name: 'amount', column: 'amount', type: 'money', notNull: true, description: 'minor units; negative for refunds' },
      updatedAt,
    ],
  },
  {
    entity: 'invoices',
    table: 'invoice',
    clientColumn: 'client_id',
    changeKind: 'invoice',
    fields: [
      externalId,
      clientRef,
      clientAltRef,
      { name: 'amount', column: 'amount', type: 'money', required: true },
      { name: 'dueOn', column: 'due_on', type: 'date', required: true },
      { name: 'paidAt', column: 'paid_at', type: 'timestamp' },
      { name: 'directDebit', column: 'direct_debit', type: 'bool', notNull: true },
      updatedAt,
    ],
  },
];

const BY_NAME = new Map(SPECS.map((s) => [s.entity, s]));

export function entitySpec(entity: EntityName): EntitySpec {
  const spec = BY_NAME.get(entity);
  if (!spec) throw new Error(`unknown entity ${entity}`);
  return spec;
}

export function isEntityName(value: string): value is EntityName {
  return BY_NAME.has(value as EntityName);
}

export const ENTITY_SPECS = SPECS;

/** Canonical record as the API accepts it: field name -> JSON value. */
export type CanonicalRecord = Record<string, unknown>;

/** Table and external-id column each ref resolves against. */
export const REF_TABLES: Record<RefTarget, string> = {
  client: 'client',
  location: 'location',
  staff: 'staff',
  product: 'product',
  subscription: 'subscription',
  booking: 'booking',
};

/** Load order: an entity's refs point only at entities earlier in this list. */
export const LOAD_ORDER: readonly EntityName[] = ENTITY_NAMES;
