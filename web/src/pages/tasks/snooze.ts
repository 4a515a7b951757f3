// Snooze choices (web.md "Task inbox": later today, tomorrow, next week) as instants for the
// API's `until`, on the business's clock: later today is 3 hours from now; tomorrow and next
// week are 09:00 in the business's time zone, whatever zone the phone is set to.

const HOUR = 3_600_000;
export const MORNING = { hour: 9, minute: 0 };

/** Local wall-clock fields of an instant in `zone`. */
function wallClock(at: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** How far `zone`'s wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, zone: string): number {
  const w = wallClock(at, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant `zone`'s clock reads `hour:minute` on the local day `days` after the local day of
 * `now`. Across a daylight-saving change the offset of the target moment is used (checked twice).
 */
export function localTimeOnDay(now: Date, zone: string, days: number, hour: number, minute: number): Date {
  const today = wallClock(now.getTime(), zone);
  const wall = Date.UTC(today.year, today.month - 1, today.day + days, hour, minute);
  let at = wall - offsetAt(wall, zone);
  at = wall - offsetAt(at, zone);
  return new Date(at);
}

export interface SnoozeChoice {
  key: 'laterToday' | 'tomorrow' | 'nextWeek';
  until: Date;
}

export function snoozeChoices(now: Date, zone: string): SnoozeChoice[] {
  return [
    { key: 'laterToday', until: new Date(now.getTime() + 3 * HOUR) },
    { key: 'tomorrow', until: localTimeOnDay(now, zone, 1, MORNING.hour, MORNING.minute) },
    { key: 'nextWeek', until: localTimeOnDay(now, zone, 7, MORNING.hour, MORNING.minute) },
  ];
}
