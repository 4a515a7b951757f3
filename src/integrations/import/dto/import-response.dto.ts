/** A record that was not imported, and why. */
export class RejectedRecordDto {
  /** Index in the submitted array. */
  index: number;
  field: string;
  reason: string;
}

/** What an import did with each record; valid records landed in one transaction. */
export class ImportResultDto {
  entity: string;
  source: string;
  received: number;
  accepted: number;
  inserted: number;
  updated: number;
  /** Accepted but identical to what was stored, or older than it (out-of-order update). */
  unchanged: number;
  rejected: RejectedRecordDto[];
}

/** The import body: a JSON array of records, or `{records: [...]}` (at most 10,000). */
export class ImportRecordsDto {
  /** Canonical records of the entity (GET /api/v1/schema/events describes their fields). */
  records: Record<string, unknown>[];
}
