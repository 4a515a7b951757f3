/** A phase of a group, with how many open entries sit in it. */
export class RecoveryPhaseDto {
  id: string;
  name: string;
  /** 0 = the first column. */
  position: number;
  openEntries: number;
}

export class RecoveryPhaseGroupDto {
  id: string;
  name: string;
  /** Exactly one group of a business is active: its phases are the board's columns. */
  active: boolean;
  phases: RecoveryPhaseDto[];
}

export class RecoveryPhaseGroupListDto {
  items: RecoveryPhaseGroupDto[];
}

/** Which cancellations enter recovery, and automatic Lost. */
export class RecoverySettingsDto {
  ordinaryEnabled: boolean;
  ordinaryExcludedReasons: string[];
  extraordinaryEnabled: boolean;
  /** null: every reason. */
  extraordinaryReasons: string[] | null;
  nonRenewingEnabled: boolean;
  nonRenewingDaysBefore: number;
  quotaEnabled: boolean;
  /** null: never. */
  autoLostDays: number | null;
  updatedAt: Date;
}

/** The outcome of an activation: the active group and how many open entries moved. */
export class ActivateGroupResultDto {
  group: RecoveryPhaseGroupDto;
  movedEntries: number;
}
