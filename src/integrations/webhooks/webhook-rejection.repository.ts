import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** At most this much of a refused body is kept: enough to see what was sent. */
const REJECTION_PREFIX_CHARS = 1024;
const PRUNE_BATCH = 5000;

type RejectionStage = 'signature' | 'parse' | 'event';

export interface Rejection {
  stage: RejectionStage;
  reason: string;
  /** The delivery's bytes (signature, parse), or the refused event's payload (event). */
  body: Buffer | string;
  externalEventId?: string;
}

/**
 * webhook_rejection: what the webhook intake refused, as a bounded record. Anyone who knows a
 * business id can post to its URL, so a refusal keeps only a prefix, size and hash of the body,
 * at most WEBHOOK_REJECTIONS_PER_MINUTE per business, source and minute (the tally counts all
 * of them), for WEBHOOK_REJECTION_RETENTION_DAYS.
 */
@Injectable()
export class WebhookRejectionRepository {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts the refusals in their minute and records those still under the per-minute limit, in
   * one statement (the tally row's lock orders concurrent refusals of one business and source).
   * Returns how many were recorded.
   */
  async record(businessId: string, source: string, at: Date, rejections: Rejection[]): Promise<number> {
    if (!rejections.length) return 0;
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH tally AS (
         INSERT INTO webhook_rejection_tally (business_id, source, minute, rejected)
         VALUES ($1, $2, date_trunc('minute', $3::timestamptz), $4)
         ON CONFLICT (business_id, source, minute) DO UPDATE SET rejected = webhook_rejection_tally.rejected + EXCLUDED.rejected
         RETURNING rejected
       )
       INSERT INTO webhook_rejection (business_id, source, received_at, stage, reason, external_event_id, body_bytes, body_sha256, body_prefix)
       SELECT $1, $2, $3, r.stage, r.reason, r.event_id, r.bytes, r.sha256, r.prefix
         FROM tally, unnest($5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[]) WITH ORDINALITY AS r(stage, reason, event_id, bytes, sha256, prefix, n)
        WHERE tally.rejected - $4 + r.n <= $11
       RETURNING id`,
      [
        businessId,
        source,
        at,
        rejections.length,
        rejections.map((r) => r.stage),
        rejections.map((r) => clean(r.reason).slice(0, 2000)),
        rejections.map((r) => (r.externalEventId === undefined ? null : clean(r.externalEventId).slice(0, 200))),
        rejections.map((r) => (Buffer.isBuffer(r.body) ? r.body.length : Buffer.byteLength(r.body))),
        rejections.map((r) => createHash('sha256').update(r.body).digest('hex')),
        rejections.map((r) => prefixOf(r.body)),
        this.config.WEBHOOK_REJECTIONS_PER_MINUTE,
      ],
    );
    return rows.length;
  }

  /**
   * Deletes refusals (and their tallies) received before `now` minus the retention, in
   * batches, including the refused bodies event_inbox kept before this table existed (its
   * rows without an event id). Returns the rows deleted.
   */
  async prune(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.WEBHOOK_REJECTION_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (const sql of [
      `DELETE FROM webhook_rejection WHERE id IN (SELECT id FROM webhook_rejection WHERE received_at < $1 LIMIT ${PRUNE_BATCH})`,
      `DELETE FROM webhook_rejection_tally WHERE ctid IN (SELECT ctid FROM webhook_rejection_tally WHERE minute < $1 LIMIT ${PRUNE_BATCH})`,
      `DELETE FROM event_inbox WHERE id IN (SELECT id FROM event_inbox WHERE external_event_id IS NULL AND received_at < $1 LIMIT ${PRUNE_BATCH})`,
    ]) {
      for (;;) {
        const [, deleted] = (await this.ds.query(sql, [cutoff])) as [unknown, number];
        total += deleted;
        if (deleted < PRUNE_BATCH) break;
      }
    }
    return total;
  }
}

// text columns cannot hold U+0000; the escape keeps what was sent readable
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex -- the NUL is exactly what is being escaped
  return s.replace(/\u0000/g, '\\u0000');
}

function prefixOf(body: Buffer | string): string {
  const text = Buffer.isBuffer(body) ? body.subarray(0, REJECTION_PREFIX_CHARS * 4).toString('utf8') : body;
  // a cut through a multi-byte character decodes as U+FFFD; the limit is in characters
  return clean(text.slice(0, REJECTION_PREFIX_CHARS)).slice(0, REJECTION_PREFIX_CHARS);
}
