import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Everything the assignee's email says, loaded when the notification is claimed. */
interface NotifyDetails {
  taskId: string;
  seq: number;
  reason: string;
  instructions: string | null;
  priority: string;
  dueAt: Date;
  dueOn: string;
  dueEndOfDay: boolean;
  clientFirstName: string | null;
  clientLastName: string | null;
  clientPhone: string | null;
  clientEmail: string | null;
  assigneeFirstName: string | null;
  assigneeEmail: string | null;
  businessName: string;
  timezone: string;
}

type ClaimResult = { kind: 'claimed'; details: NotifyDetails } | { kind: 'busy' } | { kind: 'nothing' };

// A claim older than this belongs to a worker that died mid-send; it may be taken over.
const CLAIM_TTL_SECONDS = 120;

/**
 * The notification claim (STYLE.md rule 8c): a worker marks the assignment as being sent with
 * its own token before calling SMTP, records the result under that token, and releases it on a
 * transient failure so a retry can send. A retry never sends an assignment already sent.
 */
@Injectable()
export class TaskNotifyRepository {
  constructor(private readonly ds: DataSource) {}

  async claim(businessId: string, taskId: string, token: string): Promise<ClaimResult> {
    const [row] = await this.ds.query(
      `WITH claimed AS (
         UPDATE staff_task SET notify_claim = $3, notify_claimed_at = now()
          WHERE business_id = $1 AND id = $2 AND state = 'open' AND assignee_staff_id IS NOT NULL
            AND notified_seq < assignment_seq AND notify_error IS NULL
            AND (notify_claim IS NULL OR notify_claimed_at < now() - make_interval(secs => $4))
         RETURNING *
       )
       SELECT t.id::text AS "taskId", t.assignment_seq AS seq, t.reason, t.instructions, t.priority, t.due_at AS "dueAt",
              to_char(t.due_on, 'YYYY-MM-DD') AS "dueOn", t.due_at = (t.due_on + 1)::timestamp AT TIME ZONE b.timezone AS "dueEndOfDay",
              c.first_name AS "clientFirstName", c.last_name AS "clientLastName", c.phone AS "clientPhone", c.email AS "clientEmail",
              s.first_name AS "assigneeFirstName", s.email AS "assigneeEmail", b.name AS "businessName", b.timezone
         FROM claimed t
         JOIN client c ON c.id = t.client_id
         JOIN staff s ON s.business_id = t.business_id AND s.id = t.assignee_staff_id
         JOIN business b ON b.id = t.business_id`,
      [businessId, taskId, token, CLAIM_TTL_SECONDS],
    );
    if (row) return { kind: 'claimed', details: row };
    const [state] = await this.ds.query(
      `SELECT notify_claim IS NOT NULL AS busy FROM staff_task
        WHERE business_id = $1 AND id = $2 AND state = 'open' AND assignee_staff_id IS NOT NULL
          AND notified_seq < assignment_seq AND notify_error IS NULL`,
      [businessId, taskId],
    );
    return state?.busy ? { kind: 'busy' } : { kind: 'nothing' };
  }

  async sent(businessId: string, token: string, seq: number, messageId: string | null): Promise<void> {
    await this.ds.query(
      `UPDATE staff_task SET notified_seq = GREATEST(notified_seq, $3), notified_at = now(), notify_message_id = $4,
              notify_claim = NULL, notify_claimed_at = NULL, notify_error = NULL
        WHERE business_id = $1 AND notify_claim = $2`,
      [businessId, token, seq, messageId],
    );
  }

  /** Transient failure: the claim is released so the job's retry can send. */
  async release(businessId: string, token: string): Promise<void> {
    await this.ds.query(`UPDATE staff_task SET notify_claim = NULL, notify_claimed_at = NULL WHERE business_id = $1 AND notify_claim = $2`, [businessId, token]);
  }

  /** Permanent failure (no address, address refused): recorded, never retried for this assignment. */
  async failed(businessId: string, token: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE staff_task SET notify_error = $3, notify_claim = NULL, notify_claimed_at = NULL WHERE business_id = $1 AND notify_claim = $2`, [
      businessId,
      token,
      error.slice(0, 1000),
    ]);
  }
}
