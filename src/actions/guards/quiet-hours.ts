// Quiet hours in a business's time zone (actions.md: default 21:00-08:00). Pure: the delivery
// path asks "is it quiet now?" and "when may this go out?" with the business's zone.

export interface QuietHours {
  /** Local wall-clock time the quiet period starts, HH:MM. */
  start: string;
  /** Local wall-clock time it ends, HH:MM; before start means it spans midnight. */
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseHhMm(value: string): number {
  const m = HHMM.exec(value);
  if (!m) throw new RangeError(`not an HH:MM time: ${JSON.stringify(value)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function isHhMm(value: unknown): value is string {
  return typeof value === 'string' && HHMM.test(value);
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/** Offset of the zone from UTC at an instant, in ms (wall clock minus UTC), to the second. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const secs = instant.getUTCSeconds();
  const wall = Date.UTC(p.year, p.month - 1, p.day, Math.floor(p.minutes / 60), p.minutes % 60, secs);
  return wall - (instant.getTime() - instant.getUTCMilliseconds());
}

/**
 * The instant a local wall-clock time happens in a zone. Ambiguous times (a fall-back night)
 * take the earlier instant; a time skipped by a spring-forward jump moves forward by the
 * jump (02:30 -> 03:30), as Temporal's "compatible" disambiguation does.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  const offsets = new Set([offsetMs(new Date(wall - 86_400_000), timeZone), offsetMs(new Date(wall + 86_400_000), timeZone)]);
  const valid = [...offsets].map((o) => wall - o).filter((utc) => offsetMs(new Date(utc), timeZone) === wall - utc);
  if (valid.length) return new Date(Math.min(...valid));
  // in a gap: the offset before the jump, which lands after it
  return new Date(wall - offsetMs(new Date(wall - 86_400_000), timeZone));
}

export function isQuiet(at: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const s = parseHhMm(quiet.start);
  const e = parseHhMm(quiet.end);
  if (s === e) return false;
  const m = localParts(at, timeZone).minutes;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** `at` itself when it is not quiet, else the end of the quiet period it falls in. */
export function nextAllowedTime(at: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet || !isQuiet(at, timeZone, quiet)) return at;
  const s = parseHhMm(quiet.start);
  const e = parseHhMm(quiet.end);
  const p = localParts(at, timeZone);
  // past the start on a period that spans midnight: it ends tomorrow
  const tomorrow = s > e && p.minutes >= s;
  const base = new Date(Date.UTC(p.year, p.month - 1, p.day + (tomorrow ? 1 : 0)));
  return zonedTimeToUtc(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), e, timeZone);
}
