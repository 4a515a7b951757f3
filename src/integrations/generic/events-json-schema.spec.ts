import { ENTITY_NAMES, ENTITY_SPECS, FieldSpec } from '../../clients';
import { GENERIC_EVENT_ENTITIES, GENERIC_EVENT_TYPES } from './generic-events';
import { buildEventsJsonSchema, eventDefName, isNullable, recordDefName } from './events-json-schema';

type Schema = Record<string, any>;

describe('buildEventsJsonSchema', () => {
  const sut = buildEventsJsonSchema() as Schema;
  const defs = sut.$defs as Record<string, Schema>;

  it('should be a draft 2020-12 document accepting one event or a batch', () => {
    expect(sut.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(sut.oneOf).toEqual([{ $ref: '#/$defs/Event' }, { $ref: '#/$defs/EventBatch' }]);
    expect(defs.EventBatch.properties.events).toMatchObject({ type: 'array', minItems: 1, maxItems: 500, items: { $ref: '#/$defs/Event' } });
  });

  it('should describe the signature scheme and the time zone rule', () => {
    expect(sut.description).toContain('X-Comeback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">');
    expect(sut.description).toContain('300 s');
    expect(sut.description).toContain('x-comeback-token');
    expect(sut.description).toMatch(/without an offset are read in the business's time zone/);
  });

  it('should resolve every $ref', () => {
    const refs = JSON.stringify(sut).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      const name = r.replace(/^"\$ref":"#\/\$defs\//, '').replace(/"$/, '');
      expect(defs[name]).toBeDefined();
    }
  });

  it('should map every entity to exactly one event type', () => {
    const mapped = Object.values(GENERIC_EVENT_ENTITIES).sort();
    expect(mapped).toEqual([...ENTITY_NAMES].sort());
  });

  it('should discriminate events by a constant type', () => {
    expect(defs.Event.oneOf).toEqual(GENERIC_EVENT_TYPES.map((type) => ({ $ref: `#/$defs/${eventDefName(type)}` })));
    for (const type of GENERIC_EVENT_TYPES) {
      const ev = defs[eventDefName(type)];
      expect(ev.properties.type.const).toBe(type);
      expect(ev.required).toEqual(['id', 'type', 'occurredAt', 'data']);
      expect(ev.additionalProperties).toBe(false);
      expect(ev.properties.data.$ref).toBe(`#/$defs/${recordDefName(GENERIC_EVENT_ENTITIES[type])}`);
    }
    expect(defs.EventId).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(defs.OccurredAt).toMatchObject({ type: 'string', format: 'date-time' });
  });

  describe.each(ENTITY_SPECS.map((s) => [s.entity, s] as const))('%s record', (_entity, spec) => {
    const record = defs[recordDefName(spec.entity)];

    it('should list exactly the spec fields, closed to others', () => {
      expect(Object.keys(record.properties)).toEqual(spec.fields.map((f) => f.name));
      expect(record.additionalProperties).toBe(false);
    });

    it('should require exactly the required fields', () => {
      expect(record.required).toEqual(spec.fields.filter((f) => f.required).map((f) => f.name));
    });

    it.each(spec.fields.map((f) => [f.name, f] as const))('should type %s from its spec', (_name, field) => {
      const prop = record.properties[field.name];
      expect(typesOf(prop)).toEqual(expectedTypes(field));
      if (field.type === 'enum') {
        expect(prop.enum).toEqual(isNullable(field) ? [...field.values!, null] : [...field.values!]);
      }
      if (field.type === 'text' && field.max !== undefined) expect(prop.maxLength).toBe(field.max);
      if ((field.type === 'int' || field.type === 'money') && field.min !== undefined) expect(prop.minimum).toBe(field.min);
      if (field.type === 'date') expect(prop.format).toBe('date');
      if (field.type === 'timestamp') {
        expect(prop.format).toBe('date-time');
        expect(prop.description).toMatch(/without an offset .* business's time zone/);
      }
      if (field.type === 'textArray') expect(prop.items).toEqual({ type: 'string' });
      if (field.description) expect(prop.description).toContain(field.description);
    });
  });
});

const JSON_TYPE: Record<FieldSpec['type'], string> = {
  text: 'string',
  int: 'integer',
  money: 'integer',
  bool: 'boolean',
  date: 'string',
  timestamp: 'string',
  enum: 'string',
  textArray: 'array',
};

function expectedTypes(field: FieldSpec): string[] {
  const nullable = !field.required && !field.notNull;
  return nullable ? [JSON_TYPE[field.type], 'null'] : [JSON_TYPE[field.type]];
}

function typesOf(prop: Schema): string[] {
  return Array.isArray(prop.type) ? prop.type : [prop.type];
}
