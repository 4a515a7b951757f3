import { normaliseReasonKey } from './reason-key';

describe('normaliseReasonKey', () => {
  it('should lower-case and join words with underscores when given a label', () => {
    expect(normaliseReasonKey('At Risk')).toBe('at_risk');
    expect(normaliseReasonKey('  At Risk: absent, low_user ')).toBe('at_risk:_absent_low_user');
  });

  it('should keep automation keys as they are when already normal', () => {
    expect(normaliseReasonKey('automation:12:step:call-1')).toBe('automation:12:step:call-1');
  });

  it('should drop accents and leading punctuation', () => {
    expect(normaliseReasonKey('¡Ñandú Café!')).toBe('nandu_cafe');
    expect(normaliseReasonKey('--x')).toBe('x');
  });

  it('should give an empty key when nothing usable is left', () => {
    expect(normaliseReasonKey('!!! ???')).toBe('');
  });

  it('should cut keys to 100 characters without a trailing underscore', () => {
    const key = normaliseReasonKey(`${'a'.repeat(99)} b`);
    expect(key).toBe('a'.repeat(99));
    expect(normaliseReasonKey('b'.repeat(150))).toHaveLength(100);
  });
});
