import type { MemberFilters } from '../../api/members';

// The members list's filters live in the URL (reloadable, linkable): the API's own parameter
// names, lists comma-separated (?status=at_risk,in_trouble&band=red).

const LISTS = ['status', 'tags', 'band'] as const;
const NUMBERS = ['churnMin', 'churnMax', 'expectedMin', 'expectedMax'] as const;
const TEXTS = ['q', 'location', 'owner', 'joinedFrom', 'joinedTo', 'statusChangedFrom', 'statusChangedTo'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^\d{1,18}$/;

export function filtersFromParams(p: URLSearchParams): MemberFilters {
  const f: MemberFilters = {};
  for (const k of LISTS) {
    const v = p.get(k);
    if (v) f[k] = v.split(',').filter(Boolean);
  }
  for (const k of NUMBERS) {
    const v = p.get(k);
    if (v !== null && v !== '' && Number.isFinite(Number(v))) f[k] = Number(v);
  }
  for (const k of TEXTS) {
    const v = p.get(k)?.trim();
    if (!v) continue;
    if ((k === 'location' || k === 'owner') && !ID.test(v)) continue;
    if (k !== 'q' && k !== 'location' && k !== 'owner' && !DAY.test(v)) continue;
    f[k] = v;
  }
  return f;
}

/** The URL's params with one filter changed; paging starts over. */
export function withFilter(p: URLSearchParams, key: keyof MemberFilters, value: string | string[] | number | null | undefined): URLSearchParams {
  const next = new URLSearchParams(p);
  next.delete('after');
  const text = Array.isArray(value) ? value.join(',') : value === null || value === undefined ? '' : String(value);
  if (text === '') next.delete(key);
  else next.set(key, text);
  return next;
}

/** How many filters are on, search aside. */
export function activeFilterCount(f: MemberFilters): number {
  return Object.entries(f).filter(([k, v]) => k !== 'q' && v !== undefined && (!Array.isArray(v) || v.length > 0)).length;
}

/** Filters past the first row (status, band, search) are behind "More filters". */
export const MORE_FILTERS: Array<keyof MemberFilters> = [
  'tags',
  'churnMin',
  'churnMax',
  'expectedMin',
  'expectedMax',
  'location',
  'owner',
  'joinedFrom',
  'joinedTo',
  'statusChangedFrom',
  'statusChangedTo',
];
