import { Alert, Anchor, Box, Button, Card, Group, Menu, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAutomation, useAutomationAction, useAutomationCatalogue, useUpdateAutomation, type AutomationCatalogue, type AutomationDetail, type TriggerDescription } from '../../api/automations';
import { api, call } from '../../api/client';
import { useSession, type Role } from '../../api/session';
import { ParamField } from '../../components/condition-tree/ConditionForm';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormError } from '../../components/FormError';
import { MoveButtons, moved } from '../../components/MoveButtons';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { StateBadge } from './StateBadge';
import { StepForm, type Step } from './StepForm';

const STEP_TYPES = ['send', 'wait', 'branch', 'task', 'door_alert', 'exit'];
const GOAL_KINDS = ['visit', 'booking', 'status_loving_it', 'rebooking_same_category', 'regained_contract', 'purchase'] as const;

type Draft = Pick<AutomationDetail, 'name' | 'trigger' | 'steps' | 'reentry' | 'goal' | 'holdoutPercent'>;

/** A new step of a type, with what the API needs of it (a key unique in the automation). */
function newStep(type: string, steps: Step[]): Step {
  let n = steps.length + 1;
  while (steps.some((s) => s.key === `${type.replace('_', '-')}-${n}`)) n++;
  const key = `${type.replace('_', '-')}-${n}`;
  if (type === 'send') return { key, type, channel: 'email', template: { subject: '', text: '{{unsubscribe_url}}' } };
  if (type === 'wait') return { key, type, days: 1 };
  if (type === 'branch') return { key, type, condition: { condition: 'visited_since_trigger' }, then: 'exit' };
  if (type === 'task') return { key, type, reason: '' };
  return { key, type };
}

function patchOf(o: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...o, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next;
}

/**
 * One automation (docs/automations.md): its trigger and steps as a vertical flow of forms, with
 * how many runs are at each step now; re-entry, goal and holdout; save, enable, pause, archive.
 * Managers see it read-only.
 */
export default function AutomationEditorPage() {
  const id = useParams().id ?? '';
  const automation = useAutomation(id);
  // the trigger kinds and branch conditions the API accepts, with their parameters
  const catalogue = useAutomationCatalogue();
  return (
    <Box maw={900}>
      <QueryState query={automation}>{(a) => <QueryState query={catalogue}>{(c) => <Editor key={`${a.id}:${a.updatedAt}`} a={a} catalogue={c} />}</QueryState>}</QueryState>
    </Box>
  );
}

