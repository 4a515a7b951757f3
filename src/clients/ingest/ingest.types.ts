import { ClientChange } from '../../queue/job-payloads';
import { CanonicalRecord, EntityName } from '../records/record-specs';

/** Records of one entity, in the canonical shape (records/record-specs.ts). */
export interface IngestBatch {
  entity: EntityName;
  records: CanonicalRecord[];
  /**
   * The records only change rows that already exist (e.g. a cancellation that carries ids
   * and the new state, not the whole booking): required fields may be left out, and a record
   * whose row does not exist is rejected instead of inserted.
   */
  updateOnly?: boolean;
}

export interface WriteOptions {
  /**
   * strict (import API, CSV): a record whose reference (clientExternalId, ...) is unknown is
   * rejected. lenient (webhooks, sync): an unknown client becomes a stub that the next sync
   * fills in, and other unknown references are stored as null.
   */
  mode: 'strict' | 'lenient';
}

export interface RejectedRecord {
  /** Index in the submitted array (CSV: the caller maps it to a line number). */
  index: number;
  field: string;
  reason: string;
}

export interface WriteResult {
  accepted: number;
  inserted: number;
  updated: number;
  /** Accepted but identical to what was stored, or older than it (out-of-order update). */
  unchanged: number;
  rejected: RejectedRecord[];
  /** Clients whose data changed, with what changed; fed to the ingest-events queue after commit. */
  changes: ClientChange[];
}

export type { ClientChange };
