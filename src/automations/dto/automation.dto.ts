import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CampaignGoalDto } from '../../campaigns';

// The outer shape of an automation. Trigger and steps are objects whose fields depend on their
// kind / type: the service validates each against its own DTO (dto/trigger.dto.ts,
// dto/step.dto.ts) so a 400 names the exact path (`steps[2].template.subject`).

const MAX_STEPS = 30;

export class ReentryDto {
  @IsIn(['once', 'per_days'], { message: 'policy must be once or per_days' })
  policy!: 'once' | 'per_days';

  @ValidateIf((o: ReentryDto) => o.policy === 'per_days' || o.days !== undefined)
  @IsInt({ message: 'days must be a whole number of days (with policy per_days)' })
  @Min(1)
  @Max(3650)
  days?: number;
}

export class CreateAutomationDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsObject({ message: 'trigger must be an object with a kind' })
  trigger!: Record<string, unknown>;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_STEPS)
  steps!: unknown[];

  /** Default: once ever. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ReentryDto)
  reentry?: ReentryDto;

  /** Default: a visit within 14 days. */
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignGoalDto)
  goal?: CampaignGoalDto;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(50)
  holdoutPercent?: number;

  /** Default false: a new automation runs once it is enabled. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateAutomationDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsObject({ message: 'trigger must be an object with a kind' })
  trigger?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_STEPS)
  steps?: unknown[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ReentryDto)
  reentry?: ReentryDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignGoalDto)
  goal?: CampaignGoalDto;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(50)
  holdoutPercent?: number;
}

export class ListAutomationsQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