function Editor({ a, catalogue }: { a: AutomationDetail; catalogue: AutomationCatalogue }) {
  const role = useSession().data?.role as Role | undefined;
  const readOnly = !(role === 'admin' || role === 'marketer') || a.state === 'archived';
  const [draft, setDraft] = useState<Draft>({ name: a.name, trigger: a.trigger, steps: a.steps, reentry: a.reentry, goal: a.goal, holdoutPercent: a.holdoutPercent });
  const update = useUpdateAutomation(a.id);
  const action = useAutomationAction(a.id);
  const dirty = JSON.stringify(draft) !== JSON.stringify({ name: a.name, trigger: a.trigger, steps: a.steps, reentry: a.reentry, goal: a.goal, holdoutPercent: a.holdoutPercent });
  const setStep = (i: number, patch: Record<string, unknown>) => setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? patchOf(s, patch) : s)) }));
  const progressOf = (key: unknown) => a.progress.steps.find((s) => s.key === key);
  // bumped by "Discard changes": the step forms that keep their own state (a branch's tree) start again
  const [rev, setRev] = useState(0);

  const save = () => update.mutate(draft, { onSuccess: () => notify(t('automations.editor.saved')) });
  const act = (what: 'enable' | 'pause' | 'archive') => action.mutate(what, { onSuccess: () => notify(tDynamic('automations.editor.done', what)) });

  return (
    <Stack gap="lg">
      <PageHeader
        title={a.name}
        subtitle={
          <Group gap="xs" component="span">
            <StateBadge state={a.state} />
            <Text span size="sm" c="dark.6" data-testid="runs-summary">
              {t('automations.editor.runs', {
                inFlight: formatNumber(a.progress.inFlight),
                done: formatNumber(a.progress.done),
                exited: formatNumber(a.progress.exited),
                holdout: formatNumber(a.progress.holdout),
              })}
            </Text>
            <Anchor component={Link} to={`/reports/automations/${a.id}`} size="sm">
              {t('automations.editor.report')}
            </Anchor>
          </Group>
        }
        actions={
          readOnly ? null : (
            <>
              {a.state === 'enabled' ? (
                <Button
                  variant="light"
                  onClick={() => act('pause')}
                  loading={action.isPending && action.variables === 'pause'}
                  disabled={dirty}
                  title={dirty ? t('automations.editor.saveFirst') : undefined}
                >
                  {t('automations.editor.pause')}
                </Button>
              ) : (
                <Button onClick={() => act('enable')} loading={action.isPending && action.variables === 'enable'} disabled={dirty} title={dirty ? t('automations.editor.saveFirst') : undefined}>
                  {t('automations.editor.enable')}
                </Button>
              )}
              <ConfirmButton
                title={t('automations.editor.archiveTitle')}
                body={t('automations.editor.archiveBody', { count: a.progress.inFlight })}
                confirmLabel={t('automations.editor.archive')}
                onConfirm={() => act('archive')}
                loading={action.isPending && action.variables === 'archive'}
                buttonProps={{ variant: 'subtle', color: 'red' }}
              >
                {t('automations.editor.archive')}
              </ConfirmButton>
            </>
          )
        }
      />
      {a.lastError ? (
        <Alert color="red" title={t('automations.editor.lastError')}>
          {a.lastError}
        </Alert>
      ) : null}
      <FormError error={action.error} />
      {readOnly && a.state !== 'archived' ? <Text c="dark.6">{t('automations.editor.readOnly')}</Text> : null}

      <Card withBorder>
        <TextInput label={t('automations.editor.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} readOnly={readOnly} />
      </Card>

      <Box component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('automations.editor.flow')} data-testid="flow">
        <Box component="li">
          <TriggerCard trigger={draft.trigger} triggers={catalogue.triggers} onChange={(trigger) => setDraft({ ...draft, trigger })} readOnly={readOnly} />
        </Box>
        {draft.steps.map((s, i) => {
          const p = progressOf(s.key);
          return (
            // keyed by the step's key, so a moved step keeps its form's own state
            <Fragment key={`${rev}:${String(s.key)}`}>
              <Arrow />
              <Box component="li">
                <Card withBorder data-testid="step" data-key={String(s.key)} data-type={String(s.type)}>
                  <Group justify="space-between" mb="xs" wrap="wrap">
                    <Group gap="xs">
                      <Title order={2} size="h5">
                        {t('automations.editor.stepTitle', { n: i + 1, type: tDynamic('automations.stepType', String(s.type)) })}
                      </Title>
                      <Text size="xs" c="dark.5">
                        {String(s.key)}
                      </Text>
                    </Group>
                    <Group gap="xs">
                      {p ? (
                        <Text size="xs" c="dark.6" data-testid="step-progress">
                          {t('automations.editor.atStep', { current: formatNumber(p.current), waiting: formatNumber(p.waiting) })}
                        </Text>
                      ) : null}
                      {readOnly || draft.steps.length < 2 ? null : (
                        <MoveButtons
                          index={i}
                          count={draft.steps.length}
                          upLabel={t('automations.editor.moveUp', { n: i + 1 })}
                          downLabel={t('automations.editor.moveDown', { n: i + 1 })}
                          onMove={(delta) => setDraft((d) => ({ ...d, steps: moved(d.steps, i, delta) }))}
                        />
                      )}
                      {readOnly ? null : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
                          aria-label={t('automations.editor.removeStep', { n: i + 1 })}
                        >
                          {t('automations.editor.remove')}
                        </Button>
                      )}
                    </Group>
                  </Group>
                  <StepForm
                    step={s}
                    index={i}
                    laterKeys={draft.steps.slice(i + 1).map((x) => String(x.key))}
                    conditions={catalogue.branchConditions}
                    onChange={(patch) => setStep(i, patch)}
                    readOnly={readOnly}
                  />
                </Card>
              </Box>
            </Fragment>
          );
        })}
      </Box>
      {readOnly ? null : (
        <Menu position="bottom-start">
          <Menu.Target>
            <Button variant="light" w="fit-content">
              {t('automations.editor.addStep')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {STEP_TYPES.map((type) => (
              <Menu.Item key={type} onClick={() => setDraft((d) => ({ ...d, steps: [...d.steps, newStep(type, d.steps)] }))}>
                {tDynamic('automations.stepType', type)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}

      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('automations.editor.settings')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={4}>
            <Select
              label={t('automations.editor.reentry')}
              data={['once', 'per_days'].map((p) => ({ value: p, label: tDynamic('automations.editor.reentryPolicy', p) }))}
              value={draft.reentry.policy}
              onChange={(v) => setDraft({ ...draft, reentry: v === 'per_days' ? { policy: 'per_days', days: draft.reentry.days ?? 30 } : { policy: 'once' } })}
              readOnly={readOnly}
              allowDeselect={false}
            />
            {draft.reentry.policy === 'per_days' ? (
              <NumberInput
                label={t('automations.editor.reentryDays')}
                min={1}
                value={draft.reentry.days ?? ''}
                onChange={(v) => setDraft({ ...draft, reentry: { policy: 'per_days', days: Number(v) || undefined } })}
                readOnly={readOnly}
              />
            ) : null}
          </Stack>
          <Stack gap={4}>
            <Select
              label={t('automations.editor.goal')}
              data={GOAL_KINDS.map((g) => ({ value: g, label: tDynamic('reports.goal', g) }))}
              value={draft.goal.kind}
              onChange={(v) => setDraft({ ...draft, goal: { ...draft.goal, kind: (v as (typeof GOAL_KINDS)[number]) ?? draft.goal.kind } })}
              readOnly={readOnly}
              allowDeselect={false}
            />
            <NumberInput
              label={t('automations.editor.goalDays')}
              min={1}
              value={draft.goal.withinDays}
              onChange={(v) => setDraft({ ...draft, goal: { ...draft.goal, withinDays: Number(v) } })}
              readOnly={readOnly}
            />
          </Stack>
          <NumberInput
            label={t('automations.editor.holdout')}
            description={t('automations.editor.holdoutHelp')}
            min={0}
            max={50}
            suffix=" %"
            value={draft.holdoutPercent}
            onChange={(v) => setDraft({ ...draft, holdoutPercent: Number(v) })}
            readOnly={readOnly}
          />
        </SimpleGrid>
      </Card>

      {readOnly ? null : (
        <Stack gap="xs">
          <FormError error={update.error} />
          <Group>
            <Button onClick={save} loading={update.isPending} disabled={!dirty}>
              {t('automations.editor.save')}
            </Button>
            {dirty ? (
              <Button
                variant="subtle"
                onClick={() => {
                  setDraft({ name: a.name, trigger: a.trigger, steps: a.steps, reentry: a.reentry, goal: a.goal, holdoutPercent: a.holdoutPercent });
                  setRev((r) => r + 1);
                }}
              >
                {t('automations.editor.discard')}
              </Button>
            ) : null}
          </Group>
          <Text size="xs" c="dark.5">
            {t('automations.editor.inFlightNote')}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

function Arrow() {
  return (
    <Box aria-hidden="true" ta="center" c="dark.3" fz={20} lh={1.6}>
      ↓
    </Box>
  );
}

/** A trigger kind in words: the page's own label, else the catalogue's. */
function kindLabel(d: TriggerDescription): string {
  const l = tDynamic('automations.trigger.kind', d.kind);
  return l === d.kind ? d.label : l;
}

/**
 * The trigger: its kind picked from every kind the API accepts (GET /automations/catalogue), and
 * that kind's fields as forms built from the catalogue's description of them; a segment is
 * picked from the business's saved segments.
 */
function TriggerCard({
  trigger,
  triggers,
  onChange,
  readOnly,
}: {
  trigger: Record<string, unknown>;
  triggers: TriggerDescription[];
  onChange: (t: Record<string, unknown>) => void;
  readOnly: boolean;
}) {
  const kind = String(trigger.kind);
  const described = triggers.find((d) => d.kind === kind);
  const params = described?.params ?? [];
  const segments = useQuery({ queryKey: ['segments', 'names'], queryFn: () => call(api.GET('/api/v1/segments')), enabled: params.some((p) => p.name === 'segmentId') });
  const segmentData = (segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  const set = (patch: Record<string, unknown>) => onChange(patchOf(trigger, patch));
  const empty = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  return (
    <Card withBorder data-testid="trigger" data-kind={kind} style={{ borderLeft: '4px solid var(--mantine-color-blue-7)' }}>
      <Title order={2} size="h5" mb="xs">
        {t('automations.editor.trigger')}
      </Title>
      <Stack gap="xs">
        <Select
          label={t('automations.editor.triggerKind')}
          data={triggers.map((d) => ({ value: d.kind, label: kindLabel(d) }))}
          value={kind}
          onChange={(v) => v && onChange({ kind: v })}
          readOnly={readOnly}
          allowDeselect={false}
        />
        {described ? (
          <Text size="xs" c="dark.6">
            {t('automations.editor.triggerWhen', { description: described.description })}
          </Text>
        ) : null}
        {params.length ? (
          <Group gap="sm" align="flex-start" wrap="wrap" data-testid="trigger-params">
            {params.map((p) =>
              p.name === 'segmentId' ? (
                <Select
                  key={p.name}
                  size="xs"
                  w={260}
                  label={t('automations.editor.segment')}
                  withAsterisk={p.required}
                  data={segmentData}
                  value={typeof trigger.segmentId === 'string' ? trigger.segmentId : null}
                  onChange={(v) => set({ segmentId: v ?? undefined })}
                  readOnly={readOnly}
                  searchable
                />
              ) : readOnly ? (
                <fieldset key={p.name} disabled style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
                  <ParamField p={p} value={trigger[p.name]} onChange={() => undefined} />
                </fieldset>
              ) : (
                <ParamField key={p.name} p={p} value={trigger[p.name]} onChange={(v) => set({ [p.name]: empty(v) ? undefined : v })} />
              ),
            )}
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}
