import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { type MessagingSettings, useMessagingSettings, useSaveMessaging } from '../../api/settings';
import { fieldErrors, unplacedErrors } from '../../components/field-errors';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { Section } from './Section';
import { TabHeader } from './TabHeader';

const PLACED = [
  'quietHours',
  'quietHours.start',
  'quietHours.end',
  'frequencyCap',
  'frequencyCap.max',
  'frequencyCap.days',
  'staleHoldHours',
  'unknownConsent',
  'unknownConsent.email',
  'unknownConsent.sms',
  'unknownConsent.push',
  'smsDefaultCountry',
  'openPixel',
];

/** Messaging guards (docs/actions.md "Settings"): quiet hours, frequency cap, stale-data hold, consent defaults. */
export function MessagingTab() {
  const settings = useMessagingSettings();
  return (
    <Stack>
      <TabHeader title={t('settings.messaging.title')} intro={t('settings.messaging.intro')} />
      <QueryState query={settings}>{(s) => <MessagingForm saved={s} />}</QueryState>
    </Stack>
  );
}

const num = (v: number | string, fallback: number) => (typeof v === 'number' ? v : v === '' ? fallback : Number(v));

function MessagingForm({ saved }: { saved: MessagingSettings }) {
  const save = useSaveMessaging();
  const [quietOn, setQuietOn] = useState(saved.quietHours !== null);
  const [quiet, setQuiet] = useState(saved.quietHours ?? { start: '21:00', end: '08:00' });
  const [capOn, setCapOn] = useState(saved.frequencyCap !== null);
  const [cap, setCap] = useState(saved.frequencyCap ?? { max: 2, days: 7 });
  const [holdOn, setHoldOn] = useState(saved.staleHoldHours !== null);
  const [hold, setHold] = useState(saved.staleHoldHours ?? 6);
  const [consent, setConsent] = useState(saved.unknownConsent);
  const [country, setCountry] = useState(saved.smsDefaultCountry ?? '');
  const [pixel, setPixel] = useState(saved.openPixel);
  const errors = fieldErrors(save.error);
  const others = unplacedErrors(errors, PLACED);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        quietHours: quietOn ? quiet : null,
        frequencyCap: capOn ? cap : null,
        staleHoldHours: holdOn ? hold : null,
        unknownConsent: consent,
        smsDefaultCountry: country.trim() ? country.trim().toUpperCase() : null,
        openPixel: pixel,
      },
      { onSuccess: () => notify(t('settings.messaging.saved'), 'teal') },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.messaging.title')}>
      <Stack>
        {save.error && (Object.keys(errors).length === 0 || others.length > 0) ? (
          <Alert color="red" role="alert">
            {others.length ? others.join('; ') : errorMessage(save.error)}
          </Alert>
        ) : null}
        <Section title={t('settings.messaging.quietHours')} help={t('settings.messaging.quietHoursHelp')}>
          <Switch label={t('settings.messaging.quietHoursOn')} checked={quietOn} onChange={(e) => setQuietOn(e.currentTarget.checked)} error={errors.quietHours} />
          {quietOn ? (
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <TextInput
                type="time"
                label={t('settings.messaging.quietStart')}
                value={quiet.start}
                onChange={(e) => setQuiet({ ...quiet, start: e.currentTarget.value })}
                error={errors['quietHours.start']}
                required
              />
              <TextInput
                type="time"
                label={t('settings.messaging.quietEnd')}
                value={quiet.end}
                onChange={(e) => setQuiet({ ...quiet, end: e.currentTarget.value })}
                error={errors['quietHours.end']}
                required
              />
            </SimpleGrid>
          ) : null}
        </Section>
        <Section title={t('settings.messaging.frequencyCap')} help={t('settings.messaging.frequencyCapHelp')}>
          <Switch label={t('settings.messaging.frequencyCapOn')} checked={capOn} onChange={(e) => setCapOn(e.currentTarget.checked)} error={errors.frequencyCap} />
          {capOn ? (
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <NumberInput
                label={t('settings.messaging.capMax')}
                min={1}
                max={100}
                allowDecimal={false}
                value={cap.max}
                onChange={(v) => setCap({ ...cap, max: num(v, 0) })}
                error={errors['frequencyCap.max']}
              />
              <NumberInput
                label={t('settings.messaging.capDays')}
                min={1}
                max={365}
                allowDecimal={false}
                value={cap.days}
                onChange={(v) => setCap({ ...cap, days: num(v, 0) })}
                error={errors['frequencyCap.days']}
              />
            </SimpleGrid>
          ) : null}
        </Section>
        <Section title={t('settings.messaging.staleHold')} help={t('settings.messaging.staleHoldHelp')}>
          <Switch label={t('settings.messaging.staleHoldOn')} checked={holdOn} onChange={(e) => setHoldOn(e.currentTarget.checked)} />
          {holdOn ? (
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <NumberInput label={t('settings.messaging.staleHoldHours')} min={1} max={720} allowDecimal={false} value={hold} onChange={(v) => setHold(num(v, 0))} error={errors.staleHoldHours} />
            </SimpleGrid>
          ) : null}
        </Section>
        <Section title={t('settings.messaging.consent')} help={t('settings.messaging.consentHelp')}>
          <Switch
            label={t('settings.messaging.consentEmail')}
            checked={consent.email}
            onChange={(e) => setConsent({ ...consent, email: e.currentTarget.checked })}
            error={errors['unknownConsent.email']}
          />
          <Switch label={t('settings.messaging.consentSms')} checked={consent.sms} onChange={(e) => setConsent({ ...consent, sms: e.currentTarget.checked })} error={errors['unknownConsent.sms']} />
          <Switch
            label={t('settings.messaging.consentPush')}
            checked={consent.push}
            onChange={(e) => setConsent({ ...consent, push: e.currentTarget.checked })}
            error={errors['unknownConsent.push']}
          />
          <TextInput
            label={t('settings.messaging.smsCountry')}
            description={t('settings.messaging.smsCountryHelp')}
            value={country}
            onChange={(e) => setCountry(e.currentTarget.value)}
            error={errors.smsDefaultCountry}
            maxLength={2}
            maw={320}
            placeholder="SE"
          />
        </Section>
        <Section title={t('settings.messaging.engagement')} help={t('settings.messaging.engagementHelp')}>
          <Switch label={t('settings.messaging.openPixel')} checked={pixel} onChange={(e) => setPixel(e.currentTarget.checked)} error={errors.openPixel} />
        </Section>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('settings.messaging.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
