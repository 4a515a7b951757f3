import { Text } from '@mantine/core';
import { t } from '../../../i18n/i18n';
import { Section } from '../Section';
import { FieldError, NumberGrid } from './NumberField';
import { HEALTH_BANDS, HEALTH_FREQUENCY, HEALTH_SIGNALS, HEALTH_USAGE_DROP, HEALTH_WEIGHTS } from './risk-fields';
import type { RiskFormState } from './risk-form';

/** The health score: the signals' weights, the bands, and how each signal and the usage drop are measured. */
export function HealthSection({ form }: { form: RiskFormState }) {
  return (
    <Section title={t('settings.risk.health.title')} help={t('settings.risk.health.help')}>
      <Text fw={600} size="sm">
        {t('settings.risk.health.weights')}
      </Text>
      <NumberGrid form={form} fields={HEALTH_WEIGHTS} cols={{ base: 1, sm: 2, xl: 3 }} />
      <FieldError errors={form.errors} path="health.weights" />
      <Text fw={600} size="sm">
        {t('settings.risk.health.bands')}
      </Text>
      <NumberGrid form={form} fields={HEALTH_BANDS} />
      <FieldError errors={form.errors} path="health.bands" />
      <Text fw={600} size="sm">
        {t('settings.risk.health.frequency')}
      </Text>
      <NumberGrid form={form} fields={HEALTH_FREQUENCY} />
      <NumberGrid form={form} fields={HEALTH_SIGNALS} />
      <Text fw={600} size="sm">
        {t('settings.risk.health.usageDrop')}
      </Text>
      <NumberGrid form={form} fields={HEALTH_USAGE_DROP} cols={{ base: 1, sm: 3 }} />
    </Section>
  );
}
