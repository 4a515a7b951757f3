import { Alert, Box, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { type RiskExamples, type RiskSettings, useRiskExamples, useSaveRisk } from '../../../api/settings';
import { fieldErrors, unplacedErrors } from '../../../components/field-errors';
import { notify } from '../../../components/notify';
import { errorMessage } from '../../../components/QueryState';
import { t } from '../../../i18n/i18n';
import { allPaths, setPath } from './risk-paths';
import { AbsentSection } from './AbsentSection';
import { HealthSection } from './HealthSection';
import { LowUserSection } from './LowUserSection';
import { NumberSection } from './NumberSection';
import { IN_TROUBLE, NEW_MEMBER, STATUS } from './risk-fields';
import type { Errors, RiskFormState } from './risk-form';
import { ScheduleSection } from './ScheduleSection';
import { WorkedExamples } from './WorkedExamples';

/**
 * The risk settings being edited, with the worked examples beside them assessed by the API for the
 * draft (debounced). A number the API refuses is marked where it is, while editing and on save.
 */
export function RiskForm({ saved }: { saved: RiskSettings }) {
  const [draft, setDraft] = useState<RiskSettings>(saved);
  const save = useSaveRisk();
  const [debounced] = useDebouncedValue(draft, 300);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved), [draft, saved]);
  const live = useRiskExamples(debounced);
  const base = useRiskExamples(saved);
  const [lastGood, setLastGood] = useState<RiskExamples | undefined>(undefined);
  useEffect(() => {
    if (live.data && !live.isError) setLastGood(live.data);
  }, [live.data, live.isError]);

  const liveInvalid = live.isError && live.error instanceof ApiError && live.error.status === 400;
  const errors: Errors = { ...(liveInvalid ? fieldErrors(live.error) : {}), ...fieldErrors(save.error) };
  const placed = useMemo(() => allPaths(draft), [draft]);
  const others = unplacedErrors(errors, placed);

  const form: RiskFormState = {
    draft,
    errors,
    edit: (path, value) => {
      save.reset();
      setDraft((d) => setPath(d, path, value));
    },
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft, {
      onSuccess: (s) => {
        setDraft(s);
        notify(t('settings.risk.saved'), 'teal');
      },
    });
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={submit} noValidate aria-label={t('settings.risk.title')}>
          <Stack>
            {(save.error && Object.keys(fieldErrors(save.error)).length === 0) || others.length > 0 ? (
              <Alert color="red" role="alert">
                {others.length ? others.join('; ') : errorMessage(save.error)}
              </Alert>
            ) : null}
            {Object.keys(errors).length > 0 && others.length === 0 ? (
              <Alert color="red" role="alert" data-testid="risk-field-errors">
                {t('settings.fieldErrors')}
              </Alert>
            ) : null}

            <LowUserSection form={form} />
            <AbsentSection form={form} />
            <NumberSection form={form} title="settings.risk.newMember.title" help="settings.risk.newMember.help" fields={NEW_MEMBER} />
            <NumberSection form={form} title="settings.risk.inTrouble.title" help="settings.risk.inTrouble.help" fields={IN_TROUBLE} />
            <NumberSection form={form} title="settings.risk.status.title" help="settings.risk.status.help" fields={STATUS} />
            <HealthSection form={form} />
            <ScheduleSection form={form} />

            <Group style={{ position: 'sticky', bottom: 0, zIndex: 2 }} bg="var(--mantine-color-body)" py="sm">
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {t('settings.risk.save')}
              </Button>
              {dirty ? (
                <>
                  <Button variant="default" onClick={() => (save.reset(), setDraft(saved))}>
                    {t('settings.reset')}
                  </Button>
                  <Text size="sm" c="orange.9" fw={500}>
                    {t('settings.unsaved')}
                  </Text>
                </>
              ) : null}
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Box style={{ position: 'sticky', top: 72 }}>
          <WorkedExamples live={lastGood} base={base.data} invalid={liveInvalid} pending={live.isFetching || debounced !== draft} />
        </Box>
      </Grid.Col>
    </Grid>
  );
}
