import { DEFAULT_MESSAGING_SETTINGS, mergeMessagingSettings, validateMessagingPatch } from './messaging-settings';

describe('messaging settings', () => {
  it('should default to actions.md: quiet 21:00-08:00, 2 per 7 days, 6 h stale hold', () => {
    expect(DEFAULT_MESSAGING_SETTINGS).toMatchObject({ quietHours: { start: '21:00', end: '08:00' }, frequencyCap: { max: 2, days: 7 }, staleHoldHours: 6, mailchimpConcurrency: 10 });
    expect(DEFAULT_MESSAGING_SETTINGS.ratePerSecond.sms).toBe(1);
  });

  it('should merge stored overrides, null switching a guard off', () => {
    const s = mergeMessagingSettings(DEFAULT_MESSAGING_SETTINGS, { quietHours: null, ratePerSecond: { sms: 3 } as never, frequencyCap: { max: 3, days: 14 } });
    expect(s.quietHours).toBeNull();
    expect(s.frequencyCap).toEqual({ max: 3, days: 14 });
    expect(s.ratePerSecond).toEqual({ email: 1000, sms: 3, push: 50 });
    expect(s.staleHoldHours).toBe(6);
  });

  it('should name every bad path', () => {
    expect(validateMessagingPatch({ quietHours: { start: '25:00', end: '8:00' }, frequencyCap: { max: 0, days: 7 }, ratePerSecond: { fax: 1, sms: -1 }, colour: 'red' })).toEqual([
      { path: 'colour', reason: 'is not a messaging setting' },
      { path: 'quietHours.start', reason: 'must be HH:MM (00:00-23:59)' },
      { path: 'quietHours.end', reason: 'must be HH:MM (00:00-23:59)' },
      { path: 'frequencyCap.max', reason: 'must be an integer from 1 to 100' },
      { path: 'ratePerSecond.fax', reason: 'is not a rate-limited channel (email, sms, push)' },
      { path: 'ratePerSecond.sms', reason: 'must be a number above 0 and at most 100000' },
    ]);
    expect(validateMessagingPatch({ quietHours: null, staleHoldHours: null, unknownConsent: { sms: true } })).toEqual([]);
    expect(validateMessagingPatch([])).toEqual([{ path: '', reason: 'must be an object' }]);
  });
});
