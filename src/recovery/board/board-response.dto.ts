import { RecoveryEntryCardDto } from '../entries/dto/entry-response.dto';

/** A column: a phase of the active group with its first page of open entries, newest first. */
export class RecoveryBoardColumnDto {
  id: string;
  name: string;
  position: number;
  /** Open entries in the phase. */
  count: number;
  /** Open entries nobody has opened yet. */
  unseen: number;
  entries: RecoveryEntryCardDto[];
}

export class RecoveryBoardDto {
  groupId: string;
  groupName: string;
  /** Open entries on the board. */
  total: number;
  /** Unseen open entries on the board (the navigation's badge). */
  unseen: number;
  /** Cards per column on this page; the next ones: GET /api/v1/recovery/entries?phaseId=&offset=. */
  limit: number;
  columns: RecoveryBoardColumnDto[];
}
