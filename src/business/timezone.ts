// IANA names only: Intl knows exactly the zones PostgreSQL's AT TIME ZONE does for our purposes.
export function isValidTimezone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || (!tz.includes('/') && tz !== 'UTC')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
