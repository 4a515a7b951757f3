import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// The task inbox (docs/tasks.md "The inbox", "A task's life"): my / the team's / unassigned open
// tasks, overdue first (the API orders them), and a task's life: complete, snooze, reassign.

export type Task = components['schemas']['TaskDto'];
export type TaskOutcome = NonNullable<Task['outcome']>;
export type TaskScope = 'mine' | 'team' | 'unassigned';

/** Every outcome the API accepts (CompleteTaskDto), in the order a front desk reaches for them. */
export const TASK_OUTCOMES: TaskOutcome[] = ['reached', 'left_message', 'no_answer', 'booked_visit', 'not_interested', 'returned_on_own', 'other'];

export const TASKS_PAGE_SIZE = 20;
const ASSIGNEE: Record<TaskScope, 'me' | 'any' | 'unassigned'> = { mine: 'me', team: 'any', unassigned: 'unassigned' };

export const taskKeys = {
  all: ['tasks'] as const,
  list: (scope: TaskScope, offset: number) => ['tasks', 'list', scope, offset] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
};

/** One page of open tasks for a scope (a staff user only ever asks for 'mine'). */
export function useTaskInbox(scope: TaskScope, offset: number, enabled = true) {
  return useQuery({
    queryKey: taskKeys.list(scope, offset),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query: { assignee: ASSIGNEE[scope], state: 'open', limit: TASKS_PAGE_SIZE, offset } } })),
  });
}

/** One task by id (the notification email's link); 403/404 are final answers shown as they are. */
export function useTask(id: string | undefined) {
  return useQuery({
    queryKey: taskKeys.one(id ?? ''),
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/tasks/{id}', { params: { path: { id: id! } } })),
  });
}

function useTaskMutation<V>(fn: (v: V) => Promise<Task>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (task) => {
      qc.setQueryData(taskKeys.one(task.id), task);
      void qc.invalidateQueries({ queryKey: ['tasks', 'list'] });
    },
  });
}

export function useCompleteTask() {
  return useTaskMutation((v: { id: string; outcome: TaskOutcome; notes?: string }) =>
    call(api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: v.id } }, body: { outcome: v.outcome, notes: v.notes || undefined } })),
  );
}

export function useSnoozeTask() {
  return useTaskMutation((v: { id: string; until: string; reason: string }) =>
    call(api.POST('/api/v1/tasks/{id}/snooze', { params: { path: { id: v.id } }, body: { until: v.until, reason: v.reason } })),
  );
}

export function useReassignTask() {
  return useTaskMutation((v: { id: string; assigneeStaffId: string }) =>
    call(api.POST('/api/v1/tasks/{id}/reassign', { params: { path: { id: v.id } }, body: { assigneeStaffId: v.assigneeStaffId } })),
  );
}

/** The business's staff (reassigning, linking users and keys to a staff member). */
export function useStaff(enabled = true) {
  return useQuery({
    queryKey: ['staff'],
    enabled,
    staleTime: 60_000,
    queryFn: () => call(api.GET('/api/v1/staff')),
  });
}
export type StaffMember = NonNullable<ReturnType<typeof useStaff>['data']>['items'][number];
