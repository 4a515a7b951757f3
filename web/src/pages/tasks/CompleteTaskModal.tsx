import { Alert, Button, Group, Modal, Radio, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { TASK_OUTCOMES, type Task, type TaskOutcome, useCompleteTask } from '../../api/tasks';
import { notify } from '../../components/notify';
import { errorMessage } from '../../components/QueryState';
import { t, tDynamic } from '../../i18n/i18n';

/** "How did it go?": the outcome (required by the API) and an optional note. */
export function CompleteTaskModal({ task, name, onClose }: { task: Task; name: string; onClose: () => void }) {
  const [outcome, setOutcome] = useState<TaskOutcome | null>(null);
  const [notes, setNotes] = useState('');
  const complete = useCompleteTask();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    complete.mutate(
      { id: task.id, outcome, notes: notes.trim() },
      {
        onSuccess: () => {
          notify(t('tasks.complete.done', { outcome: tDynamic('labels.taskOutcome', outcome) }), 'teal');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('tasks.complete.title', { name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit}>
        <Stack>
          {complete.error ? (
            <Alert color="red" role="alert">
              {errorMessage(complete.error)}
            </Alert>
          ) : null}
          <Radio.Group label={t('tasks.complete.outcome')} value={outcome} onChange={(v) => setOutcome(v as TaskOutcome)} required>
            <Stack gap="xs" mt="xs">
              {TASK_OUTCOMES.map((o) => (
                <Radio key={o} value={o} label={tDynamic('labels.taskOutcome', o)} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('tasks.complete.notes')}
            placeholder={t('tasks.complete.notesPlaceholder')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={4000}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!outcome} loading={complete.isPending}>
              {t('tasks.complete.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
