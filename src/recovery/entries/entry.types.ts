export const RECOVERY_OUTCOMES = ['regained', 'lost', 'not_edited'] as const;
export type RecoveryOutcome = (typeof RECOVERY_OUTCOMES)[number];

export const RECOVERY_SOURCE_KINDS = ['cancellation', 'non_renewing', 'quota'] as const;
export type RecoverySourceKind = (typeof RECOVERY_SOURCE_KINDS)[number];

export const RECOVERY_EVENT_KINDS = ['created', 'moved', 'assigned', 'note', 'outcome', 'seen', 'unseen', 'reopened'] as const;
export type RecoveryEventKind = (typeof RECOVERY_EVENT_KINDS)[number];

/** Who changed an entry, as its events record it. */
export interface RecoveryActor {
  userId: string | null;
  /** 'user:<uuid>', 'api_key:<uuid>' or 'auto' */
  actor: string;
}
