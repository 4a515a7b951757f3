import { DataSource } from 'typeorm';
import { CanonicalWriter } from '../../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../../src/clients/ingest/ingest.types';

// Hand-built campaigns, automations, exposures and touches for follow-up tests. Canonical data
// goes through the canonical writer; the rows other modules own (campaign, recipients, touches,
// automations, enrollments, step log, tasks) are written directly with exactly the times a
// test needs.

export class FollowUpKit {
  private segmentId?: string;

  constructor(
    readonly ds: DataSource,
    readonly businessId: string,
  ) {}

  write(batch: IngestBatch) {
    return this.ds.transaction((m) => new CanonicalWriter(m).write(this.businessId, 'import', batch, { mode: 'strict' }));
  }

  /** Clients by external id; returns external id -> client id. */
  async clients(keys: string[]): Promise<Record<string, string>> {
    await this.write({ entity: 'clients', records: keys.map((k) => ({ externalId: k, firstName: k })) });
    const rows: Array<{ id: string; external_id: string }> = await this.ds.query(`SELECT id::text, external_id FROM client WHERE business_id = $1 AND external_id = ANY($2::text[])`, [
      this.businessId,
      keys,
    ]);
    return Object.fromEntries(rows.map((r) => [r.external_id, r.id]));
  }

  visits(rows: Array<[client: string, at: string]>) {
    return this.write({ entity: 'visits', records: rows.map(([c, at], i) => ({ externalId: `v-${c}-${at}-${i}`, clientExternalId: c, visitedAt: at })) });
  }

  async campaign(
    opts: { name?: string; goal?: { kind: string; withinDays: number }; steps?: Array<{ key: string; channel: string; variants?: string[] }>; holdoutPercent?: number; selectedAt?: string } = {},
  ): Promise<string> {
    if (!this.segmentId) {
      const [s] = await this.ds.query(`INSERT INTO segment (business_id, name, conditions) VALUES ($1, 'Everyone', '{}'::jsonb) RETURNING id::text`, [this.businessId]);
      this.segmentId = s.id;
    }
    const steps = (opts.steps ?? [{ key: 'email', channel: 'email' }]).map((s) => ({
      key: s.key,
      channel: s.channel,
      variants: (s.variants ?? ['A']).map((v) => ({ key: v, weight: 1, template: { subject: v, text: v } })),
      quietHours: 'defer',
      delayMinutes: 0,
    }));
    const [row] = await this.ds.query(
      `INSERT INTO campaign (business_id, name, segment_id, steps, holdout_percent, goal, state, recipients_selected_at, started_at, finished_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, 'sent', $7, $7, $7) RETURNING id::text`,
      [
        this.businessId,
        opts.name ?? 'Campaign',
        this.segmentId,
        JSON.stringify(steps),
        opts.holdoutPercent ?? 10,
        JSON.stringify(opts.goal ?? { kind: 'visit', withinDays: 14 }),
        opts.selectedAt ?? '2026-09-01T08:00:00Z',
      ],
    );
    return row.id;
  }

  async recipients(campaignId: string, rows: Array<{ client: string; holdout?: boolean; at?: string }>): Promise<void> {
    await this.ds.query(
      `INSERT INTO campaign_recipient (campaign_id, client_id, business_id, holdout, selected_at)
       SELECT $1, c, $2, h, a FROM unnest($3::bigint[], $4::boolean[], $5::timestamptz[]) AS u(c, h, a)`,
      [campaignId, this.businessId, rows.map((r) => r.client), rows.map((r) => r.holdout ?? false), rows.map((r) => r.at ?? '2026-09-01T08:00:00Z')],
    );
  }

