import { isQuiet, nextAllowedTime, zonedTimeToUtc } from './quiet-hours';

const DEFAULT = { start: '21:00', end: '08:00' };

describe('quiet hours', () => {
  it('should be quiet from 21:00 to 08:00 local time, not in UTC', () => {
    const tz = 'America/New_York'; // UTC-4 in June
    expect(isQuiet(new Date('2026-06-10T00:59:00Z'), tz, DEFAULT)).toBe(false); // 20:59 local
    expect(isQuiet(new Date('2026-06-10T01:00:00Z'), tz, DEFAULT)).toBe(true); // 21:00
    expect(isQuiet(new Date('2026-06-10T11:59:00Z'), tz, DEFAULT)).toBe(true); // 07:59
    expect(isQuiet(new Date('2026-06-10T12:00:00Z'), tz, DEFAULT)).toBe(false); // 08:00
  });

  it('should handle a window that does not span midnight and a disabled one', () => {
    const tz = 'UTC';
    const lunch = { start: '12:00', end: '13:30' };
    expect(isQuiet(new Date('2026-01-01T11:59:00Z'), tz, lunch)).toBe(false);
    expect(isQuiet(new Date('2026-01-01T12:00:00Z'), tz, lunch)).toBe(true);
    expect(isQuiet(new Date('2026-01-01T13:30:00Z'), tz, lunch)).toBe(false);
    expect(isQuiet(new Date('2026-01-01T03:00:00Z'), tz, null)).toBe(false);
    expect(isQuiet(new Date('2026-01-01T03:00:00Z'), tz, { start: '08:00', end: '08:00' })).toBe(false);
  });

  it('should defer an evening send to 08:00 the next local morning', () => {
    // 22:30 in Stockholm on 10 June (UTC+2) -> 08:00 on 11 June = 06:00Z
    expect(nextAllowedTime(new Date('2026-06-10T20:30:00Z'), 'Europe/Stockholm', DEFAULT).toISOString()).toBe('2026-06-11T06:00:00.000Z');
    // 03:00 local -> 08:00 the same day
    expect(nextAllowedTime(new Date('2026-06-11T01:00:00Z'), 'Europe/Stockholm', DEFAULT).toISOString()).toBe('2026-06-11T06:00:00.000Z');
    // not quiet: unchanged
    const noon = new Date('2026-06-11T10:00:00Z');
    expect(nextAllowedTime(noon, 'Europe/Stockholm', DEFAULT)).toBe(noon);
  });

  it('should cross a daylight-saving change to the right instant', () => {
    // Europe/Stockholm springs forward on 29 March 2026 (02:00 -> 03:00): 22:00 on the 28th
    // (UTC+1) -> 08:00 on the 29th (UTC+2) = 06:00Z
    expect(nextAllowedTime(new Date('2026-03-28T21:00:00Z'), 'Europe/Stockholm', DEFAULT).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    // and falls back on 25 October (03:00 -> 02:00): 08:00 on the 25th is UTC+1 = 07:00Z
    expect(nextAllowedTime(new Date('2026-10-24T20:00:00Z'), 'Europe/Stockholm', DEFAULT).toISOString()).toBe('2026-10-25T07:00:00.000Z');
  });

  it('should move a wall-clock time inside a spring-forward gap forward by the jump', () => {
    // 02:30 does not exist in New York on 8 March 2026; 03:00 EDT = 07:00Z
    expect(zonedTimeToUtc(2026, 3, 8, 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToUtc(2026, 3, 8, 180, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('should work in zones with half-hour offsets', () => {
    // Asia/Kolkata UTC+5:30: 23:00 local = 17:30Z -> 08:00 next day = 02:30Z
    expect(nextAllowedTime(new Date('2026-06-10T17:30:00Z'), 'Asia/Kolkata', DEFAULT).toISOString()).toBe('2026-06-11T02:30:00.000Z');
  });
});
