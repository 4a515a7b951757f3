import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TASK_STATES, TaskState } from '../tasks.types';
import { PagingQueryDto } from '../../common/paging.dto';
import { ROW_ID } from '../../common/row-id';

/** GET /api/v1/tasks: an inbox page. */
export class TaskQueryDto extends PagingQueryDto {
  /** me (the key's staff member), a staff id, unassigned, or any (default: every task of the business). */
  @IsOptional()
  @Matches(/^(me|any|unassigned|\d{1,18})$/, { message: 'assignee must be me, any, unassigned or a staff id' })
  assignee?: string;

  @IsOptional()
  @IsIn([...TASK_STATES, 'all'])
  state?: TaskState | 'all';

  @IsOptional()
  @Matches(ROW_ID, { message: 'clientId must be a client id' })
  clientId?: string;

  // The inbox pages less deep than the other lists (PagingQueryDto allows 1,000,000).
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  override offset?: number = undefined;
}
