import { en } from './en';

// One message catalogue per language (web/src/i18n/<lang>/), each an object of areas, each area
// an object of messages. Adding a language is one new folder with the same shape (the type below
// makes a missing message a compile error) plus one line in CATALOGUES.
export type Catalogue = typeof en;
type Plural = { one: string; other: string; zero?: string };
type Message = string | Plural;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends Message ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Catalogue>;

const CATALOGUES: Record<string, Catalogue> = { en };

export const locale: string = (typeof navigator !== 'undefined' && navigator.language) || 'en';
const catalogue: Catalogue = CATALOGUES[locale.split('-')[0]] ?? en;
const plurals = new Intl.PluralRules(locale);

function lookup(key: string): Message | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node as Message | undefined;
}

/** The message for `key` with `{name}` placeholders filled; `{count}` also picks the plural form. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  let msg = lookup(key);
  if (msg === undefined) return key;
  if (typeof msg !== 'string') {
    const n = Number(vars.count ?? 0);
    msg = (n === 0 && msg.zero) || (plurals.select(n) === 'one' ? msg.one : msg.other);
  }
  return msg.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? formatVar(vars[name]) : `{${name}}`));
}

function formatVar(v: string | number): string {
  return typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : v;
}

/** A message key picked at run time (statuses, reason codes, roles); falls back to the raw value. */
export function tDynamic(prefix: string, value: string, vars?: Record<string, string | number>): string {
  const key = `${prefix}.${value}`;
  return lookup(key) === undefined ? value : t(key as MessageKey, vars);
}
