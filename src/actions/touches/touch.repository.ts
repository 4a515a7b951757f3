import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BlockReason, Channel, DeferReason, TouchStatus } from '../actions.types';
import { clientGuardSql, contactsSinceSql, GuardSqlParams } from '../guards/guard-sql';

export interface ActionRun {
  id: string;
  businessId: string;
  origin: string;
  variant: string;
  channel: Channel;
  template: unknown;
  quietHours: 'defer' | 'drop';
  marketing: boolean;
  automated: boolean;
  includeSleeping: boolean;
  /** A transactional run an admin let reach clients who withdrew consent (audited). */
  consentOverride: boolean;
  campaignId: string | null;
  automationId: string | null;
  stepKey: string | null;
}

type NewRun = Omit<ActionRun, 'id'> & { sendAt: Date | null };

interface ClaimedTouch {
  id: string;
  clientId: string;
  status: TouchStatus;
  blockedReason: BlockReason | null;
}

/** What a delivery needs of a claimed touch's client. */
export interface Recipient {
  touchId: string;
  clientId: string;
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  pushTokens: string[];
}

/** The recipients of the touches a statement's `claimed` CTE claimed, in touch order ($1 = business). */
const RECIPIENTS_SQL = `
  SELECT claimed.id::text AS "touchId", c.id::text AS "clientId", c.external_id AS "externalId", c.first_name AS "firstName",
         c.last_name AS "lastName", c.email, c.phone, c.push_tokens AS "pushTokens"
    FROM claimed JOIN client c ON c.id = claimed.client_id AND c.business_id = $1
   ORDER BY claimed.id`;

interface ClaimedChunk {
  recipients: Recipient[];
  /** touches of the chunk blocked at claim time because their client reached the frequency cap */
  capped: number;
}

export interface TouchOutcome {
  touchId: string;
  status: 'sent' | 'failed' | 'queued';
  providerMessageId: string | null;
  errorCode: string | null;
  error: string | null;
}

const RUN_COLUMNS = `id::text AS id, business_id AS "businessId", origin, variant, channel, template, quiet_hours AS "quietHours",
  marketing, automated, include_sleeping AS "includeSleeping", consent_override AS "consentOverride",
  campaign_id::text AS "campaignId", automation_id::text AS "automationId", step_key AS "stepKey"`;

/** Runs and touches. Every statement is scoped by business_id; batches are one statement each. */
@Injectable()
export class TouchRepository {
  constructor(private readonly ds: DataSource) {}

  /** The run for (business, origin, variant): created once, the first template wins. */
  async upsertRun(r: NewRun): Promise<ActionRun> {
    const [row] = await this.ds.query(
      `INSERT INTO action_run (business_id, origin, variant, channel, template, quiet_hours, marketing, automated, include_sleeping,
                               campaign_id, automation_id, step_key, send_at, consent_override)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (business_id, origin, variant) DO UPDATE SET origin = EXCLUDED.origin
       RETURNING ${RUN_COLUMNS}`,
      [r.businessId, r.origin, r.variant, r.channel, r.template, r.quietHours, r.marketing, r.automated, r.includeSleeping, r.campaignId, r.automationId, r.stepKey, r.sendAt, r.consentOverride],
    );
    return row;
  }

  async findRun(businessId: string, runId: string): Promise<ActionRun | undefined> {
    const [row] = await this.ds.query(`SELECT ${RUN_COLUMNS} FROM action_run WHERE business_id = $1 AND id = $2`, [businessId, runId]);
    return row;
  }

