import { localTimeOnDay, snoozeChoices } from '../../web/src/pages/tasks/snooze';

// The task inbox's snooze choices are instants on the business's clock, whatever zone the
// phone is in: later today = 3 hours from now, tomorrow and next week = 09:00 local.
describe('task snooze choices', () => {
  it('should put tomorrow at 09:00 in the business zone, across a daylight-saving change', () => {
    // Saturday 28 March 2026, 23:30 in Stockholm (CET); clocks go forward on Sunday at 02:00
    const now = new Date('2026-03-28T22:30:00Z');
    expect(localTimeOnDay(now, 'Europe/Stockholm', 1, 9, 0).toISOString()).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(localTimeOnDay(now, 'Europe/Stockholm', 0, 9, 0).toISOString()).toBe('2026-03-28T08:00:00.000Z'); // 09:00 CET
  });

  it("should count days from the business's local day, not UTC's", () => {
    // 03:00 UTC on the 31st is still the 30th in Los Angeles
    expect(localTimeOnDay(new Date('2026-03-31T03:00:00Z'), 'America/Los_Angeles', 1, 9, 0).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    // across a year end, east of UTC
    expect(localTimeOnDay(new Date('2026-12-31T20:00:00Z'), 'Asia/Tokyo', 7, 9, 0).toISOString()).toBe('2027-01-08T00:00:00.000Z');
  });

  it('should offer later today (+3 h), tomorrow 09:00 and next week 09:00', () => {
    const now = new Date('2026-06-10T10:15:00Z');
    expect(snoozeChoices(now, 'UTC').map((c) => [c.key, c.until.toISOString()])).toEqual([
      ['laterToday', '2026-06-10T13:15:00.000Z'],
      ['tomorrow', '2026-06-11T09:00:00.000Z'],
      ['nextWeek', '2026-06-17T09:00:00.000Z'],
    ]);
  });
});
