import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const MAX_PHASES = 20;

/** POST /api/v1/recovery/phase-groups: a new (inactive) group with its phases in order. */
export class CreatePhaseGroupDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  /** The phases' names, first to last. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PHASES)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  phases!: string[];
}

export class RenameDto {
  @IsString()
  @Length(1, 200)
  name!: string;
}

/** POST .../phases: a phase appended (or inserted at position, 0 = first). */
export class AddPhaseDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PHASES)
  position?: number;
}

/** PUT .../order: every phase id of the group, in the new order. */
export class ReorderPhasesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PHASES)
  @Matches(/^\d{1,18}$/, { each: true, message: 'phaseIds must hold phase ids' })
  phaseIds!: string[];
}

/** POST .../activate: where each phase of the currently active group goes ({oldPhaseId: newPhaseId}). */
export class ActivateGroupDto {
  @IsOptional()
  @IsObject()
  mapping?: Record<string, string>;
}
