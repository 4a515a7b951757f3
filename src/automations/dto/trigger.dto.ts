import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { HEALTH_BANDS } from '../../segments';
import { RISK_STATUSES } from '../../risk';
import { TriggerKind } from '../automation.types';
import { ROW_ID } from '../../common/row-id';

// One DTO per trigger kind; dto/validate-as.ts checks a submitted trigger against the DTO of
// its kind (whitelisted: a field another kind uses is an error here).

export class SegmentTriggerDto {
  @IsIn(['segment_entered', 'segment_exited'])
  kind!: 'segment_entered' | 'segment_exited';

  @Matches(ROW_ID, { message: 'segmentId must be a segment id' })
  segmentId!: string;
}

export class StatusTriggerDto {
  @IsIn(['status_changed'])
  kind!: 'status_changed';

  /** Statuses the client left; absent: any (including none). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5)
  @IsIn(RISK_STATUSES, { each: true, message: `from must be statuses among ${RISK_STATUSES.join(', ')}` })
  from?: string[];

  /** Statuses the client arrived at; absent: any. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5)
  @IsIn(RISK_STATUSES, { each: true, message: `to must be statuses among ${RISK_STATUSES.join(', ')}` })
  to?: string[];
}

export class HealthBandTriggerDto {
  @IsIn(['health_band_changed'])
  kind!: 'health_band_changed';

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(HEALTH_BANDS, { each: true, message: `from must be bands among ${HEALTH_BANDS.join(', ')}` })
  from?: string[];

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(HEALTH_BANDS, { each: true, message: `to must be bands among ${HEALTH_BANDS.join(', ')}` })
  to?: string[];
}

export class UsageDropTriggerDto {
  @IsIn(['usage_dropped'])
  kind!: 'usage_dropped';

  /** Only drops of at least this many percent (risk.md emits drops of 30 % and more). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  minDropPercent?: number;
}

export class ScheduleTriggerDto {
  @IsIn(['schedule'])
  kind!: 'schedule';

  /** Five fields (minute hour day-of-month month day-of-week) in the business's time zone. */
  @IsString()
  @MaxLength(100)
  cron!: string;

  /** Its members at each tick are enrolled (one occurrence per tick). */
  @Matches(ROW_ID, { message: 'segmentId must be a segment id' })
  segmentId!: string;
}

/** A member entered recovery (a cancellation, an ending subscription, a used-up quota: docs/recovery.md). */
export class RecoveryEntryTriggerDto {
  @IsIn(['recovery_entry_created'])
  kind!: 'recovery_entry_created';
}

/** A client crossed into overdue against their own rhythm (docs/rhythm.md), in one service category or any. */
export class BecameOverdueTriggerDto {
  @IsIn(['became_overdue'])
  kind!: 'became_overdue';

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  serviceCategory?: string;
}

export const TRIGGER_DTOS: Record<TriggerKind, new () => object> = {
  segment_entered: SegmentTriggerDto,
  segment_exited: SegmentTriggerDto,
  status_changed: StatusTriggerDto,
  health_band_changed: HealthBandTriggerDto,
  usage_dropped: UsageDropTriggerDto,
  schedule: ScheduleTriggerDto,
  became_overdue: BecameOverdueTriggerDto,
  recovery_entry_created: RecoveryEntryTriggerDto,
};
