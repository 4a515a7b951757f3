import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboundEvent } from './webhook-connector';

const MAX_RAW_BODY = 64 * 1024;

export interface InboxRow {
  id: string;
  businessId: string;
  source: string;
  externalEventId: string;
  eventType: string;
  payload: unknown;
  timezone: string;
}

/** event_inbox: every delivery as received, the idempotency backstop and the audit trail. */
@Injectable()
export class EventInboxRepository {
  constructor(private readonly ds: DataSource) {}

  async storeRejected(businessId: string, source: string, rawBody: Buffer, reason: string, signatureOk: boolean): Promise<void> {
    await this.ds.query(
      `INSERT INTO event_inbox (business_id, source, raw_body, signature_ok, error, processed_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 THEN now() END)`,
      [businessId, source, rawBody.subarray(0, MAX_RAW_BODY).toString('utf8').replace(/\u0000/g, ''), signatureOk, reason],
    );
  }

  /**
   * Stores the events of one delivery; returns the inbox ids of the ones not seen before.
   * A redelivered event conflicts on (business, source, event id) and is skipped.
   */
  async storeEvents(businessId: string, source: string, events: InboundEvent[]): Promise<{ id: string; externalEventId: string }[]> {
    return this.ds.query(
      `INSERT INTO event_inbox (business_id, source, external_event_id, event_type, payload, signature_ok)
       SELECT $1, $2, e.id, e.type, e.payload, true
         FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS e(id, type, payload)
       ON CONFLICT (business_id, source, external_event_id) WHERE external_event_id IS NOT NULL DO NOTHING
       RETURNING id::text AS id, external_event_id AS "externalEventId"`,
      [businessId, source, events.map((e) => e.externalEventId), events.map((e) => e.eventType), events.map((e) => JSON.stringify(e.payload))],
    );
  }

  async load(id: string): Promise<(InboxRow & { processed: boolean }) | undefined> {
    const [row] = await this.ds.query(
      `SELECT i.id::text AS id, i.business_id AS "businessId", i.source, i.external_event_id AS "externalEventId",
              i.event_type AS "eventType", i.payload, b.timezone, i.processed_at IS NOT NULL AS processed
         FROM event_inbox i JOIN business b ON b.id = i.business_id
        WHERE i.id = $1 AND i.signature_ok`,
      [id],
    );
    return row;
  }

  /** Claims the row inside the processing transaction; false when another run already did. */
  async claim(m: EntityManager, id: string, outcome: string | null): Promise<boolean> {
    const rows = await m.query(
      `UPDATE event_inbox SET processed_at = now(), attempts = attempts + 1, error = $2
        WHERE id = $1 AND processed_at IS NULL RETURNING id`,
      [id, outcome],
    );
    return rows.length > 0;
  }

  /** Marks a row handled without canonical writes (ignored or invalid events). */
  async markDone(id: string, outcome: string): Promise<void> {
    await this.ds.query(
      `UPDATE event_inbox SET processed_at = now(), attempts = attempts + 1, error = $2 WHERE id = $1 AND processed_at IS NULL`,
      [id, outcome.slice(0, 2000)],
    );
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE event_inbox SET attempts = attempts + 1, error = $2 WHERE id = $1`, [id, error.slice(0, 2000)]);
  }

  /** Unprocessed, verified rows older than the given age: their job was never enqueued or was lost. */
  async findStale(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.ds.query(
      `SELECT id::text AS id FROM event_inbox
        WHERE processed_at IS NULL AND signature_ok AND received_at < now() - make_interval(secs => $1)
        ORDER BY received_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }
}
