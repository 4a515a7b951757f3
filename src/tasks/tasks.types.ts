// Shared vocabulary of staff tasks (spec/actions.md "Staff tasks", docs/tasks.md).

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATES = ['open', 'done', 'dismissed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_OUTCOMES = ['reached', 'left_message', 'no_answer', 'booked_visit', 'not_interested', 'returned_on_own', 'other'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export const TASK_CREATORS = ['user', 'automation', 'campaign'] as const;
export type TaskCreator = (typeof TASK_CREATORS)[number];

/** The SQL array whose positions rank priorities (for "bump" and ordering). */
export const PRIORITY_RANK_SQL = `ARRAY['low','normal','high','urgent']::text[]`;

/** Due date of a task: an exact instant, a business-local day (due by its end), or N local days from today. */
export type TaskDue = { at: string } | { on: string } | { inDays: number };

/** Default due date when none is given: the end of the business-local day after tomorrow. */
export const DEFAULT_DUE_IN_DAYS = 2;

/**
 * Who gets the task.
 * - owner (default): the client's owner when that is an active staff member; otherwise the
 *   fallback staffId, otherwise round-robin in teamId, otherwise the task stays unassigned.
 * - staff: staffId, for every client.
 * - team: round-robin among teamId's active members.
 */
export interface TaskAssignment {
  mode: 'owner' | 'staff' | 'team';
  staffId?: string;
  teamId?: string;
}

/** One call of the facade: the same task for a batch of clients. */
export interface CreateTasksCommand {
  businessId: string;
  clientIds: readonly string[];
  /** What the staff member reads ("At Risk: absent, low_user"). */
  reason: string;
  /** De-duplication key; normalised from reason when absent (reason-key.ts). */
  reasonKey?: string;
  instructions?: string | null;
  due?: TaskDue;
  priority?: TaskPriority;
  assignment?: TaskAssignment;
  createdBy: TaskCreator;
  /** Who exactly: 'automation:3:step:call-1', 'campaign:7:step:1', 'api_key:<uuid>'. */
  origin: string;
  createdByStaffId?: string | null;
}

export interface CreatedTask {
  taskId: string;
  clientId: string;
  /** created: a new task; updated: the client's open task for the same reason was updated. */
  action: 'created' | 'updated';
  assigneeStaffId: string | null;
}

export interface CreateTasksResult {
  created: number;
  updated: number;
  /** Clients for which nothing was raised: skippedReasons says why. */
  skipped: number;
  skippedReasons: { snoozed: number; clientNotFound: number };
  /** New tasks nobody could be assigned to (no active owner and no fallback). */
  unassigned: number;
  tasks: CreatedTask[];
}
