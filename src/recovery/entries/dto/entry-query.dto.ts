import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RECOVERY_OUTCOMES, RecoveryOutcome } from '../entry.types';

/** GET /api/v1/recovery/entries: open entries (of one phase) or the Regained / Lost / Not edited lists. */
export class EntryQueryDto {
  /** open (default) or an outcome. */
  @IsOptional()
  @IsIn(['open', ...RECOVERY_OUTCOMES])
  state?: 'open' | RecoveryOutcome;

  /** Open entries of one phase (a board column's next pages). */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'phaseId must be a phase id' })
  phaseId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
