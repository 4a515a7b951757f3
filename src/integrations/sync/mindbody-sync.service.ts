import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IngestService } from '../../clients';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ConnectionRepository } from '../connections/connection.repository';
import { MindbodyApiClient, MindbodyRateLimitError } from '../mindbody/mindbody-api.client';
import { syncClients, syncContracts, syncLocations } from './mindbody-sync-kinds';
import { syncAppointments, syncClasses, syncSales } from './mindbody-sync-windowed';
import { MindbodySyncContext } from './mindbody-sync.context';
import { DEFAULT_TUNING, MINDBODY, MINDBODY_KINDS, MindbodyKind, RunOptions, SyncRunResult } from './mindbody-sync.types';
import { SessionLock } from './session-lock';
import { RUN_KIND, SyncStateRepository } from './sync-state.repository';

type Walker = (ctx: MindbodySyncContext, cursor: any) => Promise<number>;

const WALKERS: Record<MindbodyKind, Walker> = {
  locations: syncLocations,
  clients: syncClients,
  contracts: syncContracts,
  classes: syncClasses,
  appointments: syncAppointments,
  sales: syncSales,
};

export const syncLockName = (businessId: string) => `sync:mindbody:${businessId}`;

/** One or more kinds failed; each failure is also on its kind's sync_state row. */
export class MindbodySyncError extends Error {
  constructor(readonly failures: Array<{ kind: MindbodyKind; error: Error }>) {
    super(`Mindbody sync failed: ${failures.map((f) => `${f.kind}: ${f.error.message}`).join('; ')}`);
    this.name = 'MindbodySyncError';
  }
}

/**
 * Runs (or resumes) one business's Mindbody sync: every kind in order, each from its stored
 * cursor, under a session advisory lock so two workers never sync the same business at once.
 */
@Injectable()
export class MindbodySyncService {
  private readonly logger = new Logger(MindbodySyncService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionRepository,
    private readonly state: SyncStateRepository,
    private readonly ingest: IngestService,
  ) {}

  async run(businessId: string, opts: RunOptions = {}): Promise<SyncRunResult> {
    const conn = await this.connections.find(businessId, MINDBODY);
    if (!conn?.enabled) return { status: 'skipped', reason: 'not_connected' };
    const lock = await SessionLock.tryAcquire(this.ds, syncLockName(businessId));
    if (!lock) return { status: 'skipped', reason: 'locked' };
    try {
      return await this.runLocked(businessId, conn.timezone, conn.config, conn.secrets, opts);
    } finally {
      await lock.release();
    }
  }

  private async runLocked(businessId: string, timezone: string, config: Record<string, unknown>, secrets: Record<string, string>, opts: RunOptions): Promise<SyncRunResult> {
    const started = Date.now();
    await this.state.start(businessId, MINDBODY, RUN_KIND);
    const missing = [
      ['siteId', config.siteId],
      ['username', config.username],
      ['apiKey', secrets.apiKey],
      ['password', secrets.password],
    ].filter(([, v]) => v === undefined || v === null || v === '');
    if (missing.length) {
      const msg = `Mindbody connection is missing ${missing.map(([k]) => k).join(', ')}`;
      await this.state.finishFailed(businessId, MINDBODY, RUN_KIND, msg);
      throw new Error(msg);
    }
    const api = new MindbodyApiClient({
      baseUrl: this.config.MINDBODY_API_URL,
      apiKey: secrets.apiKey,
      siteId: String(config.siteId),
      username: String(config.username),
      password: secrets.password,
      ...opts.client,
    });
    const ctx = new MindbodySyncContext(businessId, timezone, api, opts.now ?? new Date(), { ...DEFAULT_TUNING, ...opts.tuning }, this.ds, this.state, this.ingest);

    const records: Partial<Record<MindbodyKind, number>> = {};
    const skippedKinds: MindbodyKind[] = [];
    const failures: Array<{ kind: MindbodyKind; error: Error }> = [];
    for (const kind of MINDBODY_KINDS) {
      const row = await this.state.get(businessId, MINDBODY, kind);
      if (opts.skipKindsSucceededAfter && row?.lastSuccessAt && row.lastSuccessAt > opts.skipKindsSucceededAfter) {
        skippedKinds.push(kind);
        continue;
      }
      await this.state.start(businessId, MINDBODY, kind);
      try {
        records[kind] = await WALKERS[kind](ctx, row?.cursor ?? null);
        await this.state.finishOk(businessId, MINDBODY, kind);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        await this.state.finishFailed(businessId, MINDBODY, kind, error.message);
        failures.push({ kind, error });
        // Quota or burst limit: further calls would only be refused too. Later kinds don't
        // depend on an earlier kind's completion (unknown clients are fetched on demand).
        if (error instanceof MindbodyRateLimitError) break;
      }
    }

    if (failures.length) {
      const err = new MindbodySyncError(failures);
      await this.state.finishFailed(businessId, MINDBODY, RUN_KIND, err.message);
      this.logger.warn(`business ${businessId}: ${err.message}`);
      throw err;
    }
    await this.state.finishOk(businessId, MINDBODY, RUN_KIND);
    const total = Object.values(records).reduce((n, r) => n + (r ?? 0), 0);
    this.logger.log(`business ${businessId}: Mindbody sync done in ${Date.now() - started} ms, ${total} rows changed ${JSON.stringify(records)}`);
    return { status: 'ok', records, skippedKinds };
  }
}
