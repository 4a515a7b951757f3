import { Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import type { CatalogueParam } from '../../api/segments';
import { t, tDynamic } from '../../i18n/i18n';
import { paramShown, type CatalogueCondition, type ParamValue } from './tree';

// Every condition's form is built from the catalogue's description of its parameters (type,
// allowed values, operators, bounds, unit, when it applies): a condition added to the catalogue
// needs no code here. test/browser/segment-builder.e2e-spec.ts renders every entry's form; the
// automation editor builds its branch conditions and trigger fields with the same forms.

/** A code from the catalogue in words: at_risk -> "At risk" (statuses, tags and bands have labels). */
export function codeLabel(code: string): string {
  for (const prefix of ['labels.status', 'labels.tag', 'labels.band']) {
    const l = tDynamic(prefix, code);
    if (l !== code) return l;
  }
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function ConditionForm({
  condition,
  params,
  missing,
  onChange,
}: {
  condition: CatalogueCondition;
  params: Record<string, ParamValue>;
  missing: string[];
  onChange: (params: Record<string, ParamValue>) => void;
}) {
  const set = (name: string, v: ParamValue) => onChange({ ...params, [name]: v });
  const shown = condition.params.filter((p) => paramShown(p, params));
  if (shown.length === 0) return null;
  return (
    <Group gap="sm" align="flex-start" wrap="wrap" data-testid="condition-form" data-condition={condition.type}>
      {shown.map((p) => (
        <ParamField key={p.name} p={p} value={params[p.name]} error={missing.includes(p.name) ? t('segments.form.required') : undefined} onChange={(v) => set(p.name, v)} />
      ))}
    </Group>
  );
}

/** One parameter's field, by the catalogue's description of it (also used for an automation trigger's fields). */
export function ParamField({ p, value, error, onChange }: { p: CatalogueParam; value: ParamValue; error?: string; onChange: (v: ParamValue) => void }) {
  const common = { label: p.label, error, withAsterisk: p.required, 'data-testid': `param-${p.name}`, 'data-param-type': p.type, size: 'xs' as const };
  const unit = p.type === 'window' ? undefined : p.unit;
  switch (p.type) {
    case 'operator':
      return (
        <Select
          {...common}
          w={140}
          allowDeselect={false}
          data={(p.operators ?? []).map((o) => ({ value: o, label: tDynamic('segments.form.operators', o) }))}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          w={170}
          description={unit}
          min={p.min}
          max={p.max}
          allowDecimal={p.type === 'number'}
          allowNegative={(p.min ?? -1) < 0}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
        />
      );
    case 'boolean':
      return <BooleanField p={p} value={value} onChange={onChange} />;
    case 'date':
      return <TextInput {...common} type="date" w={160} description={unit} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
    case 'enum':
      return (
        <Select
          {...common}
          w={200}
          clearable={!p.required}
          data={(p.values ?? []).map((v) => ({ value: v, label: codeLabel(v) }))}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case 'enum[]':
      return (
        <MultiSelect
          {...common}
          miw={220}
          maw={420}
          description={unit}
          data={(p.values ?? []).map((v) => ({ value: v, label: codeLabel(v) }))}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
        />
      );
    case 'string[]':
    case 'id[]':
      return <TagsInput {...common} miw={220} description={unit ?? t('segments.form.listHint')} value={Array.isArray(value) ? (value as unknown[]).map(String) : []} onChange={(v) => onChange(v)} />;
    case 'window':
      return <WindowField p={p} value={value} error={error} onChange={onChange} />;
    default:
      return <TextInput {...common} w={200} description={unit} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
  }
}

function BooleanField({ p, value, onChange }: { p: CatalogueParam; value: ParamValue; onChange: (v: ParamValue) => void }) {
  const id = useId();
  return (
    <Stack gap={4} data-testid={`param-${p.name}`} data-param-type={p.type}>
      <Text size="xs" fw={500} id={id}>
        {p.label}
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby={id}
        data={[
          { value: 'true', label: t('segments.form.yes') },
          { value: 'false', label: t('segments.form.no') },
        ]}
        value={value === false ? 'false' : value === true ? 'true' : ''}
        onChange={(v) => onChange(v === 'true')}
      />
    </Stack>
  );
}

type WindowValue = { last?: number; next?: number; from?: string; to?: string };

/** {"last": N} | {"next": N} | {"from", "to"} (either end open), as the catalogue describes a window. */
function WindowField({ p, value, error, onChange }: { p: CatalogueParam; value: ParamValue; error?: string; onChange: (v: ParamValue) => void }) {
  const w = (value ?? {}) as WindowValue;
  const kind = w.next !== undefined ? 'next' : w.from !== undefined || w.to !== undefined ? 'range' : 'last';
  const setKind = (k: string | null) => onChange(k === 'next' ? { next: w.last ?? 30 } : k === 'range' ? { from: undefined, to: undefined } : { last: w.next ?? 30 });
  return (
    <Group gap="xs" align="flex-start" data-testid={`param-${p.name}`} data-param-type={p.type}>
      <Select
        size="xs"
        w={180}
        label={p.label}
        withAsterisk={p.required}
        allowDeselect={false}
        error={error}
        data={(['last', 'next', 'range'] as const).map((k) => ({ value: k, label: t(`segments.form.window.${k}`) }))}
        value={kind}
        onChange={setKind}
      />
      {kind === 'range' ? (
        <>
          <TextInput size="xs" type="date" w={150} label={t('segments.form.window.from')} value={w.from ?? ''} onChange={(e) => onChange({ ...w, from: e.currentTarget.value || undefined })} />
          <TextInput size="xs" type="date" w={150} label={t('segments.form.window.to')} value={w.to ?? ''} onChange={(e) => onChange({ ...w, to: e.currentTarget.value || undefined })} />
        </>
      ) : (
        <NumberInput
          size="xs"
          w={110}
          label={t('segments.form.window.days')}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          value={(kind === 'next' ? w.next : w.last) ?? ''}
          onChange={(v) => onChange({ [kind]: typeof v === 'number' ? v : undefined })}
        />
      )}
    </Group>
  );
}