  /**
   * Claims one touch per client of the batch for the run (INSERT ... ON CONFLICT DO NOTHING),
   * evaluating the per-client guards in the same statement. Only newly claimed touches come
   * back; a client already touched by this origin is skipped. Clients that do not exist in the
   * business get no touch (counted by the caller).
   */
  async claimForRun(
    run: ActionRun,
    guard: Omit<GuardSqlParams, 'businessId' | 'channel' | 'marketing' | 'includeSleeping' | 'consentOverride'>,
    hold: { blockReason: BlockReason | null; deferReason: DeferReason | null; dueAt: Date },
  ): Promise<{ claimed: ClaimedTouch[]; unknownClientIds: string[] }> {
    const g = clientGuardSql({ ...guard, businessId: run.businessId, channel: run.channel, marketing: run.marketing, includeSleeping: run.includeSleeping, consentOverride: run.consentOverride }, 1);
    const base = g.params.length;
    const p = (i: number) => `$${base + i}`;
    const rows: Array<{ id: string | null; client_id: string; status: TouchStatus | null; blocked_reason: BlockReason | null }> = await this.ds.query(
      `WITH g AS MATERIALIZED (${g.sql}),
       ins AS (
         INSERT INTO touch (business_id, run_id, client_id, channel, origin, campaign_id, automation_id, step_key, variant, marketing,
                            status, blocked_reason, deferred_reason, due_at, blocked_at)
         SELECT $1, ${p(1)}::bigint, g.client_id, ${p(2)}, ${p(3)}, ${p(4)}::bigint, ${p(5)}::bigint, ${p(6)}, nullif(${p(7)}, ''), ${p(8)}::boolean,
                CASE WHEN coalesce(g.reason, ${p(9)}) IS NOT NULL THEN 'blocked' WHEN ${p(10)}::text IS NOT NULL THEN 'deferred' ELSE 'queued' END,
                coalesce(g.reason, ${p(9)}),
                CASE WHEN coalesce(g.reason, ${p(9)}) IS NULL THEN ${p(10)} END,
                ${p(11)}::timestamptz,
                CASE WHEN coalesce(g.reason, ${p(9)}) IS NOT NULL THEN now() END
           FROM g WHERE g.client_exists
         ON CONFLICT (business_id, origin, client_id) DO NOTHING
         RETURNING id, client_id, status, blocked_reason
       )
       SELECT ins.id::text AS id, ins.client_id::text AS client_id, ins.status, ins.blocked_reason FROM ins
       UNION ALL
       SELECT NULL, g.client_id::text, NULL, NULL FROM g WHERE NOT g.client_exists`,
      [...g.params, run.id, run.channel, run.origin, run.campaignId, run.automationId, run.stepKey, run.variant, run.marketing, hold.blockReason, hold.deferReason, hold.dueAt],
    );
    const claimed: ClaimedTouch[] = [];
    const unknownClientIds: string[] = [];
    for (const r of rows) {
      if (r.id === null) unknownClientIds.push(r.client_id);
      else claimed.push({ id: r.id, clientId: r.client_id, status: r.status!, blockedReason: r.blocked_reason });
    }
    return { claimed, unknownClientIds };
  }

  /**
   * Re-checks the per-client guards for a job's pending touches at send time (consent may have
   * changed while a touch waited) and blocks those that fail, in one statement. Due deferred
   * touches become queued. Returns how many were blocked.
   */
  async reguard(run: ActionRun, touchIds: string[], guard: Omit<GuardSqlParams, 'businessId' | 'channel' | 'marketing' | 'includeSleeping' | 'consentOverride' | 'clientIds'>): Promise<number> {
    const clientRows: Array<{ client_id: string }> = await this.ds.query(
      `SELECT client_id::text AS client_id FROM touch WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status IN ('queued', 'deferred')`,
      [run.businessId, touchIds],
    );
    if (!clientRows.length) return 0;
    const g = clientGuardSql(
      {
        ...guard,
        clientIds: clientRows.map((r) => r.client_id),
        businessId: run.businessId,
        channel: run.channel,
        marketing: run.marketing,
        includeSleeping: run.includeSleeping,
        consentOverride: run.consentOverride,
      },
      1,
    );
    const n = g.params.length;
    const [blocked] = await this.ds.query(
      `WITH g AS MATERIALIZED (${g.sql}),
       blocked AS (
         UPDATE touch t SET status = 'blocked', blocked_reason = g.reason, blocked_at = now(), deferred_reason = NULL
           FROM g
          WHERE t.business_id = $1 AND t.id = ANY($${n + 1}::bigint[]) AND t.client_id = g.client_id
            AND t.status IN ('queued', 'deferred') AND g.reason IS NOT NULL
         RETURNING t.id
       ),
       released AS (
         UPDATE touch t SET status = 'queued', deferred_reason = NULL
          WHERE t.business_id = $1 AND t.id = ANY($${n + 1}::bigint[]) AND t.status = 'deferred'
            AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.id = t.id)
         RETURNING t.id
       )
       SELECT (SELECT count(*) FROM blocked)::int AS blocked, (SELECT count(*) FROM released)::int AS released`,
      [...g.params, touchIds],
    );
    return blocked.blocked;
  }

