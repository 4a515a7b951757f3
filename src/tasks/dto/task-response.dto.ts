import { TaskOutcome, TaskState } from '../tasks.types';

/** The client a task is about, with the details a call or message needs. */
export class TaskClientDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** The client's last visit day (business-local, YYYY-MM-DD); null when they never came. */
  lastVisitOn: string | null;
}

/** The staff member a task is assigned to. */
export class TaskAssigneeDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** A staff task as the inbox shows it. */
export class TaskDto {
  id: string;
  state: TaskState;
  outcome: TaskOutcome | null;
  /** What the staff member reads ("At Risk: absent, low_user"). */
  reason: string;
  /** De-duplication key: one open task per client and reason key. */
  reasonKey: string;
  instructions: string | null;
  /** low, normal, high or urgent. */
  priority: string;
  /** The business-local day the task is due (YYYY-MM-DD). */
  dueOn: string;
  dueAt: Date;
  /** Open and past its due time. */
  overdue: boolean;
  snoozedUntil: Date | null;
  snoozeReason: string | null;
  notes: string | null;
  /** How often the same reason was raised for the client while this task was open. */
  raisedCount: number;
  client: TaskClientDto;
  assignee: TaskAssigneeDto | null;
  teamId: string | null;
  /** user, automation or campaign. */
  createdBy: string;
  /** Who exactly: 'automation:3:step:call-1', 'campaign:7:step:1', 'api_key:<uuid>'. */
  origin: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  completedByStaffId: string | null;
  /** The client's first visit after the task was completed (within the return window). */
  returnedVisitAt: Date | null;
  notifiedAt: Date | null;
  notifyError: string | null;
}

/** POST /tasks: the task, and whether it was created (201) or the open one updated (200). */
export class CreateTaskResultDto extends TaskDto {
  action: 'created' | 'updated';
}

/** One page of the inbox. */
export class TaskListDto {
  items: TaskDto[];
  /** Tasks matching the filter, over every page. */
  total: number;
  limit: number;
  offset: number;
  /** The offset of the next page; null on the last one. */
  nextOffset: number | null;
}

/** A team member. */
export class TeamMemberDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  active: boolean;
}

/** A staff team for round-robin assignment. */
export class TeamDto {
  id: string;
  name: string;
  members: TeamMemberDto[];
  createdAt: Date;
}

export class TeamListDto {
  items: TeamDto[];
}

/** A new API key bound to a staff member; the key is shown once, in this answer. */
export class StaffKeyDto {
  keyId: string;
  apiKey: string;
  staffId: string;
  role: string;
}

/** The staff member a report row belongs to (null: unassigned tasks). */
export class ReportStaffDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  active: boolean;
}

/** Done tasks per outcome. */
export class TaskOutcomeCountsDto {
  reached: number;
  left_message: number;
  no_answer: number;
  booked_visit: number;
  not_interested: number;
  returned_on_own: number;
  other: number;
}

/** Tasks of one staff member over the range. */
export class StaffTaskStatsDto {
  /** null: tasks nobody is assigned to. */
  staff: ReportStaffDto | null;
  /** Created in the range. */
  created: number;
  /** Closed as done in the range. */
  done: number;
  dismissed: number;
  byOutcome: TaskOutcomeCountsDto;
  /** Open now and past due. */
  overdueOpen: number;
  /** Open now. */
  open: number;
  /** Done by staff (any outcome but returned_on_own) in the range. */
  doneByStaff: number;
  /** Of doneByStaff: the client visited within the window after completion. */
  ledToReturn: number;
  /** Of doneByStaff: the window has not ended yet, so ledToReturn may still grow. */
  windowOpen: number;
  /** ledToReturn / doneByStaff; null when nothing was done. */
  returnRate: number | null;
}

/** The report's sums over every staff member. */
export class TaskReportTotalsDto {
  created: number;
  done: number;
  dismissed: number;
  open: number;
  overdueOpen: number;
  doneByStaff: number;
  ledToReturn: number;
  windowOpen: number;
  returnRate: number | null;
}

/** Tasks per staff member over business-local days [from, to]. */
export class TasksReportDto {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD */
  to: string;
  /** A task led to a return when the client visited within this many days of its completion. */
  returnWindowDays: number;
  staff: StaffTaskStatsDto[];
  totals: TaskReportTotalsDto;
}
