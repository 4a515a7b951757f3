import type { CatalogueCondition } from '../../api/segments';
import { formatDay, formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { codeLabel } from '../../components/condition-tree/ConditionForm';
import { paramShown } from '../../components/condition-tree/tree';

// Conditions and the member's values in words, from the catalogue's parameter descriptions.

const valueUnit = (c: CatalogueCondition | undefined) => c?.params.find((p) => p.name === 'value')?.unit;

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return t('segments.explain.noValue');
  if (Array.isArray(v)) return v.length ? v.map(formatValue).join(', ') : t('segments.explain.none');
  if (typeof v === 'boolean') return v ? t('segments.form.yes') : t('segments.form.no');
  if (typeof v === 'number') return formatNumber(v, Number.isInteger(v) ? 0 : 2);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return formatDay(v.slice(0, 10));
  if (typeof v === 'string') return codeLabel(v);
  if (typeof v === 'object') {
    const w = v as { last?: number; next?: number; from?: string; to?: string };
    if (w.last !== undefined) return `${t('segments.form.window.last').replace('…', String(w.last))}`;
    if (w.next !== undefined) return `${t('segments.form.window.next').replace('…', String(w.next))}`;
    return `${w.from ? formatDay(w.from) : '…'} – ${w.to ? formatDay(w.to) : '…'}`;
  }
  return JSON.stringify(v);
}

/** "at least 2 visit days · In the last 30 days" */
export function summarize(c: CatalogueCondition | undefined, params: Record<string, unknown>): string {
  if (!c) return '';
  const parts: string[] = [];
  const op = params.operator;
  for (const p of c.params) {
    const v = params[p.name];
    if (v === undefined || !paramShown(p, params) || p.type === 'operator') continue;
    if (p.name === 'value' && typeof op === 'string') {
      const between = op === 'between' && params.to !== undefined ? ` – ${formatValue(params.to)}` : '';
      parts.push(`${tDynamic('segments.form.operators', op)} ${formatValue(v)}${between}${p.unit ? ` ${p.unit}` : ''}`);
    } else if (p.name === 'to' && op === 'between') continue;
    else parts.push(`${p.label}: ${formatValue(v)}`);
  }
  return parts.join(' · ');
}

/** "3 visit days, last visit 2 Oct 2026" */
export function describeActual(c: CatalogueCondition | undefined, actual: Record<string, unknown> | null): string {
  if (actual === null) return t('segments.explain.noValue');
  const unit = valueUnit(c);
  const main = actual.value === null || actual.value === undefined || Array.isArray(actual.value) || !unit ? formatValue(actual.value) : `${formatValue(actual.value)} (${unit})`;
  const extra = Object.entries(actual)
    .filter(([k]) => k !== 'value')
    .map(([k, v]) => {
      const said = tDynamic('segments.explain.keys', k, { value: formatValue(v) });
      return said === k ? `${k} ${formatValue(v)}` : said;
    });
  return [main, ...extra].join(', ');
}
