import { businessTimeZone } from '../../format';
import { locale } from '../../i18n/i18n';

// Days as the business sees them (its time zone), for the members pages.

/** Today in the business's time zone, YYYY-MM-DD. */
export function businessToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: businessTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The business-local day of an instant ("7 Dec 2025"), no time. */
export function formatInstantDay(at: string | Date | null | undefined): string {
  if (!at) return '–';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: businessTimeZone() }).format(new Date(at));
}
