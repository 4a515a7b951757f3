import { Button, Group, NumberInput, Paper, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { type BillingSettings, useBillingSettings, useSaveBilling } from '../../api/settings';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { TabHeader } from './TabHeader';

/** Billing settings (docs/segments.md "Billing settings"). */
export function BillingTab() {
  const settings = useBillingSettings();
  return (
    <Stack>
      <TabHeader title={t('settings.billing.title')} intro={t('settings.billing.intro')} />
      <QueryState query={settings}>{(s) => <BillingForm saved={s} />}</QueryState>
    </Stack>
  );
}

function BillingForm({ saved }: { saved: BillingSettings }) {
  const save = useSaveBilling();
  const [days, setDays] = useState<number | string>(saved.directDebitBlockAfterDays);
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ directDebitBlockAfterDays: days as number }, { onSuccess: () => notify(t('settings.billing.saved'), 'teal') });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.billing.title')}>
      <Stack>
        <FormError error={errors.directDebitBlockAfterDays ? null : save.error} />
        <Paper withBorder p="lg" radius="md">
          <NumberInput
            label={t('settings.billing.directDebitBlockAfterDays')}
            description={t('settings.billing.directDebitBlockAfterDaysHelp')}
            value={days}
            onChange={setDays}
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            error={errors.directDebitBlockAfterDays}
            maw={480}
          />
        </Paper>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('settings.billing.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