  /** Holds a job's pending touches until dueAt (quiet hours, stale data). */
  async defer(businessId: string, touchIds: string[], reason: DeferReason, dueAt: Date): Promise<string[]> {
    return this.updated(
      `UPDATE touch SET status = 'deferred', deferred_reason = $3, due_at = $4
        WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status IN ('queued', 'deferred')
        RETURNING id`,
      [businessId, touchIds, reason, dueAt],
    );
  }

  async block(businessId: string, touchIds: string[], reason: BlockReason): Promise<number> {
    const ids = await this.updated(
      `UPDATE touch SET status = 'blocked', blocked_reason = $3, blocked_at = now(), deferred_reason = NULL
        WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status IN ('queued', 'deferred')
        RETURNING id`,
      [businessId, touchIds, reason],
    );
    return ids.length;
  }

  /**
   * Claims up to `limit` queued touches of the job for this processing run (status sending,
   * the run's token) and returns their recipients. A touch is claimed by exactly one run.
   *
   * With a frequency cap, the claim is where the cap is enforced for good: the chunk's clients
   * are locked (transaction advisory locks, in client order so claims cannot deadlock), then a
   * fresh statement counts their contacts, so two jobs of different campaigns racing for the same
   * client cannot both pass a cap the earlier guards saw as open. Touches over the cap are
   * blocked with reason frequency_cap instead of claimed.
   */
  async claimChunk(businessId: string, touchIds: string[], token: string, limit: number, cap: { max: number; since: Date } | null = null): Promise<ClaimedChunk> {
    if (!cap) return { recipients: await this.claimQueued(this.ds.manager, businessId, touchIds, token, limit), capped: 0 };
    return this.ds.transaction(async (m) => {
      await m.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('comeback:contact-cap:' || client_id, 0))
           FROM (SELECT DISTINCT client_id FROM touch WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status = 'queued') s
          ORDER BY client_id`,
        [businessId, touchIds],
      );
      // a new statement, so its snapshot includes the claims committed while we waited: it blocks
      // the chunk's touches whose client reached the cap and claims the others
      const rows: Array<Recipient & { capped: number }> = await m.query(
        `WITH picked AS (
           SELECT id, client_id FROM touch WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status = 'queued'
            ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED
         ),
         verdict AS MATERIALIZED (
           SELECT p.id, p.client_id, ${contactsSinceSql('p.client_id', '$6')} >= $5::int AS over FROM picked p
         ),
         blocked AS (
           UPDATE touch t SET status = 'blocked', blocked_reason = 'frequency_cap', blocked_at = now(), deferred_reason = NULL
             FROM verdict v WHERE t.id = v.id AND v.over
           RETURNING t.id
         ),
         claimed AS (
           UPDATE touch t SET status = 'sending', claim_token = $3::uuid, claimed_at = now(), attempts = t.attempts + 1
             FROM verdict v WHERE t.id = v.id AND NOT v.over
           RETURNING t.id, t.client_id
         ),
         recipients AS (${RECIPIENTS_SQL})
         -- joined to one row, so the count of blocked touches comes back even with no recipient
         SELECT r.*, (SELECT count(*) FROM blocked)::int AS capped FROM (SELECT 1) one LEFT JOIN recipients r ON true
          ORDER BY r."touchId"::bigint`,
        [businessId, touchIds, token, limit, cap.max, cap.since],
      );
      return { recipients: rows.filter((r) => r.touchId !== null).map(({ capped: _, ...r }) => r), capped: rows[0]?.capped ?? 0 };
    });
  }

  private claimQueued(m: EntityManager, businessId: string, touchIds: string[], token: string, limit: number): Promise<Recipient[]> {
    return m.query(
      `WITH picked AS (
         SELECT id FROM touch WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status = 'queued'
          ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED
       ),
       claimed AS (
         UPDATE touch t SET status = 'sending', claim_token = $3::uuid, claimed_at = now(), attempts = t.attempts + 1
           FROM picked WHERE t.id = picked.id
         RETURNING t.id, t.client_id
       )
       ${RECIPIENTS_SQL}`,
      [businessId, touchIds, token, limit],
    );
  }

  /** Ends a job's touches that were not sent (permanent job failure, or retries exhausted). */
  async failPending(businessId: string, touchIds: string[], code: string, error: string): Promise<number> {
    const ids = await this.updated(
      `UPDATE touch SET status = 'failed', failed_at = now(), error_code = $3, error = $4
        WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status IN ('queued', 'deferred')
        RETURNING id`,
      [businessId, touchIds, code, error.slice(0, 1000)],
    );
    return ids.length;
  }
  /**
   * A provider's later word on a sent message (Twilio status callback). A status never moves
   * back (delivered is not undone by a late "sent"); failed applies only before delivery.
   * Returns the touch's client, or undefined when no touch of the business has that id.
   */
  async applyProviderStatus(
    businessId: string,
    channel: Channel,
    providerMessageId: string,
    status: 'sent' | 'delivered' | 'failed' | 'opened',
    errorCode: string | null,
    error: string | null,
  ): Promise<{ id: string; clientId: string; status: TouchStatus } | undefined> {
    const [row] = await this.ds.query(
      `WITH t AS (SELECT id FROM touch WHERE business_id = $1 AND channel = $2 AND provider_message_id = $3),
       u AS (
         UPDATE touch SET
           status = CASE WHEN ${RANK('$4')} > ${RANK('touch.status')} THEN $4 ELSE touch.status END,
           delivered_at = CASE WHEN $4 = 'delivered' THEN coalesce(touch.delivered_at, now()) ELSE touch.delivered_at END,
           opened_at = CASE WHEN $4 = 'opened' THEN coalesce(touch.opened_at, now()) ELSE touch.opened_at END,
           sent_at = CASE WHEN $4 IN ('sent', 'delivered', 'opened') THEN coalesce(touch.sent_at, now()) ELSE touch.sent_at END,
           failed_at = CASE WHEN $4 = 'failed' AND ${RANK('touch.status')} < ${RANK("'delivered'")} THEN now() ELSE touch.failed_at END,
           error_code = CASE WHEN $4 = 'failed' AND ${RANK('touch.status')} < ${RANK("'delivered'")} THEN $5 ELSE touch.error_code END,
           error = CASE WHEN $4 = 'failed' AND ${RANK('touch.status')} < ${RANK("'delivered'")} THEN $6 ELSE touch.error END
          FROM t WHERE touch.id = t.id
         RETURNING touch.id, touch.client_id, touch.status
       )
       SELECT id::text AS id, client_id::text AS "clientId", status FROM u`,
      [businessId, channel, providerMessageId, status, errorCode, error],
    );
    return row;
  }

  /** An inbound reply: the client's latest SMS touch of the last `days` days becomes replied. */
  async markReplied(businessId: string, clientIds: string[], channel: Channel, days: number): Promise<string[]> {
    if (!clientIds.length) return [];
    return this.updated(
      `UPDATE touch SET status = 'replied', replied_at = now()
        WHERE id IN (SELECT DISTINCT ON (client_id) id FROM touch
                      WHERE business_id = $1 AND client_id = ANY($2::bigint[]) AND channel = $3
                        AND status IN ('sent', 'delivered', 'opened', 'clicked', 'replied') AND sent_at > now() - make_interval(days => $4)
                      ORDER BY client_id, sent_at DESC)
        RETURNING id`,
      [businessId, clientIds, channel, days],
    );
  }

  /** Runs an UPDATE ... RETURNING id as a SELECT (TypeORM answers a bare UPDATE with [rows, count]). */
  private async updated(sql: string, params: unknown[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(`WITH u AS (${sql}) SELECT id::text AS id FROM u`, params);
    return rows.map((r) => r.id);
  }
}

/** Order of a delivered message's states; a later callback never lowers it. */
const RANK = (x: string) =>
  `(CASE ${x} WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 WHEN 'failed' THEN 3 WHEN 'delivered' THEN 3 WHEN 'opened' THEN 4 WHEN 'clicked' THEN 5 WHEN 'replied' THEN 6 ELSE 0 END)`;
