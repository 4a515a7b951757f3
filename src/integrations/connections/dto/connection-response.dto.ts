/** The Mindbody connection as stored; secrets are named, never shown. */
export class MindbodyConnectionResultDto {
  provider: 'mindbody';
  config: Record<string, unknown>;
  /** Which secrets are set. */
  secretsSet: string[];
  /** Register it (prefixed with PUBLIC_BASE_URL) as the Mindbody webhook subscription's URL. */
  webhookUrl: string;
}

/** The generic webhook connection as stored. */
export class GenericConnectionResultDto {
  provider: 'generic';
  config: Record<string, unknown>;
  secretsSet: string[];
  /** Where the sender posts events (prefix PUBLIC_BASE_URL). */
  webhookUrl: string;
  /** Only in the answer that generated it: the HMAC signing secret, shown once. */
  signingSecret?: string;
}

/** A whole sync run of a source. */
export class SyncRunStatusDto {
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/** One kind of record a sync pulls (clients, contracts, ...). */
export class SyncKindStatusDto extends SyncRunStatusDto {
  recordsUpserted: number;
  /** Where the next incremental pull starts. */
  cursor: Record<string, unknown> | null;
}

/** Per kind of record (Mindbody: locations, clients, contracts, classes, appointments, sales). */
export class SyncKindsDto {
  locations?: SyncKindStatusDto;
  clients?: SyncKindStatusDto;
  contracts?: SyncKindStatusDto;
  classes?: SyncKindStatusDto;
  appointments?: SyncKindStatusDto;
  sales?: SyncKindStatusDto;
}

/** A connected source: its settings, last webhook and sync freshness. */
export class SourceStatusDto {
  provider: string;
  enabled: boolean;
  /** Connection settings; secrets are never shown, only which are set. */
  config: Record<string, unknown>;
  secretNames: string[];
  lastWebhookAt: Date | null;
  /** Whole runs (null for providers without a batched sync). */
  sync: SyncRunStatusDto | null;
  kinds: SyncKindsDto;
  /** No successful run within STALE_SYNC_MINUTES (null: the provider has no batched sync). */
  stale: boolean | null;
}

export class IntegrationsStatusDto {
  sources: SourceStatusDto[];
}

/** The JSON Schema (draft 2020-12) of generic webhook deliveries and their records. */
export class EventsJsonSchemaDto {
  $schema: string;
  $id: string;
  title: string;
  description: string;
  /** One event, or `{events: [...]}`. */
  oneOf: Record<string, unknown>[];
  /** Every record and event shape. */
  $defs: Record<string, unknown>;
}
