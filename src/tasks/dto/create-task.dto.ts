import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { TASK_PRIORITIES, TaskPriority } from '../tasks.types';
import { ROW_ID } from '../../common/row-id';

const DUE_FORMAT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const DUE_MESSAGE = 'due must be a date (YYYY-MM-DD, due by the end of that day in the business time zone) or a date-time with an offset';

/** POST /api/v1/tasks: a task raised by hand. */
export class CreateTaskDto {
  @Matches(ROW_ID, { message: 'clientId must be a client id' })
  clientId!: string;

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

  @IsOptional()
  @IsString()
  @Matches(DUE_FORMAT, { message: DUE_MESSAGE })
  due?: string;

  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  /** Default: staff when assigneeStaffId is given, else team when teamId is given, else owner. */
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
