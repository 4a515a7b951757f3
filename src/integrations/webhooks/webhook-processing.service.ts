import { Injectable, Logger } from '@nestjs/common';
import { IngestService } from '../../clients/ingest/ingest.service';
import { ConnectionRepository } from '../connections/connection.repository';
import { EventInboxRepository } from './event-inbox.repository';
import { WEBHOOK_CONNECTORS } from './webhook-connectors';

export type ProcessOutcome = 'written' | 'ignored' | 'invalid' | 'already_processed' | 'missing';

/**
 * Turns one stored inbox row into canonical writes. The row is claimed in the same
 * transaction as the writes, so a retried or duplicated job never applies an event twice.
 */
@Injectable()
export class WebhookProcessingService {
  private readonly logger = new Logger(WebhookProcessingService.name);

  constructor(
    private readonly inbox: EventInboxRepository,
    private readonly ingest: IngestService,
    private readonly connections: ConnectionRepository,
  ) {}

  async process(inboxId: string): Promise<ProcessOutcome> {
    const row = await this.inbox.load(inboxId);
    if (!row) return 'missing';
    if (row.processed) return 'already_processed';
    const connector = WEBHOOK_CONNECTORS.get(row.source);
    if (!connector) return this.finish(inboxId, `ignored: no connector for ${row.source}`, 'ignored');

    const mapped = connector.map(
      { externalEventId: row.externalEventId, eventType: row.eventType, payload: row.payload },
      { timezone: row.timezone },
    );
    if (mapped.kind === 'ignored') return this.finish(inboxId, `ignored: ${mapped.reason}`, 'ignored');
    if (mapped.kind === 'invalid') return this.finish(inboxId, `invalid: ${mapped.reason}`, 'invalid');

    const recordSource = await this.recordSource(row.businessId, row.source);
    try {
      let claimed = true;
      await this.ingest.ingest(row.businessId, recordSource, mapped.batches, { mode: 'lenient' }, async (m, results) => {
        const problems = results.flatMap((r, i) => r.rejected.map((x) => `${mapped.batches[i].entity}[${x.index}].${x.field}: ${x.reason}`));
        claimed = await this.inbox.claim(m, inboxId, problems.length ? `rejected: ${problems.join('; ').slice(0, 1900)}` : null);
        // another run got there first: roll back this one's writes
        if (!claimed) throw new AlreadyProcessed();
      });
      return 'written';
    } catch (e) {
      if (e instanceof AlreadyProcessed) return 'already_processed';
      await this.inbox.recordFailure(inboxId, (e as Error).message).catch(() => undefined);
      throw e;
    }
  }

  private async finish(inboxId: string, note: string, outcome: ProcessOutcome): Promise<ProcessOutcome> {
    await this.inbox.markDone(inboxId, note);
    return outcome;
  }

  // The generic webhook can store records under the integrator's own source name (e.g. hapana)
  private async recordSource(businessId: string, source: string): Promise<string> {
    if (source !== 'generic') return source;
    const c = await this.connections.find(businessId, source);
    return typeof c?.config.recordSource === 'string' ? c.config.recordSource : source;
  }
}

class AlreadyProcessed extends Error {}
