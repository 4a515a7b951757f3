import { Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { type ReconnectSettings, type RhythmSettings, useReconnectSettings, useRhythmSettings, useSaveReconnectSettings, useSaveRhythmSettings } from '../../api/reconnect';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';

const EXAMPLE_INTERVAL = 28;

/** Reconnect's settings (booking link, follow-up, window, holdout) and rhythm's rules. */
export function SettingsView({ canEdit, canEditRhythm }: { canEdit: boolean; canEditRhythm: boolean }) {
  const settings = useReconnectSettings();
  const rhythm = useRhythmSettings();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          {t('reconnect.settings.reconnectHeading')}
        </Title>
        <QueryState query={settings}>{(s) => <ReconnectSettingsForm initial={s} canEdit={canEdit} />}</QueryState>
      </Card>
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          {t('reconnect.settings.rhythmHeading')}
        </Title>
        <QueryState query={rhythm}>{(r) => <RhythmSettingsForm initial={r} canEdit={canEditRhythm} />}</QueryState>
      </Card>
    </SimpleGrid>
  );
}

const num = (v: string | number): number | null => (v === '' ? null : Number(v));

function ReconnectSettingsForm({ initial, canEdit }: { initial: ReconnectSettings; canEdit: boolean }) {
  const [bookingLink, setBookingLink] = useState(initial.bookingLink ?? '');
  const [followUp, setFollowUp] = useState(initial.followUpDays !== null);
  const [followUpDays, setFollowUpDays] = useState<number | null>(initial.followUpDays ?? 7);
  const [successWindowDays, setWindow] = useState<number | null>(initial.successWindowDays);
  const [holdoutPercent, setHoldout] = useState<number | null>(initial.holdoutPercent);
  const save = useSaveReconnectSettings();
  const errors = fieldErrors(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // PUT replaces every field: send them all
        save.mutate(
          {
            bookingLink: bookingLink.trim() === '' ? null : bookingLink.trim(),
            followUpDays: followUp ? (followUpDays as number) : null,
            successWindowDays: successWindowDays as number,
            holdoutPercent: holdoutPercent as number,
          },
          { onSuccess: () => notify(t('reconnect.settings.saved')) },
        );
      }}
    >
      <Stack gap="sm">
        {!canEdit ? (
          <Text size="sm" c="dimmed">
            {t('reconnect.settings.readOnly')}
          </Text>
        ) : null}
        <TextInput
          label={t('reconnect.settings.bookingLink')}
          description={t('reconnect.settings.bookingLinkHint')}
          placeholder="https://"
          value={bookingLink}
          onChange={(e) => setBookingLink(e.currentTarget.value)}
          readOnly={!canEdit}
          error={errors.bookingLink}
        />
        <Checkbox label={t('reconnect.settings.followUp')} checked={followUp} onChange={(e) => setFollowUp(e.currentTarget.checked)} disabled={!canEdit} />
        {followUp ? (
          <NumberInput
            label={t('reconnect.settings.followUpDays')}
            description={t('reconnect.settings.followUpDaysHint')}
            min={1}
            max={60}
            allowDecimal={false}
            value={followUpDays ?? ''}
            onChange={(v) => setFollowUpDays(num(v))}
            readOnly={!canEdit}
            error={errors.followUpDays}
          />
        ) : null}
        <NumberInput
          label={t('reconnect.settings.successWindowDays')}
          description={t('reconnect.settings.successWindowDaysHint')}
          min={1}
          max={365}
          allowDecimal={false}
          value={successWindowDays ?? ''}
          onChange={(v) => setWindow(num(v))}
          readOnly={!canEdit}
          error={errors.successWindowDays}
        />
        <NumberInput
          label={t('reconnect.settings.holdoutPercent')}
          description={t('reconnect.settings.holdoutPercentHint')}
          min={0}
          max={50}
          allowDecimal={false}
          value={holdoutPercent ?? ''}
          onChange={(v) => setHoldout(num(v))}
          readOnly={!canEdit}
          error={errors.holdoutPercent}
        />
        <FormError error={save.error} fields={errors} />
        {canEdit ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('reconnect.settings.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

type RhythmKey = keyof RhythmSettings;
const RHYTHM_FIELDS: Array<{ key: RhythmKey; min: number; max: number; decimals: boolean }> = [
  { key: 'tolerance', min: 1, max: 10, decimals: true },
  { key: 'minSlackDays', min: 0, max: 365, decimals: false },
  { key: 'goneFactor', min: 1, max: 50, decimals: true },
  { key: 'minAppointments', min: 2, max: 50, decimals: false },
  { key: 'maxIntervals', min: 1, max: 50, decimals: false },
];

function RhythmSettingsForm({ initial, canEdit }: { initial: RhythmSettings; canEdit: boolean }) {
  const [values, setValues] = useState<Record<RhythmKey, number | null>>({ ...initial });
  const save = useSaveRhythmSettings();
  const errors = fieldErrors(save.error);
  const tol = values.tolerance ?? initial.tolerance;
  const slack = values.minSlackDays ?? initial.minSlackDays;
  const gone = values.goneFactor ?? initial.goneFactor;
  // the rule of docs/rhythm.md, as an illustration of the numbers being edited (the API decides)
  const overdueFrom = Math.floor(EXAMPLE_INTERVAL + Math.max(EXAMPLE_INTERVAL * (tol - 1), slack)) + 1;
  const goneAfter = Math.floor(EXAMPLE_INTERVAL * gone);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as Partial<RhythmSettings>;
        save.mutate(body, { onSuccess: () => notify(t('reconnect.settings.rhythmSaved')) });
      }}
    >
      <Stack gap="sm">
        {!canEdit ? (
          <Text size="sm" c="dimmed">
            {t('reconnect.settings.adminOnly')}
          </Text>
        ) : null}
        {RHYTHM_FIELDS.map((f) => (
          <NumberInput
            key={f.key}
            label={t(`reconnect.settings.${f.key}`)}
            description={t(`reconnect.settings.${f.key}Hint`)}
            min={f.min}
            max={f.max}
            step={f.decimals ? 0.05 : 1}
            decimalScale={f.decimals ? 2 : 0}
            allowDecimal={f.decimals}
            value={values[f.key] ?? ''}
            onChange={(v) => setValues({ ...values, [f.key]: num(v) })}
            readOnly={!canEdit}
            error={errors[f.key]}
          />
        ))}
        <Text size="sm" data-testid="rhythm-example">
          {t('reconnect.settings.example', { interval: EXAMPLE_INTERVAL, overdue: overdueFrom, gone: goneAfter })}
        </Text>
        <FormError error={save.error} fields={errors} />
        {canEdit ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('reconnect.settings.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
