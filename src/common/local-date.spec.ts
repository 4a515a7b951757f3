import { addDays, daysBetween, localDate } from './local-date';

describe('local dates', () => {
  it('should count whole days between local dates across month ends, leap days and DST changes', () => {
    expect(daysBetween('2026-03-30', '2026-03-31')).toBe(1);
    expect(daysBetween('2026-03-31', '2026-03-30')).toBe(-1);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2026-03-31')).toBe(90);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // Europe's DST change on 29 March
  });

  it('should add days to a local date', () => {
    expect(addDays('2026-03-31', -22)).toBe('2026-03-09');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('should give day D for a visit at 23:30 local in Los Angeles when it is D+1 in UTC', () => {
    const instant = new Date('2026-03-25T06:30:00Z'); // 23:30 PDT on 24 March
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-24');
    expect(instant.toISOString().slice(0, 10)).toBe('2026-03-25');
  });

  it('should give day D for a visit at 00:30 local in Auckland when it is D-1 in UTC, and at 23:30 local', () => {
    expect(localDate(new Date('2026-03-23T11:30:00Z'), 'Pacific/Auckland')).toBe('2026-03-24'); // 00:30 NZDT
    expect(localDate(new Date('2026-03-24T10:30:00Z'), 'Pacific/Auckland')).toBe('2026-03-24'); // 23:30 NZDT
  });

  it('should follow DST: 23:30 in Los Angeles on the night the clocks change is still that day', () => {
    expect(localDate(new Date('2026-03-09T06:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-08'); // PDT
    expect(localDate(new Date('2026-03-08T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-07'); // PST
  });

  it('should reject an unknown time zone', () => {
    expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
