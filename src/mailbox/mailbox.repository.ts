import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailboxItemDto, MailboxMessageDto } from './dto/mailbox.dto';
import { UUID } from '../common/row-id';

interface NewMailboxMessage {
  /** X-Comeback-Business as received: kept only when it names a business. */
  businessId: string | null;
  from: string;
  to: string;
  recipients: string[];
  subject: string;
  html: string | null;
  text: string | null;
}

const ITEM = `m.id::text AS id, m.from_address AS "from", m.to_address AS "to", m.subject, m.received_at AS "receivedAt"`;

/**
 * mailbox_message: what the demo's SMTP sink received. Reads are scoped by business; a message
 * without a business is never read. `onlyTo` narrows to mail addressed to one of those
 * addresses (a staff member sees only their own).
 */
@Injectable()
export class MailboxRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: NewMailboxMessage): Promise<string> {
    const businessId = m.businessId && UUID.test(m.businessId) ? m.businessId : null;
    const [row] = await this.ds.query(
      `INSERT INTO mailbox_message (business_id, from_address, to_address, recipients, subject, html, text)
       VALUES ((SELECT id FROM business WHERE id = $1::uuid), $2, $3, $4::text[], $5, $6, $7) RETURNING id::text AS id`,
      [businessId, m.from, m.to, m.recipients.map((r) => r.toLowerCase()), m.subject, m.html, m.text],
    );
    return row.id;
  }

  async page(businessId: string, opts: { limit: number; after?: string; onlyTo: string[] | null }): Promise<{ items: MailboxItemDto[]; nextCursor: string | null }> {
    const rows: MailboxItemDto[] = await this.ds.query(
      `SELECT ${ITEM} FROM mailbox_message m
        WHERE m.business_id = $1 AND ($2::bigint IS NULL OR m.id < $2::bigint)
          AND ($3::text[] IS NULL OR m.recipients && $3::text[])
        ORDER BY m.id DESC LIMIT $4`,
      [businessId, opts.after ?? null, opts.onlyTo?.map((a) => a.toLowerCase()) ?? null, opts.limit + 1],
    );
    const more = rows.length > opts.limit;
    const items = more ? rows.slice(0, opts.limit) : rows;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }

  async find(businessId: string, id: string, onlyTo: string[] | null): Promise<MailboxMessageDto | undefined> {
    const [row] = await this.ds.query(
      `SELECT ${ITEM}, m.html, m.text FROM mailbox_message m
        WHERE m.business_id = $1 AND m.id = $2::bigint AND ($3::text[] IS NULL OR m.recipients && $3::text[])`,
      [businessId, id, onlyTo?.map((a) => a.toLowerCase()) ?? null],
    );
    return row;
  }

  /** The addresses a staff caller's own mail goes to: its user's email and its staff record's. */
  async ownAddresses(businessId: string, userId: string | null, staffId: string | null): Promise<string[]> {
    const [row] = await this.ds.query(
      `SELECT array_remove(ARRAY[
                (SELECT lower(u.email) FROM app_user u WHERE u.id = $2::uuid AND u.business_id = $1),
                (SELECT lower(btrim(s.email)) FROM staff s WHERE s.id = $3::bigint AND s.business_id = $1)], NULL) AS addresses`,
      [businessId, userId, staffId],
    );
    return row.addresses;
  }
}
