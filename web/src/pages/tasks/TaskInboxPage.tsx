import { Alert, Box, Center, Pagination, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { TASKS_PAGE_SIZE, type TaskScope, useTask, useTaskInbox } from '../../api/tasks';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { TaskCard } from './TaskCard';

const SCOPES: TaskScope[] = ['mine', 'team', 'unassigned'];

/**
 * The task inbox (web.md "Pages" 8), staff first and phone first: my open tasks, overdue first
 * (the API's order). Admins, managers and marketers switch to the team's or the unassigned tasks.
 * /tasks/:id (the link in the notification email) opens that task on top, highlighted, even when
 * it is not on the first page; a task the user may not open says why and changes nothing.
 */
export default function TaskInboxPage() {
  const { id } = useParams();
  const session = useSession().data!;
  const role = session.role;
  const seesTeam = role !== 'staff';
  const canReassign = role === 'admin' || role === 'manager';
  const hasOwn = !!session.staffId;
  const [params, setParams] = useSearchParams();

  const asked = params.get('scope') as TaskScope | null;
  const scope: TaskScope = !seesTeam ? 'mine' : asked && SCOPES.includes(asked) && (asked !== 'mine' || hasOwn) ? asked : hasOwn ? 'mine' : 'team';
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const inbox = useTaskInbox(scope, (page - 1) * TASKS_PAGE_SIZE);
  const opened = useTask(id);

  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  const scopes = SCOPES.filter((s) => s !== 'mine' || hasOwn);
  const refused = opened.isError && opened.error instanceof ApiError && !opened.error.transient;

  return (
    <Box maw={760}>
      <PageHeader title={t('tasks.title')} subtitle={inbox.data ? t(`tasks.subtitle.${scope}`, { count: inbox.data.total }) : undefined} />
      {seesTeam ? (
        <Stack gap={4} mb="md">
          <Text component="span" size="sm" fw={500} id="task-scope-label">
            {t('tasks.scope.label')}
          </Text>
          <SegmentedControl
            aria-labelledby="task-scope-label"
            value={scope}
            onChange={(v) => update({ scope: v, page: null })}
            data={scopes.map((s) => ({ value: s, label: t(`tasks.scope.${s}`) }))}
            fullWidth
            maw={420}
          />
          {!hasOwn ? (
            <Text size="sm" c="dark.6">
              {t('tasks.noStaffRecord')}
            </Text>
          ) : null}
        </Stack>
      ) : null}

      <Stack gap="md">
        {id && refused ? (
          <Alert color="orange" role="alert" title={t('tasks.opened.refused', { message: errorMessage(opened.error) })} data-testid="task-refused">
            {t('tasks.opened.refusedHint')}
          </Alert>
        ) : null}
        {id && opened.data ? <TaskCard task={opened.data} highlight showAssignee={seesTeam} canReassign={canReassign} /> : null}

        <QueryState query={inbox}>
          {(data) => {
            const items = data.items.filter((task) => task.id !== id);
            if (data.total === 0)
              return (
                <Center py="xl">
                  <Stack align="center" gap="xs">
                    <IconInbox size={40} aria-hidden color="var(--mantine-color-teal-9)" />
                    <Text ta="center" data-testid="tasks-empty">
                      {t(`tasks.empty.${scope}`)}
                    </Text>
                  </Stack>
                </Center>
              );
            const pages = Math.ceil(data.total / TASKS_PAGE_SIZE);
            return (
              <>
                <Stack gap="md" data-testid="task-list">
                  {items.map((task) => (
                    <TaskCard key={task.id} task={task} showAssignee={scope !== 'mine'} canReassign={canReassign} />
                  ))}
                </Stack>
                {pages > 1 ? (
                  <Stack align="center" gap={4}>
                    <Text size="sm" c="dark.6">
                      {t('tasks.page.range', { from: data.offset + 1, to: data.offset + data.items.length, total: data.total })}
                    </Text>
                    <Pagination
                      total={pages}
                      value={page}
                      onChange={(p) => update({ page: p === 1 ? null : String(p) })}
                      size="sm"
                      siblings={1}
                      getControlProps={(c) => (c === 'previous' ? { 'aria-label': t('common.previous') } : c === 'next' ? { 'aria-label': t('common.next') } : {})}
                    />
                  </Stack>
                ) : null}
              </>
            );
          }}
        </QueryState>
      </Stack>
    </Box>
  );
}