  async touch(t: {
    client: string;
    campaignId?: string;
    automationId?: string;
    stepKey: string;
    channel?: string;
    variant?: string | null;
    status?: string;
    sentAt?: string | null;
    deliveredAt?: string | null;
    origin?: string;
  }): Promise<string> {
    const origin = t.origin ?? (t.campaignId ? `campaign:${t.campaignId}:step:${t.stepKey}` : `automation:${t.automationId}:step:${t.stepKey}`);
    const status = t.status ?? (t.deliveredAt ? 'delivered' : 'sent');
    const sentAt = t.sentAt === undefined ? (['blocked', 'queued', 'deferred'].includes(status) ? null : '2026-09-01T08:05:00Z') : t.sentAt;
    const [row] = await this.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, campaign_id, automation_id, step_key, variant, status, blocked_reason, queued_at, sent_at, delivered_at, failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'blocked' THEN 'no_consent' END, COALESCE($10::timestamptz, now()), $10, $11,
               CASE WHEN $9 = 'failed' THEN COALESCE($10::timestamptz, now()) END)
       RETURNING id::text`,
      [this.businessId, t.client, t.channel ?? 'email', origin, t.campaignId ?? null, t.automationId ?? null, t.stepKey, t.variant ?? null, status, sentAt, t.deliveredAt ?? null],
    );
    return row.id;
  }

  async automation(opts: { name?: string; goal?: { kind: string; withinDays: number }; steps?: Array<Record<string, unknown>>; holdoutPercent?: number } = {}): Promise<string> {
    const steps = opts.steps ?? [
      { key: 'email', type: 'send', channel: 'email', variants: [{ key: 'A', weight: 1, template: {} }] },
      { key: 'wait', type: 'wait', seconds: 86400 },
      { key: 'call', type: 'task', reason: 'Call' },
    ];
    const [row] = await this.ds.query(
      `INSERT INTO automation (business_id, name, trigger, trigger_kind, steps, goal, holdout_percent, enabled)
       VALUES ($1, $2, '{"kind":"status_changed"}'::jsonb, 'status_changed', $3::jsonb, $4::jsonb, $5, true) RETURNING id::text`,
      [this.businessId, opts.name ?? 'Automation', JSON.stringify(steps), JSON.stringify(opts.goal ?? { kind: 'visit', withinDays: 14 }), opts.holdoutPercent ?? 10],
    );
    return row.id;
  }

  async enrollment(automationId: string, client: string, opts: { holdout?: boolean; at?: string; entryNo?: number; steps?: Array<[index: number, key: string]> } = {}): Promise<string> {
    const at = opts.at ?? '2026-09-01T08:00:00Z';
    const [row] = await this.ds.query(
      `INSERT INTO automation_enrollment (business_id, automation_id, client_id, occurrence_key, entry_no, triggered_at, enrolled_at, holdout, state, step_index)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 'done', 0) RETURNING id::text`,
      [this.businessId, automationId, client, `test:${client}:${opts.entryNo ?? 1}:${at}`, opts.entryNo ?? 1, at, opts.holdout ?? false],
    );
    for (const [index, key] of opts.steps ?? []) {
      await this.ds.query(`INSERT INTO automation_step_log (enrollment_id, step_index, business_id, automation_id, step_key, outcome, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        row.id,
        index,
        this.businessId,
        automationId,
        key,
        opts.holdout ? 'holdout' : 'sent',
        at,
      ]);
    }
    return row.id;
  }

  /** A staff task raised by a step (origin = the step origin), completed at `completedAt` with `outcome`. */
  async task(t: { client: string; origin: string; createdBy?: 'campaign' | 'automation'; createdAt?: string; completedAt?: string | null; outcome?: string; state?: string }): Promise<string> {
    const state = t.state ?? (t.completedAt === null ? 'open' : 'done');
    const [row] = await this.ds.query(
      `INSERT INTO staff_task (business_id, client_id, reason, reason_key, due_on, due_at, state, outcome, created_by, origin, created_at, completed_at)
       VALUES ($1, $2, 'Call', $3, '2026-09-03', '2026-09-03T22:00:00Z', $4, $5, $6, $7, $8, $9) RETURNING id::text`,
      [
        this.businessId,
        t.client,
        t.origin.replace(/[^a-z0-9:._-]/g, '-'),
        state,
        state === 'open' ? null : (t.outcome ?? 'reached'),
        t.createdBy ?? (t.origin.startsWith('campaign') ? 'campaign' : 'automation'),
        t.origin,
        t.createdAt ?? '2026-09-01T08:00:00Z',
        state === 'open' ? null : (t.completedAt ?? '2026-09-02T12:00:00Z'),
      ],
    );
    return row.id;
  }

  async statusChange(client: string, from: string | null, to: string | null, at: string): Promise<void> {
    await this.ds.query(`INSERT INTO status_change (business_id, client_id, from_status, to_status, changed_at, reason) VALUES ($1, $2, $3, $4, $5, 'rule')`, [this.businessId, client, from, to, at]);
  }

  exposureRows(sourceKind = 'campaign', sourceId?: string): Promise<Array<Record<string, any>>> {
    return this.ds.query(
      `SELECT source_id::text, exposure_id::text, client_id::text, holdout, goal_kind, event_id::text, converted_at, days_to_return, monthly_revenue::int AS monthly_revenue
         FROM exposure_conversion WHERE business_id = $1 AND source_kind = $2 AND ($3::bigint IS NULL OR source_id = $3) ORDER BY source_id, exposure_id`,
      [this.businessId, sourceKind, sourceId ?? null],
    );
  }

  touchRows(): Promise<Array<Record<string, any>>> {
    return this.ds.query(
      `SELECT item_kind, item_id::text, source_kind, source_id::text, exposure_id::text, step_key, channel, client_id::text, event_id::text, days_to_return, credited_last, credited_first
         FROM touch_conversion WHERE business_id = $1 ORDER BY item_kind, item_id`,
      [this.businessId],
    );
  }
}
