import { SimpleGrid, TextInput } from '@mantine/core';
import { t } from '../../../i18n/i18n';
import { Section } from '../Section';
import { NumberField } from './NumberField';
import { SCHEDULE_BATCH_SIZE } from './risk-fields';
import type { RiskFormState } from './risk-form';

/** When the assessment runs (a cron expression) and how many members each batch takes. */
export function ScheduleSection({ form }: { form: RiskFormState }) {
  return (
    <Section title={t('settings.risk.schedule.title')} help={t('settings.risk.schedule.help')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('settings.risk.schedule.cron')}
          description={t('settings.risk.schedule.cronHelp')}
          value={form.draft.schedule.cron}
          onChange={(ev) => form.edit('schedule.cron', ev.currentTarget.value)}
          error={form.errors['schedule.cron']}
          ff="monospace"
        />
        <NumberField form={form} {...SCHEDULE_BATCH_SIZE} />
      </SimpleGrid>
    </Section>
  );
}
