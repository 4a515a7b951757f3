import { diffSettings, redact, REDACTED } from './audit-diff';

describe('diffSettings', () => {
  it('should list only the fields that changed, by dotted path', () => {
    const before = { quietHours: { start: '21:00', end: '08:00' }, cap: 3, tables: [1, 2] };
    const after = { quietHours: { start: '22:00', end: '08:00' }, cap: 3, tables: [1, 3] };
    expect(diffSettings(before, after)).toEqual([
      { path: 'quietHours.start', before: '21:00', after: '22:00' },
      { path: 'tables', before: [1, 2], after: [1, 3] },
    ]);
  });

  it('should redact a changed secret so only the fact of the change is kept', () => {
    expect(diffSettings({ authToken: 'old' }, { authToken: 'new' })).toEqual([{ path: 'authToken', before: REDACTED, after: REDACTED }]);
  });

  it('should give fields added or removed with null on the missing side', () => {
    expect(diffSettings({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', before: 1, after: null },
      { path: 'b', before: null, after: 2 },
    ]);
  });

  it('should list each field of a settings object that did not exist before', () => {
    expect(diffSettings(null, { from: '+4670', authToken: 'x' })).toEqual([
      { path: 'authToken', before: REDACTED, after: REDACTED },
      { path: 'from', before: null, after: '+4670' },
    ]);
  });

  it('should answer nothing when nothing changed', () => {
    expect(diffSettings({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
  });
});

describe('redact', () => {
  it('should replace secret-named fields at any depth', () => {
    expect(redact({ name: 'x', nested: { signingSecret: 's', password: 'p' } })).toEqual({ name: 'x', nested: { signingSecret: REDACTED, password: REDACTED } });
  });
});
