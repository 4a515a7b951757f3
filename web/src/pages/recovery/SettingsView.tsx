import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Progress, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import {
  type RecoveryGroup,
  type RecoverySettings,
  useActivateGroup,
  useAddPhase,
  useCreateGroup,
  useDeleteGroup,
  useDeletePhase,
  usePhaseGroups,
  useRecordExisting,
  useRecordExistingJob,
  useRecoverySettings,
  useRenameGroup,
  useRenamePhase,
  useReorderPhases,
  useUpdateRecoverySettings,
} from '../../api/recovery';
import { ConfirmButton } from '../../components/ConfirmButton';
import { errorMessage, QueryState } from '../../components/QueryState';
import { notify } from '../../components/notify';
import { t } from '../../i18n/i18n';

/** Settings: phase groups (admins and marketers edit them), which cancellations enter, automatic Lost, record existing. */
export function SettingsView({ canEdit, canRecord }: { canEdit: boolean; canRecord: boolean }) {
  const groups = usePhaseGroups();
  const settings = useRecoverySettings();
  return (
    <Stack gap="xl" maw={860} data-testid="recovery-settings">
      {!canEdit ? <Alert color="gray">{t('recovery.settings.readOnly')}</Alert> : null}
      <QueryState query={settings}>{(s) => <IntakeForm key={String(s.updatedAt)} settings={s} canEdit={canEdit} />}</QueryState>
      {canRecord ? <RecordExisting /> : null}
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('recovery.settings.groups')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('recovery.settings.groupsHelp')}
        </Text>
        <QueryState query={groups}>
          {(g) => (
            <Stack gap="md">
              {g.items.map((group) => (
                <GroupCard key={group.id} group={group} active={g.items.find((x) => x.active)} canEdit={canEdit} />
              ))}
            </Stack>
          )}
        </QueryState>
        {canEdit ? <NewGroup /> : null}
      </Stack>
    </Stack>
  );
}

