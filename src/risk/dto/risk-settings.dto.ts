import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CRON_PATTERN, LIMITS } from '../rules/risk-settings-validation';
import { ConsecutiveSessionRows, ContiguousBands, GreaterThanSibling, NotAllZeroWeights } from './risk-settings.validators';

// PUT /api/v1/settings/risk: a partial update of RiskSettings (src/risk/rules/risk-settings.ts).
// Omitted fields keep their stored value, null resets a field to the default, arrays replace the
// whole table. Each field is checked here; mergeRiskSettings checks the merged result again
// (rules across fields, e.g. yellowMin < greenMin when only one of them is sent).

const Int = (key: keyof typeof LIMITS) => (target: object, property: string) => {
  IsInt()(target, property);
  Min(LIMITS[key][0])(target, property);
  Max(LIMITS[key][1])(target, property);
};
const Num = (key: keyof typeof LIMITS) => (target: object, property: string) => {
  IsNumber({ allowNaN: false, allowInfinity: false })(target, property);
  Min(LIMITS[key][0])(target, property);
  Max(LIMITS[key][1])(target, property);
};
const Nested = (cls: () => new () => object) => (target: object, property: string) => {
  IsOptional()(target, property);
  ValidateNested()(target, property);
  Type(cls)(target, property);
};

export class LowUserRowDto {
  @IsInt() @Min(0) @Max(1000) sessions: number;
  @Int('score') score: number;
}

export class AbsentBandDto {
  @Int('days') minDays: number;
  /** null on the last band only (open-ended); @ContiguousBands checks which band may be open. */
  @IsOptional() @Int('days') maxDays: number | null;
  @Int('score') score: number;
}

export class LowUserSettingsDto {
  @IsOptional() @Int('lowUserWindowDays') windowDays?: number;
  @IsOptional() @Int('lowUserMinDaysRegistered') minDaysRegistered?: number;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(LIMITS.lowUserRows[0])
  @ArrayMaxSize(LIMITS.lowUserRows[1])
  @ValidateNested({ each: true })
  @Type(() => LowUserRowDto)
  @ConsecutiveSessionRows('lowUser.table')
  table?: LowUserRowDto[];
}

export class AbsentSettingsDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(LIMITS.absentBands[0])
  @ArrayMaxSize(LIMITS.absentBands[1])
  @ValidateNested({ each: true })
  @Type(() => AbsentBandDto)
  @ContiguousBands('absent.bands')
  bands?: AbsentBandDto[];
}

export class NewMemberSettingsDto {
  @IsOptional() @Int('newMemberLessThanDays') lessThanDays?: number;
  @IsOptional() @Int('score') score?: number;
}

export class InTroubleSettingsDto {
  @IsOptional() @Int('inTroubleMinDaysAbsent') minDaysAbsent?: number;
  @IsOptional() @Int('inTroubleMinDaysMember') minDaysMember?: number;
}

export class AtRiskSettingsDto {
  @IsOptional() @Int('atRiskThreshold') threshold?: number;
}

export class HealthWeightsDto {
  @IsOptional() @Num('weight') frequency?: number;
  @IsOptional() @Num('weight') recency?: number;
  @IsOptional() @Num('weight') trend?: number;
  @IsOptional() @Num('weight') bookingsAhead?: number;
  @IsOptional() @Num('weight') reliability?: number;
  @IsOptional() @Num('weight') payments?: number;
  /** Engagement with messages (docs/risk-engine.md); 0 by default: left out of the score. */
  @IsOptional() @Num('weight') engagement?: number;
}

export class HealthBandsDto {
  @IsOptional() @Int('greenMin') @GreaterThanSibling('yellowMin', 'health.bands') greenMin?: number;
  @IsOptional() @Int('yellowMin') yellowMin?: number;
}

export class HealthFrequencyDto {
  @IsOptional() @Int('windowDays') windowDays?: number;
  @IsOptional() @Int('baselineDays') baselineDays?: number;
  @IsOptional() @Int('baselineDays') minBaselineDays?: number;
  @IsOptional() @Num('minExpectedSessions') minExpectedSessions?: number;
}

export class HealthRecencyDto {
  @IsOptional() @Int('windowDays') zeroAtDays?: number;
}

export class HealthTrendDto {
  @IsOptional() @Int('windowDays') windowDays?: number;
}

export class HealthReliabilityDto {
  @IsOptional() @Int('windowDays') windowDays?: number;
  @IsOptional() @Num('penaltyPerEvent') penaltyPerEvent?: number;
}

export class HealthUsageDropDto {
  @IsOptional() @Int('windowDays') windowDays?: number;
  @IsOptional() @Int('minDropPercent') minDropPercent?: number;
  @IsOptional() @Int('minEarlierSessions') minEarlierSessions?: number;
}

export class HealthSettingsDto {
  @Nested(() => HealthWeightsDto) @NotAllZeroWeights('health.weights') weights?: HealthWeightsDto;
  @Nested(() => HealthBandsDto) bands?: HealthBandsDto;
  @Nested(() => HealthFrequencyDto) frequency?: HealthFrequencyDto;
  @Nested(() => HealthRecencyDto) recency?: HealthRecencyDto;
  @Nested(() => HealthTrendDto) trend?: HealthTrendDto;
  @Nested(() => HealthReliabilityDto) reliability?: HealthReliabilityDto;
  @Nested(() => HealthUsageDropDto) usageDrop?: HealthUsageDropDto;
}

export class ScheduleSettingsDto {
  @IsOptional() @IsString() @Matches(CRON_PATTERN, { message: 'schedule.cron must be a cron expression of 5 or 6 fields' }) cron?: string;
  @IsOptional() @Int('batchSize') batchSize?: number;
}

/** Body of PUT /api/v1/settings/risk. */
export class RiskSettingsDto {
  @Nested(() => LowUserSettingsDto) lowUser?: LowUserSettingsDto;
  @Nested(() => AbsentSettingsDto) absent?: AbsentSettingsDto;
  @Nested(() => NewMemberSettingsDto) newMember?: NewMemberSettingsDto;
  @Nested(() => InTroubleSettingsDto) inTrouble?: InTroubleSettingsDto;
  @Nested(() => AtRiskSettingsDto) atRisk?: AtRiskSettingsDto;
  @IsOptional() @Int('scoreCap') scoreCap?: number;
  @Nested(() => HealthSettingsDto) health?: HealthSettingsDto;
  @Nested(() => ScheduleSettingsDto) schedule?: ScheduleSettingsDto;
}
