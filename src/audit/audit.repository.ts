import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventRow, AuditQuery } from './audit.types';

/** Anything that runs SQL: the DataSource, or a transaction's manager / query runner. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const COLUMNS = `id::text AS id, at, actor, actor_label AS "actorLabel", role, action, reason, details,
  (extract(epoch FROM at) * 1000000)::bigint::text AS "atMicros"`;

/** audit_event: appended by AuditLog, read by the admins' list. Rows go only with their business. */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * One event. actor_label is who the actor was at that moment, in words: the user's email or the
   * key's name (read from auth's tables in the same statement, so a later rename or removal does
   * not rewrite history).
   */
  async insert(
    db: SqlRunner | undefined,
    e: { businessId: string; actor: string; userId: string | null; keyId: string | null; role: string; action: string; reason: string | null; details: Record<string, unknown> },
  ): Promise<string> {
    const rows = (await (db ?? this.ds).query(
      `INSERT INTO audit_event (business_id, actor, actor_label, role, action, reason, details)
       VALUES ($1, $2,
         coalesce((SELECT email FROM app_user WHERE id = $3::uuid AND business_id = $1), (SELECT name FROM api_key WHERE id = $4::uuid AND business_id = $1), CASE WHEN $2 = 'cli' THEN 'command line' END),
         $5, $6, $7, $8)
       RETURNING id::text AS id`,
      [e.businessId, e.actor, e.userId, e.keyId, e.role, e.action, e.reason, e.details],
    )) as Array<{ id: string }>;
    return rows[0].id;
  }

  async addDetails(businessId: string, id: string, details: Record<string, unknown>): Promise<void> {
    await this.ds.query(`UPDATE audit_event SET details = details || $3::jsonb WHERE business_id = $1 AND id = $2`, [businessId, id, details]);
  }

  /** Newest first, keyset-paginated on (at, id); `before` is the cursor the previous page answered. */
  async list(businessId: string, q: AuditQuery): Promise<{ items: AuditEventRow[]; nextCursor: string | null }> {
    const where = ['business_id = $1'];
    const params: unknown[] = [businessId];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    // 'settings' matches every settings.* action; a full name matches itself
    if (q.action) add((n) => `(action = ${n} OR action LIKE ${n} || '.%')`, q.action);
    if (q.actor) add((n) => `(actor = ${n} OR lower(actor_label) = lower(${n}))`, q.actor);
    if (q.from) add((n) => `at >= ${n}`, q.from);
    if (q.to) add((n) => `at < ${n}`, q.to);
    if (q.before) {
      const [micros, id] = q.before.split('.');
      params.push(micros, id);
      where.push(`(at, id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::bigint)`);
    }
    params.push(q.limit + 1);
    const rows = (await this.ds.query(`SELECT ${COLUMNS} FROM audit_event WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${params.length}`, params)) as Array<
      AuditEventRow & { atMicros: string }
    >;
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(({ atMicros: _, ...r }) => r), nextCursor: more && last ? `${last.atMicros}.${last.id}` : null };
  }
}
