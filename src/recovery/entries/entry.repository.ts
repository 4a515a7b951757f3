import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecoveryEntryCardDto, RecoveryEntryEventDto } from './dto/entry-response.dto';
import { RecoveryActor, RecoveryEventKind, RecoveryOutcome } from './entry.types';

/** The card's columns over `recovery_entry e` joined to `client c` and `staff s` (the assignee). */
export const CARD_COLUMNS = `e.id::text, e.client_id::text AS "clientId",
  NULLIF(concat_ws(' ', c.first_name, c.last_name), '') AS "clientName",
  e.source_kind AS "sourceKind", e.reason, to_char(e.cancelled_on, 'YYYY-MM-DD') AS "cancelledOn",
  to_char(e.contract_ends_on, 'YYYY-MM-DD') AS "contractEndsOn", e.monthly_value::float8 AS "monthlyValue",
  e.phase_id::text AS "phaseId", e.assignee_staff_id::text AS "assigneeStaffId",
  NULLIF(concat_ws(' ', s.first_name, s.last_name), '') AS "assigneeName", e.seen_at IS NULL AS unseen,
  e.outcome, e.outcome_at AS "outcomeAt", e.outcome_reason AS "outcomeReason", e.outcome_by AS "outcomeBy",
  e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

export const CARD_JOINS = `JOIN client c ON c.id = e.client_id LEFT JOIN staff s ON s.id = e.assignee_staff_id`;

export interface EntryState {
  id: string;
  phaseId: string | null;
  assigneeStaffId: string | null;
  outcome: RecoveryOutcome | null;
  version: number;
}

/** Entries and their events; every query scoped by business. */
@Injectable()
export class EntryRepository {
  constructor(private readonly ds: DataSource) {}

  async card(businessId: string, id: string, m: EntityManager = this.ds.manager): Promise<(RecoveryEntryCardDto & Record<string, unknown>) | undefined> {
    const [row] = await m.query(
      `SELECT ${CARD_COLUMNS}, p.name AS "phaseName", e.subscription_id::text AS "subscriptionId", e.quota_id::text AS "quotaId", e.seen_at AS "seenAt"
         FROM recovery_entry e ${CARD_JOINS} LEFT JOIN recovery_phase p ON p.id = e.phase_id
        WHERE e.business_id = $1 AND e.id = $2`,
      [businessId, id],
    );
    return row;
  }

  async events(businessId: string, id: string): Promise<RecoveryEntryEventDto[]> {
    return this.ds.query(
      // who did it, by name: the user (their name, else their email) or the API key's name; a
      // user or key deleted since leaves the name null, the history row stays
      `SELECT ev.id::text, ev.at, ev.kind, ev.actor_user_id AS "actorUserId", ev.actor, ev.data,
              CASE WHEN ev.actor LIKE 'user:%' THEN coalesce(nullif(u.name, ''), u.email)
                   WHEN ev.actor LIKE 'api_key:%' THEN 'API key ' || k.name END AS "actorName"
         FROM recovery_entry_event ev
         LEFT JOIN app_user u ON ev.actor LIKE 'user:%' AND u.business_id = ev.business_id AND u.id::text = substr(ev.actor, 6)
         LEFT JOIN api_key k ON ev.actor LIKE 'api_key:%' AND k.business_id = ev.business_id AND k.id::text = substr(ev.actor, 9)
        WHERE ev.business_id = $1 AND ev.entry_id = $2 ORDER BY ev.at, ev.id`,
      [businessId, id],
    );
  }

  /** Locks the entry row for a change. */
  async lock(m: EntityManager, businessId: string, id: string): Promise<EntryState | undefined> {
    const [row] = await m.query(
      `SELECT id::text, phase_id::text AS "phaseId", assignee_staff_id::text AS "assigneeStaffId", outcome, version
         FROM recovery_entry WHERE business_id = $1 AND id = $2 FOR UPDATE`,
      [businessId, id],
    );
    return row;
  }

  /** Applies a change and bumps the version. */
  async update(m: EntityManager, businessId: string, id: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set);
    const sql = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
    await m.query(`UPDATE recovery_entry SET ${sql}${cols.length ? ', ' : ''}version = version + 1, updated_at = now() WHERE business_id = $1 AND id = $2`, [
      businessId,
      id,
      ...cols.map((c) => set[c]),
    ]);
  }

  async event(m: EntityManager, businessId: string, entryId: string, kind: RecoveryEventKind, by: RecoveryActor, data: Record<string, unknown> = {}): Promise<void> {
    await m.query(`INSERT INTO recovery_entry_event (business_id, entry_id, actor_user_id, actor, kind, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
      businessId,
      entryId,
      by.userId,
      by.actor,
      kind,
      JSON.stringify(data),
    ]);
  }

  /** seen_at set (or cleared) without touching the version: reading never conflicts with a move. */
  async setSeen(m: EntityManager, businessId: string, id: string, seen: boolean): Promise<boolean> {
    // a SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count]
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE recovery_entry SET seen_at = ${seen ? 'now()' : 'NULL'} WHERE business_id = $1 AND id = $2 AND (seen_at IS NULL) = $3 RETURNING id) SELECT id FROM u`,
      [businessId, id, seen],
    );
    return rows.length > 0;
  }

  async exists(m: EntityManager, businessId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM recovery_entry WHERE business_id = $1 AND id = $2`, [businessId, id]);
    return rows.length > 0;
  }

  async activeStaff(m: EntityManager, businessId: string, staffId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM staff WHERE business_id = $1 AND id = $2 AND active`, [businessId, staffId]);
    return rows.length > 0;
  }

  async firstActivePhase(m: EntityManager, businessId: string): Promise<string | undefined> {
    const [row] = await m.query(
      `SELECT p.id::text FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id
        WHERE g.business_id = $1 AND g.active ORDER BY p.position LIMIT 1`,
      [businessId],
    );
    return row?.id;
  }

  /** Open entries of a phase, or the entries with an outcome, newest first. */
  async list(businessId: string, q: { state: 'open' | RecoveryOutcome; phaseId?: string; limit: number; offset: number }): Promise<{ items: RecoveryEntryCardDto[]; total: number }> {
    const open = q.state === 'open';
    const where = `($2::bigint IS NULL OR e.phase_id = $2::bigint) AND ${open ? `e.outcome IS NULL AND $3::text IS NULL` : `e.outcome = $3::text`}`;
    const order = open ? `e.created_at DESC, e.id DESC` : `e.outcome_at DESC, e.id DESC`;
    const params = [businessId, q.phaseId ?? null, open ? null : q.state];
    const [items, [count]] = await Promise.all([
      this.ds.query(`SELECT ${CARD_COLUMNS} FROM recovery_entry e ${CARD_JOINS} WHERE e.business_id = $1 AND ${where} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`, params),
      this.ds.query(`SELECT count(*)::int AS n FROM recovery_entry e WHERE e.business_id = $1 AND ${where}`, params),
    ]);
    return { items, total: count.n };
  }
}
