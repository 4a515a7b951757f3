import { IsIn, IsOptional, Matches } from 'class-validator';
import { PagingQueryDto } from '../../../common/paging.dto';
import { RECOVERY_OUTCOMES, RecoveryOutcome } from '../entry.types';

/** GET /api/v1/recovery/entries: open entries (of one phase) or the Regained / Lost / Not edited lists. */
export class EntryQueryDto extends PagingQueryDto {
  /** open (default) or an outcome. */
  @IsOptional()
  @IsIn(['open', ...RECOVERY_OUTCOMES])
  state?: 'open' | RecoveryOutcome;

  /** Open entries of one phase (a board column's next pages). */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'phaseId must be a phase id' })
  phaseId?: string;
}