function IntakeForm({ settings, canEdit }: { settings: RecoverySettings; canEdit: boolean }) {
  const [s, setS] = useState(settings);
  const update = useUpdateRecoverySettings();
  const set = <K extends keyof RecoverySettings>(k: K, v: RecoverySettings[K]) => setS((x) => ({ ...x, [k]: v }));
  const days = (v: string | number) => (typeof v === 'number' ? v : Number(v) || 0);
  const save = () =>
    update.mutate(
      {
        ordinaryEnabled: s.ordinaryEnabled,
        ordinaryExcludedReasons: s.ordinaryExcludedReasons,
        extraordinaryEnabled: s.extraordinaryEnabled,
        extraordinaryReasons: s.extraordinaryReasons,
        nonRenewingEnabled: s.nonRenewingEnabled,
        nonRenewingDaysBefore: s.nonRenewingDaysBefore,
        quotaEnabled: s.quotaEnabled,
        autoLostDays: s.autoLostDays,
      },
      { onSuccess: () => notify(t('recovery.settings.saved')) },
    );
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => (e.preventDefault(), save())} aria-labelledby="recovery-intake-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="recovery-intake-title">
          {t('recovery.settings.intake')}
        </Title>
        <Switch label={t('recovery.settings.ordinary')} checked={s.ordinaryEnabled} disabled={!canEdit} onChange={(e) => set('ordinaryEnabled', e.currentTarget.checked)} />
        {s.ordinaryEnabled ? (
          <TagsInput
            ml="xl"
            label={t('recovery.settings.ordinaryExcluded')}
            description={t('recovery.settings.ordinaryExcludedHelp')}
            value={s.ordinaryExcludedReasons}
            disabled={!canEdit}
            onChange={(v) => set('ordinaryExcludedReasons', v)}
          />
        ) : null}
        <Switch label={t('recovery.settings.extraordinary')} checked={s.extraordinaryEnabled} disabled={!canEdit} onChange={(e) => set('extraordinaryEnabled', e.currentTarget.checked)} />
        {s.extraordinaryEnabled ? (
          <Stack gap="xs" ml="xl">
            <Checkbox
              label={t('recovery.settings.extraordinaryOnlySome')}
              checked={s.extraordinaryReasons !== null}
              disabled={!canEdit}
              onChange={(e) => set('extraordinaryReasons', e.currentTarget.checked ? [] : null)}
            />
            {s.extraordinaryReasons !== null ? (
              <TagsInput
                label={t('recovery.settings.extraordinaryReasons')}
                description={t('recovery.settings.ordinaryExcludedHelp')}
                value={s.extraordinaryReasons}
                disabled={!canEdit}
                onChange={(v) => set('extraordinaryReasons', v)}
              />
            ) : null}
          </Stack>
        ) : null}
        <Group gap="md" align="flex-end">
          <Switch label={t('recovery.settings.nonRenewing')} checked={s.nonRenewingEnabled} disabled={!canEdit} onChange={(e) => set('nonRenewingEnabled', e.currentTarget.checked)} />
          {s.nonRenewingEnabled ? (
            <NumberInput
              w={240}
              label={t('recovery.settings.nonRenewingDays')}
              min={0}
              max={365}
              value={s.nonRenewingDaysBefore}
              disabled={!canEdit}
              onChange={(v) => set('nonRenewingDaysBefore', days(v))}
            />
          ) : null}
        </Group>
        <Switch label={t('recovery.settings.quota')} checked={s.quotaEnabled} disabled={!canEdit} onChange={(e) => set('quotaEnabled', e.currentTarget.checked)} />
        <Group gap="md" align="flex-end">
          <Switch label={t('recovery.settings.autoLost')} checked={s.autoLostDays !== null} disabled={!canEdit} onChange={(e) => set('autoLostDays', e.currentTarget.checked ? 60 : null)} />
          {s.autoLostDays !== null ? (
            <NumberInput
              w={240}
              label={t('recovery.settings.autoLostDays')}
              min={1}
              max={3650}
              value={s.autoLostDays}
              disabled={!canEdit}
              onChange={(v) => set('autoLostDays', Math.max(1, days(v)))}
            />
          ) : null}
        </Group>
        {update.error ? (
          <Alert color="red" role="alert">
            {errorMessage(update.error)}
          </Alert>
        ) : null}
        {canEdit ? (
          <Group>
            <Button type="submit" loading={update.isPending}>
              {t('recovery.settings.saveIntake')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function RecordExisting() {
  const start = useRecordExisting();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useRecordExistingJob(jobId);
  const j = job.data;
  const p = j?.progress;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t('recovery.settings.recordExisting')}</Text>
          <Button
            variant="default"
            loading={start.isPending}
            disabled={!!j && j.state !== 'done' && j.state !== 'failed'}
            onClick={() => start.mutate(undefined, { onSuccess: (r) => setJobId(r.jobId) })}
          >
            {t('recovery.settings.recordStart')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('recovery.settings.recordExistingHelp')}
        </Text>
        {start.error ? (
          <Text c="red" size="sm">
            {errorMessage(start.error)}
          </Text>
        ) : null}
        {j ? (
          <Stack gap={4} role="status" aria-live="polite">
            {p && p.total > 0 ? <Progress value={(100 * p.done) / p.total} aria-label={t('recovery.settings.recordExisting')} /> : null}
            <Text size="sm">
              {j.state === 'done'
                ? t('recovery.settings.recordDone', { created: p?.created ?? 0 })
                : j.state === 'failed'
                  ? t('recovery.settings.recordFailed', { error: j.error ?? '' })
                  : p
                    ? t('recovery.settings.recordProgress', { done: p.done, total: p.total, created: p.created })
                    : t('recovery.settings.recordQueued')}
            </Text>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

function GroupCard({ group, active, canEdit }: { group: RecoveryGroup; active: RecoveryGroup | undefined; canEdit: boolean }) {
  const [name, setName] = useState(group.name);
  const [newPhase, setNewPhase] = useState('');
  const [activating, setActivating] = useState(false);
  const rename = useRenameGroup();
  const addPhase = useAddPhase();
  const reorder = useReorderPhases();
  const remove = useDeleteGroup();
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(errorMessage(e));
  const ids = group.phases.map((p) => p.id);
  const swap = (i: number, j: number) => {
    const next = [...ids];
    [next[i], next[j]] = [next[j], next[i]];
    reorder.mutate({ id: group.id, phaseIds: next }, { onError: fail });
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid={`group-${group.id}`} component="section" aria-label={group.name}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Group gap="xs" align="flex-end">
            <TextInput label={t('recovery.settings.groupName')} value={name} disabled={!canEdit} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} />
            {canEdit && name.trim() && name !== group.name ? (
              <Button
                variant="default"
                loading={rename.isPending}
                onClick={() => rename.mutate({ id: group.id, name: name.trim() }, { onSuccess: () => notify(t('recovery.settings.saved')), onError: fail })}
              >
                {t('recovery.settings.renameGroup')}
              </Button>
            ) : null}
            {group.active ? <Badge color="teal">{t('recovery.settings.active')}</Badge> : null}
          </Group>
          {canEdit && !group.active ? (
            <Group gap="xs">
              <Button onClick={() => setActivating(true)}>{t('recovery.settings.activate')}</Button>
              <ConfirmButton
                title={t('recovery.settings.deleteGroup')}
                body={t('recovery.settings.deleteGroupConfirm', { name: group.name })}
                confirmLabel={t('recovery.settings.deleteGroup')}
                loading={remove.isPending}
                onConfirm={() => remove.mutate({ id: group.id }, { onError: fail })}
                buttonProps={{ variant: 'subtle', color: 'red' }}
              >
                {t('recovery.settings.deleteGroup')}
              </ConfirmButton>
            </Group>
          ) : null}
        </Group>
        <Stack gap={6} component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
          {group.phases.map((p, i) => (
            <li key={p.id}>
              <PhaseRow
                group={group}
                phaseId={p.id}
                name={p.name}
                position={i + 1}
                openEntries={p.openEntries}
                canEdit={canEdit}
                first={i === 0}
                last={i === group.phases.length - 1}
                onSwap={(d) => swap(i, i + d)}
                onError={fail}
              />
            </li>
          ))}
        </Stack>
        {canEdit ? (
          <Group gap="xs" align="flex-end">
            <TextInput label={t('recovery.settings.newPhase')} value={newPhase} onChange={(e) => setNewPhase(e.currentTarget.value)} maxLength={200} />
            <Button
              variant="default"
              disabled={!newPhase.trim()}
              loading={addPhase.isPending}
              onClick={() => addPhase.mutate({ id: group.id, name: newPhase.trim() }, { onSuccess: () => setNewPhase(''), onError: fail })}
            >
              {t('recovery.settings.addPhase')}
            </Button>
          </Group>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setError(null)}>
            {error}
          </Alert>
        ) : null}
      </Stack>
      {activating ? <ActivateModal group={group} active={active} onClose={() => setActivating(false)} /> : null}
    </Paper>
  );
}

function PhaseRow(props: {
  group: RecoveryGroup;
  phaseId: string;
  name: string;
  position: number;
  openEntries: number;
  canEdit: boolean;
  first: boolean;
  last: boolean;
  onSwap: (d: number) => void;
  onError: (e: unknown) => void;
}) {
  const { group, phaseId, canEdit } = props;
  const [name, setName] = useState(props.name);
  const rename = useRenamePhase();
  const remove = useDeletePhase();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <TextInput
        aria-label={t('recovery.settings.phaseName', { position: props.position })}
        value={name}
        disabled={!canEdit}
        maxLength={200}
        style={{ flex: 1 }}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <Text size="xs" c="dimmed" w={110} visibleFrom="xs">
        {t('recovery.settings.openEntries', { count: props.openEntries })}
      </Text>
      {canEdit ? (
        <>
          {name.trim() && name !== props.name ? (
            <Button
              size="xs"
              variant="default"
              loading={rename.isPending}
              onClick={() => rename.mutate({ id: group.id, phaseId, name: name.trim() }, { onSuccess: () => notify(t('recovery.settings.saved')), onError: props.onError })}
            >
              {t('recovery.settings.renamePhase', { name: props.name })}
            </Button>
          ) : null}
          <ActionIcon variant="subtle" color="gray" disabled={props.first} aria-label={t('recovery.settings.moveUp', { name: props.name })} onClick={() => props.onSwap(-1)}>
            <IconArrowUp size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" disabled={props.last} aria-label={t('recovery.settings.moveDown', { name: props.name })} onClick={() => props.onSwap(1)}>
            <IconArrowDown size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('recovery.settings.deletePhase', { name: props.name })}
            loading={remove.isPending}
            onClick={() => remove.mutate({ id: group.id, phaseId }, { onError: props.onError })}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </>
      ) : null}
    </Group>
  );
}

/** Activation: when the current group holds open entries, each of its phases needs a phase of the new group. */
function ActivateModal({ group, active, onClose }: { group: RecoveryGroup; active: RecoveryGroup | undefined; onClose: () => void }) {
  const activate = useActivateGroup();
  const needsMapping = !!active && active.phases.some((p) => p.openEntries > 0);
  const [mapping, setMapping] = useState<Record<string, string>>(() => Object.fromEntries((active?.phases ?? []).map((p, i) => [p.id, group.phases[Math.min(i, group.phases.length - 1)]?.id ?? ''])));
  const options = group.phases.map((p) => ({ value: p.id, label: p.name }));
  const submit = () =>
    activate.mutate(
      { id: group.id, mapping: needsMapping ? mapping : undefined },
      {
        onSuccess: (r) => {
          notify(t('recovery.settings.activated', { name: r.group.name, count: r.movedEntries }));
          onClose();
        },
      },
    );
  return (
    <Modal opened onClose={onClose} title={t('recovery.settings.activateTitle', { name: group.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        {needsMapping ? (
          <>
            <Text size="sm">{t('recovery.settings.activateHelp')}</Text>
            {active!.phases.map((p) => (
              <Select
                key={p.id}
                label={t('recovery.settings.mapFrom', { name: p.name, count: p.openEntries })}
                data={options}
                value={mapping[p.id] || null}
                allowDeselect={false}
                onChange={(v) => setMapping((m) => ({ ...m, [p.id]: v ?? '' }))}
              />
            ))}
          </>
        ) : null}
        {activate.error ? (
          <Alert color="red" role="alert">
            {errorMessage(activate.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={activate.isPending} onClick={submit}>
            {t('recovery.settings.activate')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function NewGroup() {
  const [name, setName] = useState('');
  const [phases, setPhases] = useState('');
  const create = useCreateGroup();
  const list = phases
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="form"
      aria-labelledby="new-group-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name: name.trim(), phases: list }, { onSuccess: () => (setName(''), setPhases(''), notify(t('recovery.settings.saved'))) });
      }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="new-group-title">
          {t('recovery.settings.newGroup')}
        </Title>
        <TextInput label={t('recovery.settings.newGroupName')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} />
        <Textarea label={t('recovery.settings.newGroupPhases')} autosize minRows={3} value={phases} onChange={(e) => setPhases(e.currentTarget.value)} />
        {create.error ? (
          <Alert color="red" role="alert">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" disabled={!name.trim() || list.length === 0} loading={create.isPending}>
            {t('recovery.settings.createGroup')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
