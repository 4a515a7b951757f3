import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel, DeferReason, TouchStatus } from '../actions.types';

// The read side of touches: pages, one touch, counts and the failed-deliveries list, for the
// API and the unsubscribe page. Everything that changes a touch is in touch.repository.ts.

export interface TouchView {
  id: string;
  clientId: string;
  runId: string | null;
  channel: Channel;
  origin: string;
  status: TouchStatus;
  [key: string]: unknown;
}

/** Touches as the API shows them. Every statement is scoped by business_id (but forUnsubscribe, keyed by a verified token). */
@Injectable()
export class TouchReadRepository {
  constructor(private readonly ds: DataSource) {}

  /** A page of the business's touches, newest first. */
  async list(
    businessId: string,
    q: { origin?: string; clientId?: string; runId?: string; status?: string; limit: number; after?: string },
  ): Promise<{ items: TouchView[]; nextCursor: string | null }> {
    const rows: TouchView[] = await this.ds.query(
      `SELECT ${TOUCH_COLUMNS} FROM touch
        WHERE business_id = $1 AND ($2::text IS NULL OR origin = $2) AND ($3::bigint IS NULL OR client_id = $3)
          AND ($4::bigint IS NULL OR run_id = $4) AND ($5::text IS NULL OR status = $5) AND ($6::bigint IS NULL OR id < $6)
        ORDER BY id DESC LIMIT $7`,
      [businessId, q.origin ?? null, q.clientId ?? null, q.runId ?? null, q.status ?? null, q.after ?? null, q.limit + 1],
    );
    const more = rows.length > q.limit;
    const items = more ? rows.slice(0, q.limit) : rows;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }

  async get(businessId: string, touchId: string): Promise<TouchView | undefined> {
    const [row] = await this.ds.query(`SELECT ${TOUCH_COLUMNS} FROM touch WHERE business_id = $1 AND id = $2`, [businessId, touchId]);
    return row;
  }

  /** The touch an unsubscribe token names (the token is verified before this is called). */
  async forUnsubscribe(touchId: string): Promise<{ businessId: string; clientId: string; channel: Channel; origin: string; businessName: string } | undefined> {
    const [row] = await this.ds.query(
      `SELECT t.business_id AS "businessId", t.client_id::text AS "clientId", t.channel, t.origin, b.name AS "businessName"
         FROM touch t JOIN business b ON b.id = t.business_id WHERE t.id = $1`,
      [touchId],
    );
    return row;
  }

  async countDeferred(businessId: string, reason: DeferReason): Promise<number> {
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND status = 'deferred' AND deferred_reason = $2`, [businessId, reason]);
    return row.n;
  }

  /** Per status counts of a run (progress). */
  async runCounts(businessId: string, runId: string): Promise<Record<string, number>> {
    const rows = await this.ds.query(`SELECT status, count(*)::int AS n FROM touch WHERE business_id = $1 AND run_id = $2 GROUP BY status`, [businessId, runId]);
    return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  /** The most recent failed touches of the business (the per-message dead letters). */
  /** The latest failed touches, with the member's name (the failed-deliveries page shows it without a request per row). */
  async recentFailures(businessId: string, channel: Channel | undefined, limit: number): Promise<Array<TouchView & { clientFirstName: string | null; clientLastName: string | null }>> {
    return this.ds.query(
      `SELECT ${TOUCH_COLUMNS}, name.first_name AS "clientFirstName", name.last_name AS "clientLastName"
         FROM touch
         LEFT JOIN LATERAL (SELECT c.first_name, c.last_name FROM client c WHERE c.business_id = $1 AND c.id = touch.client_id) name ON true
        WHERE touch.business_id = $1 AND touch.status = 'failed' AND ($2::text IS NULL OR touch.channel = $2)
        ORDER BY touch.failed_at DESC NULLS LAST, touch.id DESC LIMIT $3`,
      [businessId, channel ?? null, limit],
    );
  }
}

const TOUCH_COLUMNS = `id::text AS id, client_id::text AS "clientId", run_id::text AS "runId", channel, origin, campaign_id::text AS "campaignId",
  automation_id::text AS "automationId", step_key AS "stepKey", variant, marketing, status, blocked_reason AS "blockedReason",
  deferred_reason AS "deferredReason", provider_message_id AS "providerMessageId", error_code AS "errorCode", error, attempts,
  due_at AS "dueAt", queued_at AS "queuedAt", blocked_at AS "blockedAt", claimed_at AS "claimedAt", handed_over_at AS "handedOverAt", sent_at AS "sentAt",
  delivered_at AS "deliveredAt", failed_at AS "failedAt", opened_at AS "openedAt", clicked_at AS "clickedAt", replied_at AS "repliedAt",
  resent_at AS "resentAt", resent_by AS "resentBy"`;
