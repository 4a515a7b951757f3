import { FieldSpec, entitySpec, validateRecords } from '../../../clients';
import { coerceCell, rowToRecord } from './csv-coercion';
import { mapHeader } from './csv-header';

const field = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: 'f', column: 'f', type, ...extra });

describe('coerceCell', () => {
  it('should omit the field when the cell is empty, for every type', () => {
    for (const t of ['text', 'int', 'money', 'bool', 'date', 'timestamp', 'enum', 'textArray'] as const) {
      expect(coerceCell(field(t), '')).toBeUndefined();
    }
  });

  it('should read NULL in any letter case as an explicit null', () => {
    expect(coerceCell(field('text'), 'NULL')).toBeNull();
    expect(coerceCell(field('int'), 'null')).toBeNull();
    expect(coerceCell(field('textArray'), 'Null')).toBeNull();
    expect(coerceCell(field('text'), 'NULLS')).toBe('NULLS');
  });

  it('should turn signed digit strings into integers and leave anything else a string', () => {
    expect(coerceCell(field('int'), '42')).toBe(42);
    expect(coerceCell(field('money'), '-1250')).toBe(-1250);
    expect(coerceCell(field('money'), '+7')).toBe(7);
    expect(coerceCell(field('int'), ' 5 ')).toBe(5);
    expect(coerceCell(field('money'), '12.50')).toBe('12.50');
    expect(coerceCell(field('int'), '1e3')).toBe('1e3');
    expect(coerceCell(field('int'), '0x10')).toBe('0x10');
  });

  it('should read true/false/1/0/yes/no/y/n as booleans in any case and leave others a string', () => {
    const yes = ['true', 'TRUE', '1', 'yes', 'Y', ' y '];
    const no = ['false', 'False', '0', 'no', 'N'];
    yes.forEach((c) => expect(coerceCell(field('bool'), c)).toBe(true));
    no.forEach((c) => expect(coerceCell(field('bool'), c)).toBe(false));
    expect(coerceCell(field('bool'), 'maybe')).toBe('maybe');
  });

  it('should split text arrays on | and read a JSON array when the cell starts with [', () => {
    expect(coerceCell(field('textArray'), 'a|b | c')).toEqual(['a', 'b', 'c']);
    expect(coerceCell(field('textArray'), 'one')).toEqual(['one']);
    expect(coerceCell(field('textArray'), '["x|y", "z"]')).toEqual(['x|y', 'z']);
    expect(coerceCell(field('textArray'), '[broken')).toBe('[broken');
  });

  it('should keep text as is and trim dates, timestamps and enums', () => {
    expect(coerceCell(field('text'), ' Ada ')).toBe(' Ada ');
    expect(coerceCell(field('date'), ' 2026-03-01 ')).toBe('2026-03-01');
    expect(coerceCell(field('enum'), 'female ')).toBe('female');
  });
});

describe('rowToRecord', () => {
  const clients = entitySpec('clients');

  it('should build a canonical record the validator accepts', () => {
    const cols = mapHeader(clients, ['external_id', 'firstName', 'IS_MEMBER', 'push_tokens', 'gender', 'email']);
    const record = rowToRecord(cols, ['c1', 'Ada', 'yes', 't1|t2', 'female', '']);
    expect(record).toEqual({ externalId: 'c1', firstName: 'Ada', isMember: true, pushTokens: ['t1', 't2'], gender: 'female' });
    expect(validateRecords(clients, [record]).rejected).toEqual([]);
  });

  it('should leave badly typed cells for the validator to reject with its usual reason', () => {
    const cols = mapHeader(clients, ['externalId', 'isMember', 'gender']);
    const { rejected } = validateRecords(clients, [rowToRecord(cols, ['c1', 'maybe', 'female']), rowToRecord(cols, ['c2', '', 'x'])]);
    expect(rejected).toEqual([
      { index: 0, field: 'isMember', reason: 'must be true or false, got string' },
      { index: 1, field: 'gender', reason: 'must be one of female, male, other, unknown' },
    ]);
  });

  it('should reject NULL in a not-null column through the validator', () => {
    const cols = mapHeader(clients, ['externalId', 'gender']);
    expect(validateRecords(clients, [rowToRecord(cols, ['c1', 'NULL'])]).rejected).toEqual([{ index: 0, field: 'gender', reason: 'must not be null' }]);
  });
});
