import { t, type MessageKey } from '../../../i18n/i18n';
import { Section } from '../Section';
import { NumberGrid } from './NumberField';
import type { NumberSpec, RiskFormState } from './risk-form';

/** A group of the risk settings that is numbers only: its title, what it is for, the numbers. */
export function NumberSection({ form, title, help, fields }: { form: RiskFormState; title: MessageKey; help: MessageKey; fields: NumberSpec[] }) {
  return (
    <Section title={t(title)} help={t(help)}>
      <NumberGrid form={form} fields={fields} />
    </Section>
  );
}
