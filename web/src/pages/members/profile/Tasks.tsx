import { Badge, Table, Text } from '@mantine/core';
import { useMemberTasks } from '../../../api/members';
import { formatDay } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { ListSection } from './ListSection';

/** The staff tasks about the member: why, when due, for whom, and their state or outcome. */
export function Tasks({ clientId }: { clientId: string }) {
  const tasks = useMemberTasks(clientId);
  return (
    <ListSection
      name="tasks"
      query={tasks}
      items={(d) => d.items}
      columns={[t('members.profile.task.reason'), t('members.profile.task.due'), t('members.profile.task.assignee'), t('members.profile.task.state')]}
      row={(task) => (
        <Table.Tr key={task.id}>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>{task.reason}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(task.dueOn)}</Table.Td>
          <Table.Td>{task.assignee ? [task.assignee.firstName, task.assignee.lastName].filter(Boolean).join(' ') || task.assignee.email : t('members.profile.task.nobody')}</Table.Td>
          <Table.Td>
            <Badge variant="light" radius="sm" color={task.overdue ? 'red' : task.state === 'open' ? 'teal' : 'gray'}>
              {task.overdue ? t('members.profile.taskStates.overdue') : tDynamic('members.profile.taskStates', task.state)}
            </Badge>
            {task.outcome ? (
              <Text size="xs" c="dimmed">
                {tDynamic('labels.taskOutcome', task.outcome)}
              </Text>
            ) : null}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
