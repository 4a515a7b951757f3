import { locale } from './i18n/i18n';

// Formatting only: every figure comes from the API. Dates and times in the business's time
// zone, money in its currency from minor units, numbers in the user's locale.
let zone: string | undefined;
let currency = 'USD';

/** Set once the session is known (the business's time zone and currency). */
export function setBusinessFormat(b: { timezone: string; currency: string }): void {
  zone = b.timezone;
  currency = b.currency;
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/** Money stored in minor units (cents, öre). */
export function formatMoney(minor: number | null | undefined, cur: string = currency): string {
  if (minor === null || minor === undefined) return '–';
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency: cur });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** A calendar day ('YYYY-MM-DD') as the business sees it: no time-zone shift. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '–';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** 'YYYY-MM' as a short month name with year. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** An instant in the business's time zone. */
export function formatDateTime(at: string | Date | null | undefined): string {
  if (!at) return '–';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(at));
}

export function formatTime(at: string | Date | null | undefined): string {
  if (!at) return '–';
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone }).format(new Date(at));
}

/** "3 days ago", "in 2 hours": relative to now, for freshness and due dates. */
export function formatRelative(at: string | Date | null | undefined, now: number = Date.now()): string {
  if (!at) return '–';
  const diff = new Date(at).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return rtf.format(Math.round(diff / 1000), 'second');
}

export function businessTimeZone(): string | undefined {
  return zone;
}
