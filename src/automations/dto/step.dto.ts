import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CHANNELS } from '../../actions';
import { CampaignVariantDto } from '../../campaigns';
import { TASK_PRIORITIES } from '../../tasks';
import { StepType } from '../automation.types';
import { ROW_ID } from '../../common/row-id';

// One DTO per step type (docs/automations.md "Steps"); the service checks each submitted step
// against the DTO of its type, then templates through the actions facade and assignees through
// the tasks facade.

export const STEP_KEY = /^[A-Za-z0-9_-]{1,30}$/;
const KEY_MESSAGE = 'key must be 1-30 letters, digits, _ or -';
const TARGET = /^(next|exit|[A-Za-z0-9_-]{1,30})$/;

class StepBaseDto {
  @Matches(STEP_KEY, { message: KEY_MESSAGE })
  key!: string;

  @IsIn(['send', 'wait', 'branch', 'task', 'door_alert', 'exit'])
  type!: StepType;
}

export class SendStepDto extends StepBaseDto {
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel!: (typeof CHANNELS)[number];

  /** One message; or `variants` for an A/B split. */
  @ValidateIf((o: SendStepDto) => o.variants === undefined)
  @IsObject({ message: 'template must be an object (or give variants)' })
  template?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => CampaignVariantDto)
  variants?: CampaignVariantDto[];

  @IsOptional()
  @IsIn(['defer', 'drop'])
  quietHours?: 'defer' | 'drop';
}

export class WaitStepDto extends StepBaseDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  days?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(8760)
  hours?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  minutes?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(31_536_000)
  seconds?: number;

  /** After the duration, on to the next time the business's clock shows this (HH:MM). */
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'atLocalTime must be HH:MM (00:00-23:59)' })
  atLocalTime?: string;
}

export class BranchStepDto extends StepBaseDto {
  @IsObject({ message: 'condition must be a condition tree' })
  condition!: Record<string, unknown>;

  /** When the condition holds: 'next' (default), 'exit', or the key of a later step. */
  @IsOptional()
  @IsString()
  @Matches(TARGET, { message: 'then must be next, exit or a step key' })
  then?: string;

  /** When it does not: 'next' (default), 'exit', or the key of a later step. */
  @IsOptional()
  @IsString()
  @Matches(TARGET, { message: 'else must be next, exit or a step key' })
  else?: string;
}

class AssignmentDto extends StepBaseDto {
  /** owner (default: the client's owner, else staffId / team as fallback), staff, or team. */
  @IsOptional()
  @IsIn(['owner', 'staff', 'team'])
  assignTo?: 'owner' | 'staff' | 'team';

  @IsOptional()
  @Matches(ROW_ID, { message: 'staffId must be a staff id' })
  staffId?: string;

  @IsOptional()
  @Matches(ROW_ID, { message: 'teamId must be a team id' })
  teamId?: string;
}

export class TaskStepDto extends AssignmentDto {
  @IsString()
  @Length(1, 500)
  reason!: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  instructions?: string;

  /** Due by the end of the business-local day this many days from now (0: today); default 1. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  dueInDays?: number;

  @IsOptional()
  @IsIn(TASK_PRIORITIES)
  priority?: (typeof TASK_PRIORITIES)[number];
}

export class DoorAlertStepDto extends AssignmentDto {
  @IsOptional()
  @IsString()
  @Length(1, 500)
  message?: string;

  /** The alert stays armed this many days (default 30). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  withinDays?: number;
}

export class ExitStepDto extends StepBaseDto {}

export const STEP_DTOS: Record<StepType, new () => object> = {
  send: SendStepDto,
  wait: WaitStepDto,
  branch: BranchStepDto,
  task: TaskStepDto,
  door_alert: DoorAlertStepDto,
  exit: ExitStepDto,
};
