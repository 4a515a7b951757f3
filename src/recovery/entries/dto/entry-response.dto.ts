import { RecoveryEventKind, RecoveryOutcome, RecoverySourceKind } from '../entry.types';

/** An entry as a board card or list row shows it. */
export class RecoveryEntryCardDto {
  id: string;
  clientId: string;
  /** First and last name; null when the source gave none (or the client was erased). */
  clientName: string | null;
  sourceKind: RecoverySourceKind;
  reason: string | null;
  /** YYYY-MM-DD */
  cancelledOn: string | null;
  /** YYYY-MM-DD: when the contract (or quota) ends. */
  contractEndsOn: string | null;
  /** Minor units per month. */
  monthlyValue: number;
  phaseId: string | null;
  assigneeStaffId: string | null;
  assigneeName: string | null;
  /** Nobody has opened it yet (or it was marked unseen). */
  unseen: boolean;
  outcome: RecoveryOutcome | null;
  outcomeAt: Date | null;
  outcomeReason: string | null;
  /** 'auto', 'user:<uuid>' or 'api_key:<uuid>'. */
  outcomeBy: string | null;
  /** Send it back with a move, assignment, outcome or reopen. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class RecoveryEntryEventDto {
  id: string;
  at: Date;
  kind: RecoveryEventKind;
  actorUserId: string | null;
  /** 'user:<uuid>', 'api_key:<uuid>' or 'auto'. */
  actor: string | null;
  /** The user's name (else email) or "API key <name>"; null for automatic changes and deleted users or keys. */
  actorName: string | null;
  data: Record<string, unknown>;
}

export class RecoveryNoteDto {
  id: string;
  at: Date;
  actorUserId: string | null;
  actor: string | null;
  actorName: string | null;
  text: string;
}

/** An entry with its history (every change, oldest first) and its notes. */
export class RecoveryEntryDto extends RecoveryEntryCardDto {
  phaseName: string | null;
  subscriptionId: string | null;
  quotaId: string | null;
  seenAt: Date | null;
  history: RecoveryEntryEventDto[];
  notes: RecoveryNoteDto[];
}

export class RecoveryEntryListDto {
  items: RecoveryEntryCardDto[];
  total: number;
  limit: number;
  offset: number;
}
