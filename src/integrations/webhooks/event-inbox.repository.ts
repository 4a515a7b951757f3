import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inboxKey } from './inbox-key';
import { InboundEvent } from './webhook-connector';

/** After this many failed attempts an event is parked (processed_at set, error kept) for replay. */
const MAX_EVENT_ATTEMPTS = 5;

export interface InboxRow {
  id: string;
  source: string;
  externalEventId: string;
  eventType: string;
  payload: unknown;
  attempts: number;
}

/**
 * event_inbox: every verified event as received, the idempotency backstop and the audit trail.
 * What the intake refuses is recorded in webhook_rejection instead (bounded).
 */
@Injectable()
export class EventInboxRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Stores verified events (of any businesses) in one statement; returns the keys
   * (inboxKey) of the ones not seen before. A redelivered event conflicts on
   * (business, source, event id) and is skipped.
   */
  async storeMany(rows: Array<{ businessId: string; source: string; event: InboundEvent }>): Promise<Set<string>> {
    const stored: Array<{ business_id: string; source: string; external_event_id: string }> = await this.ds.query(
      `INSERT INTO event_inbox (business_id, source, external_event_id, event_type, payload, signature_ok)
       SELECT e.business_id, e.source, e.id, e.type, e.payload, true
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) AS e(business_id, source, id, type, payload)
       ON CONFLICT (business_id, source, external_event_id) WHERE external_event_id IS NOT NULL DO NOTHING
       RETURNING business_id, source, external_event_id`,
      [rows.map((r) => r.businessId), rows.map((r) => r.source), rows.map((r) => r.event.externalEventId), rows.map((r) => r.event.eventType), rows.map((r) => JSON.stringify(r.event.payload))],
    );
    return new Set(stored.map((s) => inboxKey(s.business_id, s.source, s.external_event_id)));
  }

  /**
   * Locks up to `limit` unprocessed rows of one business in arrival order. SKIP LOCKED lets
   * several drains of the same business run side by side without waiting on each other.
   */
  async lockBatch(m: EntityManager, businessId: string, limit: number, onlyId?: string): Promise<InboxRow[]> {
    return m.query(
      `SELECT id::text AS id, source, external_event_id AS "externalEventId", event_type AS "eventType", payload, attempts
         FROM event_inbox
        WHERE business_id = $1 AND processed_at IS NULL AND signature_ok AND ($3::bigint IS NULL OR id = $3)
        ORDER BY id LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [businessId, limit, onlyId ?? null],
    );
  }

  /** Marks rows processed with their outcome note (null = written cleanly). */
  async markProcessed(m: EntityManager, ids: string[], notes: Array<string | null>): Promise<void> {
    await m.query(
      `UPDATE event_inbox i SET processed_at = now(), attempts = i.attempts + 1, error = x.note
         FROM unnest($1::bigint[], $2::text[]) AS x(id, note) WHERE i.id = x.id`,
      [ids, notes.map((n) => (n === null ? null : n.slice(0, 2000)))],
    );
  }

  /** Counts a failed attempt; parks the row once it has failed MAX_EVENT_ATTEMPTS times. */
  async recordFailure(id: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE event_inbox SET attempts = attempts + 1, error = $2,
              processed_at = CASE WHEN attempts + 1 >= $3 THEN now() END
        WHERE id = $1 AND processed_at IS NULL`,
      [id, `failed: ${error}`.slice(0, 2000), MAX_EVENT_ATTEMPTS],
    );
  }

  /** Businesses with verified rows left unprocessed for longer than the given age. */
  async businessesWithStaleRows(olderThanSeconds: number): Promise<string[]> {
    const rows = await this.ds.query(
      `SELECT DISTINCT business_id FROM event_inbox
        WHERE processed_at IS NULL AND signature_ok AND received_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return rows.map((r: { business_id: string }) => r.business_id);
  }

  async timezoneOf(businessId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT timezone FROM business WHERE id = $1`, [businessId]);
    return row?.timezone;
  }
}
