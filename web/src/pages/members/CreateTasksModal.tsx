import { Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useBulkTasks } from '../../api/members';
import { FormError } from '../../components/FormError';
import { ModalButtons } from '../../components/ModalButtons';
import { useOnOpen } from '../../components/use-on-open';
import { t } from '../../i18n/i18n';
import { AssigneeSelect } from './AssigneeSelect';

type Priority = 'low' | 'normal' | 'high' | 'urgent';
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

/** "Create tasks" for the selected members: one task each, in one request (POST /tasks/bulk). */
export function CreateTasksModal({ opened, onClose, clientIds, onDone }: { opened: boolean; onClose: () => void; clientIds: string[]; onDone: () => void }) {
  const bulk = useBulkTasks();
  const [reason, setReason] = useState(t('members.tasks.reasonDefault'));
  const [instructions, setInstructions] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [assignee, setAssignee] = useState<string | null>(null);
  const [priority, setPriority] = useState<Priority>('normal');
  useOnOpen(opened, () => bulk.reset());

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    bulk.mutate(
      { clientIds, reason: reason.trim(), instructions: instructions.trim() || undefined, dueOn: dueOn || undefined, assigneeStaffId: assignee ?? undefined, priority },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            message: [t('members.tasks.done', { created: r.created, updated: r.updated, skipped: r.skipped }), r.unassigned ? t('members.tasks.unassigned', { count: r.unassigned }) : '']
              .filter(Boolean)
              .join(' '),
          });
          onDone();
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('members.tasks.title', { count: clientIds.length })} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('members.tasks.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required maxLength={500} data-autofocus />
          <Textarea label={t('members.tasks.instructions')} value={instructions} onChange={(e) => setInstructions(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
          <Group grow align="flex-start">
            <TextInput type="date" label={t('members.tasks.dueOn')} value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} />
            <Select
              label={t('members.tasks.priority')}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`members.tasks.priorities.${p}`) }))}
              value={priority}
              onChange={(v) => setPriority((v as Priority) ?? 'normal')}
              allowDeselect={false}
            />
          </Group>
          <AssigneeSelect label={t('members.tasks.assignTo')} placeholder={t('members.tasks.assignOwner')} value={assignee} onChange={setAssignee} />
          <FormError error={bulk.error} />
          <ModalButtons onCancel={onClose} pending={bulk.isPending} label={t('members.tasks.submit')} disabled={!reason.trim() || clientIds.length === 0} />
        </Stack>
      </form>
    </Modal>
  );
}
