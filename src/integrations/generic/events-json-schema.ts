import { ENTITY_SPECS, EntityName, EntitySpec, FieldSpec, entitySpec } from '../../clients';
import { DEFAULT_STATIC_HEADER, GENERIC_EVENT_ENTITIES, GENERIC_EVENT_TYPES, GenericEventType, MAX_EVENTS_PER_DELIVERY, MAX_EVENT_ID_LENGTH } from './generic-events';

type JsonSchema = Record<string, unknown>;

const TOP_DESCRIPTION = [
  'Canonical events accepted by POST /webhooks/generic/:businessId.',
  `A delivery body is one event, or {"events": [...]} with 1-${MAX_EVENTS_PER_DELIVERY} events.`,
  'Each event carries an `id` (idempotency key): an id already received for the business is acknowledged and not processed again.',
  'Authentication, HMAC mode: send the header X-Comeback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">,',
  "keyed with the business's signing secret and computed over the exact bytes sent. Deliveries whose t is more than 300 s",
  'away from the server clock are refused. Several v1= entries may be sent (e.g. old and new secret during rotation); one matching is enough.',
  `Authentication, static header mode (for senders that can only send a fixed header): the configured header (default ${DEFAULT_STATIC_HEADER})`,
  'must carry the configured value exactly.',
  'Event types not listed here are stored and acknowledged but not processed.',
  "Timestamps in `data` without an offset are read in the business's time zone; `occurredAt` must have an offset.",
].join(' ');

/**
 * The JSON Schema (draft 2020-12) of generic webhook deliveries, generated from
 * ENTITY_SPECS; served at GET /api/v1/schema/events.
 */
export function buildEventsJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {
    EventId: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_EVENT_ID_LENGTH,
      description: 'unique per event and business; the idempotency key (resending the same id is a no-op)',
    },
    OccurredAt: {
      type: 'string',
      format: 'date-time',
      description: 'when the change happened at the source, ISO 8601 with offset (e.g. 2026-03-01T09:30:00Z); orders out-of-order events and is the default for data.updatedAt',
    },
  };
  for (const spec of ENTITY_SPECS) defs[recordDefName(spec.entity)] = recordSchema(spec);
  for (const type of GENERIC_EVENT_TYPES) defs[eventDefName(type)] = eventSchema(type);
  defs.Event = {
    description: 'one event; `type` selects the shape of `data`',
    oneOf: GENERIC_EVENT_TYPES.map((type) => ref(eventDefName(type))),
  };
  defs.EventBatch = {
    type: 'object',
    properties: {
      events: { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_DELIVERY, items: ref('Event') },
    },
    required: ['events'],
    additionalProperties: false,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:comeback:schema:events:v1',
    title: 'Comeback canonical events',
    description: TOP_DESCRIPTION,
    oneOf: [ref('Event'), ref('EventBatch')],
    $defs: defs,
  };
}

/** `$defs` name of an entity's record: clients -> ClientRecord. */
export function recordDefName(entity: EntityName): string {
  return `${pascal(entitySpec(entity).changeKind)}Record`;
}

/** `$defs` name of an event: client.upserted -> ClientUpsertedEvent. */
export function eventDefName(type: GenericEventType): string {
  return `${type.split('.').map(pascal).join('')}Event`;
}

function eventSchema(type: GenericEventType): JsonSchema {
  const entity = GENERIC_EVENT_ENTITIES[type];
  return {
    type: 'object',
    properties: {
      id: ref('EventId'),
      type: { const: type },
      occurredAt: ref('OccurredAt'),
      data: {
        ...ref(recordDefName(entity)),
        description: `the ${entity} record; updatedAt defaults to occurredAt when omitted`,
      },
    },
    required: ['id', 'type', 'occurredAt', 'data'],
    additionalProperties: false,
  };
}

function recordSchema(spec: EntitySpec): JsonSchema {
  return {
    type: 'object',
    description: `canonical ${spec.entity} record`,
    properties: Object.fromEntries(spec.fields.map((f) => [f.name, fieldSchema(f)])),
    required: spec.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };
}

/** Optional fields may be null (clears the value) unless the column is NOT NULL. */
export function isNullable(field: FieldSpec): boolean {
  return !field.required && !field.notNull;
}

function fieldSchema(field: FieldSpec): JsonSchema {
  const nullable = isNullable(field);
  const s = baseSchema(field);
  if (nullable) {
    s.type = [s.type, 'null'];
    if (Array.isArray(s.enum)) s.enum = [...s.enum, null];
  }
  const description = fieldDescription(field);
  if (description) s.description = description;
  return s;
}

function baseSchema(field: FieldSpec): JsonSchema {
  switch (field.type) {
    case 'text': {
      const s: JsonSchema = { type: 'string' };
      // The writer refuses blank required text.
      if (field.required) Object.assign(s, { minLength: 1, pattern: '\\S' });
      if (field.max !== undefined) s.maxLength = field.max;
      return s;
    }
    case 'int':
    case 'money': {
      const s: JsonSchema = { type: 'integer' };
      if (field.min !== undefined) s.minimum = field.min;
      return s;
    }
    case 'bool':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'string', enum: [...(field.values ?? [])] };
    case 'textArray':
      return { type: 'array', items: { type: 'string' } };
  }
}

function fieldDescription(field: FieldSpec): string | undefined {
  const parts: string[] = [];
  if (field.description) parts.push(field.description);
  if (field.ref) parts.push(`externalId of the ${field.ref} in the same source`);
  if (field.type === 'money' && !/minor units/.test(field.description ?? '')) parts.push('minor units (cents)');
  if (field.type === 'timestamp') {
    parts.push("ISO 8601 date-time; without an offset (e.g. 2026-03-01T09:30:00) it is read in the business's time zone");
  }
  if (field.notNull && !field.required) parts.push('may be omitted (keeps the stored value or the default) but not null');
  return parts.length ? parts.join('; ') : undefined;
}

function ref(name: string): JsonSchema {
  return { $ref: `#/$defs/${name}` };
}

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
