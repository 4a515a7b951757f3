import { Modal, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { CONSENT_CHANNELS, MANUAL_STATUSES, useCreateTask, useRecordConsent, useSetStatus } from '../../../api/members';
import { FormError } from '../../../components/FormError';
import { ModalButtons } from '../../../components/ModalButtons';
import { useOnOpen } from '../../../components/use-on-open';
import { t, tDynamic } from '../../../i18n/i18n';
import { AssigneeSelect } from '../AssigneeSelect';

// The profile's changes, each a small form whose error line is the API's own message.

type ManualStatus = (typeof MANUAL_STATUSES)[number];

export function SetStatusModal({ clientId, current, opened, onClose }: { clientId: string; current: string | null; opened: boolean; onClose: () => void }) {
  const m = useSetStatus(clientId);
  const [status, setStatus] = useState<ManualStatus | null>(null);
  const [note, setNote] = useState('');
  useOnOpen(opened, () => {
    m.reset();
    setStatus((MANUAL_STATUSES as readonly string[]).includes(current ?? '') ? (current as ManualStatus) : null);
    setNote('');
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!status) return;
    m.mutate(
      { status, note: note.trim() || undefined },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('members.profile.setStatus.done', { status: tDynamic('labels.status', status) }) });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('members.profile.setStatus.title')}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('members.profile.setStatus.help')}
          </Text>
          <Select
            label={t('members.profile.setStatus.status')}
            data={MANUAL_STATUSES.map((s) => ({ value: s, label: tDynamic('labels.status', s) }))}
            value={status}
            onChange={(v) => setStatus(v as ManualStatus | null)}
            required
            allowDeselect={false}
            data-autofocus
          />
          <Textarea label={t('members.profile.setStatus.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={1000} />
          <FormError error={m.error} />
          <ModalButtons onCancel={onClose} pending={m.isPending} label={t('members.profile.setStatus.submit')} disabled={!status} />
        </Stack>
      </form>
    </Modal>
  );
}

export function CreateTaskModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const m = useCreateTask(clientId);
  const [reason, setReason] = useState('');
  const [instructions, setInstructions] = useState('');
  const [due, setDue] = useState('');
  const [assignee, setAssignee] = useState<string | null>(null);
  useOnOpen(opened, () => {
    m.reset();
    setReason(t('members.tasks.reasonDefault'));
    setInstructions('');
    setDue('');
    setAssignee(null);
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    m.mutate(
      { reason: reason.trim(), instructions: instructions.trim() || undefined, due: due || undefined, assigneeStaffId: assignee ?? undefined },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'teal', message: r.action === 'created' ? t('members.profile.createTask.created') : t('members.profile.createTask.updated') });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('members.profile.createTask.title')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('members.profile.createTask.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required maxLength={500} data-autofocus />
          <Textarea label={t('members.profile.createTask.instructions')} value={instructions} onChange={(e) => setInstructions(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
          <TextInput type="date" label={t('members.profile.createTask.dueOn')} value={due} onChange={(e) => setDue(e.currentTarget.value)} />
          <AssigneeSelect label={t('members.profile.createTask.assignTo')} placeholder={t('members.profile.createTask.owner')} value={assignee} onChange={setAssignee} />
          <FormError error={m.error} />
          <ModalButtons onCancel={onClose} pending={m.isPending} label={t('members.profile.createTask.submit')} disabled={!reason.trim()} />
        </Stack>
      </form>
    </Modal>
  );
}

type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
type ConsentSource = 'staff' | 'form' | 'import';

export function RecordConsentModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const m = useRecordConsent(clientId);
  const [channel, setChannel] = useState<ConsentChannel>('email');
  const [granted, setGranted] = useState(true);
  const [source, setSource] = useState<ConsentSource>('staff');
  useOnOpen(opened, () => m.reset());
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    m.mutate(
      { channel, granted, source },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('members.profile.recordConsent.done') });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('members.profile.recordConsent.title')}>
      <form onSubmit={submit}>
        <Stack>
          <Select
            label={t('members.profile.recordConsent.channel')}
            data={CONSENT_CHANNELS.map((c) => ({ value: c, label: tDynamic('labels.channel', c) }))}
            value={channel}
            onChange={(v) => setChannel((v as ConsentChannel) ?? 'email')}
            allowDeselect={false}
            data-autofocus
          />
          <Switch label={t('members.profile.recordConsent.granted')} checked={granted} onChange={(e) => setGranted(e.currentTarget.checked)} />
          <Select
            label={t('members.profile.recordConsent.source')}
            data={(['staff', 'form', 'import'] as ConsentSource[]).map((s) => ({ value: s, label: t(`members.profile.recordConsent.sources.${s}`) }))}
            value={source}
            onChange={(v) => setSource((v as ConsentSource) ?? 'staff')}
            allowDeselect={false}
          />
          <FormError error={m.error} />
          <ModalButtons onCancel={onClose} pending={m.isPending} label={t('members.profile.recordConsent.submit')} />
        </Stack>
      </form>
    </Modal>
  );
}
