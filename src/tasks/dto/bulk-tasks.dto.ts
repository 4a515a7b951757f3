import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { TASK_PRIORITIES, TaskPriority } from '../tasks.types';
import { ROW_ID } from '../../common/row-id';

const MAX_BULK_TASKS = 500;

/** POST /api/v1/tasks/bulk: the same task for each of up to 500 clients (the members page's "Create tasks"). */
export class CreateBulkTasksDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'clientIds must name at least one client' })
  @ArrayMaxSize(MAX_BULK_TASKS, { message: `clientIds must name at most ${MAX_BULK_TASKS} clients` })
  @Matches(ROW_ID, { each: true, message: 'clientIds must be client ids' })
  clientIds!: string[];

  @IsString()
  @Length(1, 500)
  reason!: string;

  /** De-duplication key; derived from reason when absent. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reasonKey?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  instructions?: string;

  /** The business-local day the tasks are due by (default: the day after tomorrow). */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date (YYYY-MM-DD)' })
  dueOn?: string;

  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  /** Default: staff when assigneeStaffId is given, else team when teamId is given, else each client's owner. */
  @IsOptional()
  @IsIn(['owner', 'staff', 'team'])
  assignTo?: 'owner' | 'staff' | 'team';

  @IsOptional()
  @Matches(ROW_ID, { message: 'assigneeStaffId must be a staff id' })
  assigneeStaffId?: string;

  @IsOptional()
  @Matches(ROW_ID, { message: 'teamId must be a team id' })
  teamId?: string;
}

/** One client's task from a bulk create. */
export class BulkTaskDto {
  taskId: string;
  clientId: string;
  /** created: a new task; updated: the client's open task for the same reason was updated. */
  action: 'created' | 'updated';
  assigneeStaffId: string | null;
}

/** Why clients got no task. */
export class BulkTaskSkipsDto {
  /** The client and reason are snoozed. */
  snoozed: number;
  /** Not a client of this business. */
  clientNotFound: number;
}

export class BulkTasksResultDto {
  created: number;
  updated: number;
  skipped: number;
  skippedReasons: BulkTaskSkipsDto;
  /** New tasks nobody could be assigned to (no active owner). */
  unassigned: number;
  tasks: BulkTaskDto[];
}
