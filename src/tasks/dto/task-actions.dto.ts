import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { TASK_OUTCOMES, TaskOutcome } from '../tasks.types';
import { ROW_ID } from '../../common/row-id';

export class CompleteTaskDto {
  @IsIn(TASK_OUTCOMES)
  outcome!: TaskOutcome;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class DismissTaskDto {
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class SnoozeTaskDto {
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'until must be an ISO 8601 date-time' })
  until!: string;

  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ReassignTaskDto {
  @IsOptional()
  @Matches(ROW_ID, { message: 'assigneeStaffId must be a staff id' })
  assigneeStaffId?: string;

  @IsOptional()
  @Matches(ROW_ID, { message: 'teamId must be a team id' })
  teamId?: string;
}
