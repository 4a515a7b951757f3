import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { type Task, useReassignTask, useStaff } from '../../api/tasks';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';

/** Give a task to another active staff member (admins and managers); the API emails them. */
export function ReassignTaskModal({ task, name, onClose }: { task: Task; name: string; onClose: () => void }) {
  const staff = useStaff();
  const reassign = useReassignTask();
  const [staffId, setStaffId] = useState<string | null>(null);
  const submit = (e: FormEvent, label: string) => {
    e.preventDefault();
    if (!staffId) return;
    reassign.mutate(
      { id: task.id, assigneeStaffId: staffId },
      {
        onSuccess: () => {
          notify(t('tasks.reassign.done', { name: label }), 'teal');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('tasks.reassign.title', { name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <QueryState query={staff}>
        {(list) => {
          const options = list.items.filter((s) => s.active && s.id !== task.assignee?.id).map((s) => ({ value: s.id, label: s.name || s.email || s.id }));
          const label = options.find((o) => o.value === staffId)?.label ?? '';
          if (options.length === 0) return <Text>{t('tasks.reassign.noStaff')}</Text>;
          return (
            <form onSubmit={(e) => submit(e, label)}>
              <Stack>
                {reassign.error ? (
                  <Alert color="red" role="alert">
                    {errorMessage(reassign.error)}
                  </Alert>
                ) : null}
                <Select
                  label={t('tasks.reassign.staff')}
                  placeholder={t('tasks.reassign.placeholder')}
                  data={options}
                  value={staffId}
                  onChange={setStaffId}
                  searchable
                  required
                  comboboxProps={{ withinPortal: true }}
                />
                <Group justify="flex-end">
                  <Button variant="default" onClick={onClose}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" disabled={!staffId} loading={reassign.isPending}>
                    {t('tasks.reassign.submit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          );
        }}
      </QueryState>
    </Modal>
  );
}
