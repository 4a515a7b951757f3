import { Type } from 'class-transformer';
import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CAMPAIGN_CHANNELS, CampaignChannel, GOAL_KINDS, GoalKind } from '../campaign.types';
import { ROW_ID } from '../../common/row-id';

const KEY = /^[A-Za-z0-9_-]{1,30}$/;

export class CampaignVariantDto {
  @Matches(KEY, { message: 'key must be 1-30 letters, digits, _ or -' })
  key!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;

  @IsObject({ message: 'template must be an object (its fields depend on the channel)' })
  template!: Record<string, unknown>;
}

export class CampaignTaskAssignmentDto {
  @IsIn(['owner', 'staff', 'team'])
  mode!: 'owner' | 'staff' | 'team';

  @ValidateIf((o: CampaignTaskAssignmentDto) => o.mode === 'staff')
  @Matches(ROW_ID, { message: 'staffId must be a staff id' })
  staffId?: string;

  @ValidateIf((o: CampaignTaskAssignmentDto) => o.mode === 'team')
  @Matches(ROW_ID, { message: 'teamId must be a team id' })
  teamId?: string;
}

export class CampaignTaskDto {
  @IsString()
  @Length(1, 300)
  reason!: string;

  @IsOptional()
  @IsString()
  @Length(0, 2000)
  instructions?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  dueInDays?: number;

  @IsOptional()
  @IsIn(['low', 'normal', 'high', 'urgent'])
  priority?: 'low' | 'normal' | 'high' | 'urgent';

  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignTaskAssignmentDto)
  assignment?: CampaignTaskAssignmentDto;
}

export class CampaignStepDto {
  @Matches(KEY, { message: 'key must be 1-30 letters, digits, _ or -' })
  key!: string;

  @IsIn(CAMPAIGN_CHANNELS, { message: `channel must be one of ${CAMPAIGN_CHANNELS.join(', ')}` })
  channel!: CampaignChannel;

  /** One message; or `variants` for an A/B split. */
  @ValidateIf((o: CampaignStepDto) => o.variants === undefined && o.channel !== 'staff_task')
  @IsObject({ message: 'template must be an object (or give variants)' })
  template?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => CampaignVariantDto)
  variants?: CampaignVariantDto[];

  /** For channel staff_task: the task raised for each contacted client. */
  @ValidateIf((o: CampaignStepDto) => o.channel === 'staff_task')
  @IsDefined({ message: 'task is required for a staff_task step' })
  @ValidateNested()
  @Type(() => CampaignTaskDto)
  task?: CampaignTaskDto;

  @IsOptional()
  @IsIn(['defer', 'drop'])
  quietHours?: 'defer' | 'drop';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(43_200)
  delayMinutes?: number;
}

export class CampaignGoalDto {
  @IsIn(GOAL_KINDS, { message: `kind must be one of ${GOAL_KINDS.join(', ')}` })
  kind!: GoalKind;

  @IsInt()
  @Min(1)
  @Max(365)
  withinDays!: number;
}

/** What a campaign sends, to whom and when: shared by the draft and the pre-send check of one not saved yet. */
export class CampaignAudienceDto {
  @Matches(ROW_ID, { message: 'segmentId must be a segment id' })
  segmentId!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CampaignStepDto)
  steps!: CampaignStepDto[];

  /** Send at this time when sent; absent: as soon as it is sent. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO 8601 date-time' })
  sendAt?: string;

  /** Campaigns skip sleeping members unless this is set (automations always skip them). */
  @IsOptional()
  @IsBoolean()
  includeSleeping?: boolean;
}

export class CreateCampaignDto extends CampaignAudienceDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(50)
  holdoutPercent?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignGoalDto)
  goal?: CampaignGoalDto;
}

/**
 * A draft changed: fields left out keep their value; `steps` is replaced whole (their order is the
 * order they go in); `sendAt: null` clears the send time.
 */
export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

export class CampaignTouchesQuery {
  @IsOptional()
  @Matches(/^[a-z]{1,20}$/, { message: 'status must be a touch status' })
  status?: string;

  @IsOptional()
  @Matches(KEY, { message: 'step must be a step key' })
  step?: string;

  @IsOptional()
  @Matches(ROW_ID, { message: 'after must be a touch id' })
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
