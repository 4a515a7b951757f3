import { NumberInput, SimpleGrid, Text, type SimpleGridProps } from '@mantine/core';
import { t } from '../../../i18n/i18n';
import { getPath } from './risk-paths';
import type { Errors, NumberSpec, RiskFormState } from './risk-form';

/** A number of the settings with its label, meaning and the API's complaint about it, if any (a table cell names it by `ariaLabel`). */
export function NumberField({ form, path, label, help, min, max, decimals, ariaLabel }: Omit<NumberSpec, 'label'> & { form: RiskFormState; label?: NumberSpec['label']; ariaLabel?: string }) {
  const value = getPath(form.draft, path) as number | null;
  return (
    <NumberInput
      label={label ? t(label) : undefined}
      aria-label={ariaLabel}
      description={help ? t(help) : undefined}
      value={value ?? ''}
      min={min}
      max={max}
      allowDecimal={!!decimals}
      allowNegative={false}
      clampBehavior="none"
      // an emptied field stays empty (the API then names it), never null: null would mean "the default"
      onChange={(v) => form.edit(path, v === '' ? '' : typeof v === 'number' ? v : Number(v))}
      error={form.errors[path]}
      data-path={path}
    />
  );
}

/** Numbers side by side, two a row unless `cols` says otherwise. */
export function NumberGrid({ form, fields, cols = { base: 1, sm: 2 } }: { form: RiskFormState; fields: NumberSpec[]; cols?: SimpleGridProps['cols'] }) {
  return (
    <SimpleGrid cols={cols}>
      {fields.map((f) => (
        <NumberField key={f.path} form={form} {...f} />
      ))}
    </SimpleGrid>
  );
}

/** The API's complaint about a path no single input shows (a whole table, a row's hidden field). */
export function FieldError({ errors, path }: { errors: Errors; path: string }) {
  if (!errors[path]) return null;
  return (
    <Text size="sm" c="red.9" role="alert" data-error-for={path}>
      {errors[path]}
    </Text>
  );
}
