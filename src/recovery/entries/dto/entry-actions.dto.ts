import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { RECOVERY_OUTCOMES, RecoveryOutcome } from '../entry.types';

/** PATCH /api/v1/recovery/entries/:id: move and/or assign, against the version the caller saw. */
export class UpdateEntryDto {
  /** The entry's version as last read; a stale one is a 409 (someone changed it meanwhile). */
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  version!: number;

  /** A phase of the active group. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'phaseId must be a phase id' })
  phaseId?: string;

  /** An active staff member of the business; null unassigns. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{1,18}$/, { message: 'assigneeStaffId must be a staff id or null' })
  assigneeStaffId?: string | null;
}

export class AddNoteDto {
  @IsString()
  @Length(1, 4000)
  text!: string;
}

/** POST .../outcome: Regained, Lost or Not edited, by hand. */
export class SetOutcomeDto {
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  version!: number;

  @IsIn(RECOVERY_OUTCOMES)
  outcome!: RecoveryOutcome;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

/** POST .../reopen: a closed entry back on the board (its old phase if still active, else phaseId or the first). */
export class ReopenEntryDto {
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  version!: number;

  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'phaseId must be a phase id' })
  phaseId?: string;
}
