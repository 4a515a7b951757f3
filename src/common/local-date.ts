/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

// Local calendar dates as 'YYYY-MM-DD' strings. Arithmetic parses them as UTC midnight, so no
// time zone or daylight-saving change can shift a day; only localDate() looks at a zone.

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds of the date's UTC midnight; throws on anything but a real YYYY-MM-DD date. */
function localDateToUtcMs(date: LocalDate): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return ms;
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    localDateToUtcMs(value);
    return true;
  } catch {
    return false;
  }
}

/** Whole days from a to b (b - a): daysBetween('2026-03-30', '2026-03-31') = 1. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((localDateToUtcMs(b) - localDateToUtcMs(a)) / DAY_MS);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(localDateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date an instant falls on in an IANA time zone (a business's "today", a visit's day). */
export function localDate(instant: Date, timeZone: string): LocalDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  // years before 1 or after 9999 do not occur in our data; pad to the ISO form
  return `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}
