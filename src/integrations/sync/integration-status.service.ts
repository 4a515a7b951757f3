import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ConnectionRepository } from '../connections/connection.repository';
import { MINDBODY, MINDBODY_KINDS } from './mindbody-sync.types';
import { OverviewRepository } from './overview.repository';
import { RUN_KIND, SyncStateRepository, SyncStateRow } from './sync-state.repository';

/** Providers the batched sync covers; others (generic webhooks) only receive. */
const SYNCED_PROVIDERS = new Set([MINDBODY]);

interface SyncKindStatus {
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  recordsUpserted: number;
  cursor: Record<string, unknown> | null;
}

interface SourceStatus {
  provider: string;
  enabled: boolean;
  /** Connection settings; secrets are never shown, only which are set. */
  config: Record<string, unknown>;
  secretNames: string[];
  lastWebhookAt: Date | null;
  /** Whole runs (null for providers without a batched sync). */
  sync: Omit<SyncKindStatus, 'cursor' | 'recordsUpserted'> | null;
  kinds: Record<string, SyncKindStatus>;
  /** No successful run within STALE_SYNC_MINUTES (null: the provider has no batched sync). */
  stale: boolean | null;
}

/** GET /api/v1/integrations: per connected source, webhooks and sync freshness. */
@Injectable()
export class IntegrationStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionRepository,
    private readonly syncState: SyncStateRepository,
    private readonly overview: OverviewRepository,
  ) {}

  async forBusiness(businessId: string): Promise<{ sources: SourceStatus[] }> {
    const [conns, rows] = await Promise.all([this.connections.listForBusiness(businessId), this.syncState.listForBusiness(businessId)]);
    const webhooks = await this.overview.lastWebhookAt(
      businessId,
      conns.map((c) => c.provider),
    );
    const staleBefore = Date.now() - this.config.STALE_SYNC_MINUTES * 60_000;
    return {
      sources: conns.map((c) => {
        const mine = rows.filter((r) => r.provider === c.provider);
        const synced = SYNCED_PROVIDERS.has(c.provider);
        const run = mine.find((r) => r.kind === RUN_KIND);
        const kinds: Record<string, SyncKindStatus> = {};
        for (const kind of synced ? MINDBODY_KINDS : []) {
          const row = mine.find((r) => r.kind === kind);
          kinds[kind] = row ? kindStatus(row) : emptyKind();
        }
        return {
          provider: c.provider,
          enabled: c.enabled,
          config: c.config,
          secretNames: c.secretNames,
          lastWebhookAt: webhooks.get(c.provider) ?? null,
          sync: synced ? runStatus(run) : null,
          kinds,
          stale: synced ? isStale(run?.lastSuccessAt ?? null, staleBefore) : null,
        };
      }),
    };
  }
}

export function isStale(lastSuccessAt: Date | null, staleBefore: number): boolean {
  return !lastSuccessAt || lastSuccessAt.getTime() < staleBefore;
}

function kindStatus(r: SyncStateRow): SyncKindStatus {
  return {
    lastStartedAt: r.lastStartedAt,
    lastFinishedAt: r.lastFinishedAt,
    lastSuccessAt: r.lastSuccessAt,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt,
    recordsUpserted: Number(r.recordsUpserted),
    cursor: r.cursor,
  };
}

function emptyKind(): SyncKindStatus {
  return { lastStartedAt: null, lastFinishedAt: null, lastSuccessAt: null, lastError: null, lastErrorAt: null, recordsUpserted: 0, cursor: null };
}

function runStatus(r: SyncStateRow | undefined): SourceStatus['sync'] {
  return {
    lastStartedAt: r?.lastStartedAt ?? null,
    lastFinishedAt: r?.lastFinishedAt ?? null,
    lastSuccessAt: r?.lastSuccessAt ?? null,
    lastError: r?.lastError ?? null,
    lastErrorAt: r?.lastErrorAt ?? null,
  };
}
