import { validateMessagingPatch } from '../../settings/messaging-settings';
import { toE164 } from './sms.provider';

describe('toE164', () => {
  it.each([
    ['+46 70 123 45 67', null, '+46701234567'],
    ['0046 70-123 45 67', null, '+46701234567'],
    ['070-123 45 67', 'SE', '+46701234567'],
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['333 123 4567', 'IT', '+393331234567'],
    ['(555) 123-4567', 'US', '+15551234567'],
    // an international form is read as such whatever the default
    ['+7 912 345 67 89', 'SE', '+79123456789'],
  ])('should read %s (default %s) as %s', (raw, country, e164) => {
    expect(toE164(raw, country)).toBe(e164);
  });

  it('should pass a national number on digits-only when the business has no default country', () => {
    expect(toE164('070-123 45 67', null)).toBe('0701234567');
  });

  it('should pass on what cannot be a number, for the provider to refuse', () => {
    expect(toE164('12', 'SE')).toBe('12');
  });
});

describe('smsDefaultCountry setting', () => {
  it('should accept ISO countries with a numbering plan and null, and name the field otherwise', () => {
    expect(validateMessagingPatch({ smsDefaultCountry: 'SE' })).toEqual([]);
    expect(validateMessagingPatch({ smsDefaultCountry: null })).toEqual([]);
    for (const bad of ['se', 'XX', 'SWE', 46]) {
      expect(validateMessagingPatch({ smsDefaultCountry: bad })).toEqual([{ path: 'smsDefaultCountry', reason: expect.stringMatching(/ISO 3166/) }]);
    }
  });
});
