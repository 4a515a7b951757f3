import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLIENT_PERSONAL_SET, CLIENT_TABLES, ERASED_TEXT } from './personal-data.tables';
import { ErasureResult } from './privacy.types';

/**
 * Erases one client's personal data in one transaction across the modules' tables (docs/privacy.md
 * says why this one writer crosses module lines). Rows stay, so every count (visits, touches,
 * outcomes, statuses, conversions) stays; their words and the client's personal fields go.
 * client.erased_at and its trigger keep the fields empty whatever writes the row later.
 */
@Injectable()
export class ClientErasureRepository {
  constructor(private readonly ds: DataSource) {}

  /** Undefined when the business has no such client; `record` runs in the same transaction. */
  erase(businessId: string, clientId: string, record: (m: EntityManager, r: ErasureResult) => Promise<void>): Promise<ErasureResult | undefined> {
    return this.ds.transaction(async (m) => {
      const [c] = await m.query(`SELECT id, email, erased_at FROM client WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, clientId]);
      if (!c) return undefined;
      const cleared: Record<string, number> = {};
      const count = async (name: string, sql: string, params: unknown[]) => {
        const [, n] = (await m.query(sql, params)) as [unknown, number];
        if (n > 0) cleared[name] = n;
      };
      // the words went into messages and the inbox before the client row forgets the address; the
      // address is matched as a whole JSON string, so ann@gym.test never matches joann@gym.test
      if (c.email) {
        await count('mailbox_message', `DELETE FROM mailbox_message WHERE business_id = $1 AND lower($2) = ANY (SELECT lower(r) FROM unnest(recipients) r)`, [businessId, c.email]);
        await count(
          'event_inbox',
          `UPDATE event_inbox SET payload = '{"erased": true}'::jsonb, raw_body = NULL
            WHERE business_id = $1 AND processed_at IS NOT NULL AND strpos(lower(coalesce(raw_body, payload::text)), '"' || lower($2) || '"') > 0`,
          [businessId, c.email],
        );
      }
      // a manual send to this client alone: its template may have been written for the person
      await count(
        'action_run',
        `UPDATE action_run r SET template = '{"erased": true}'::jsonb
          WHERE r.business_id = $1 AND r.campaign_id IS NULL AND r.automation_id IS NULL AND r.template <> '{"erased": true}'::jsonb
            AND EXISTS (SELECT 1 FROM touch t WHERE t.business_id = $1 AND t.run_id = r.id AND t.client_id = $2)
            AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.business_id = $1 AND t.run_id = r.id AND t.client_id <> $2)`,
        [businessId, clientId],
      );
      // recovery's history has no client_id: its notes are what staff wrote about the member and an
      // outcome's reason may be too; the rows stay (the history keeps its shape), their words go
      await count(
        'recovery_entry_event',
        `UPDATE recovery_entry_event ev
            SET data = CASE ev.kind WHEN 'note' THEN jsonb_build_object('text', $3::text) ELSE ev.data || '{"reason": null}'::jsonb END
          WHERE ev.business_id = $1 AND ev.entry_id IN (SELECT e.id FROM recovery_entry e WHERE e.business_id = $1 AND e.client_id = $2)
            AND ((ev.kind = 'note' AND ev.data IS DISTINCT FROM jsonb_build_object('text', $3::text)) OR (ev.kind = 'outcome' AND ev.data->>'reason' IS NOT NULL))`,
        [businessId, clientId, ERASED_TEXT],
      );
      for (const [table, spec] of Object.entries(CLIENT_TABLES)) {
        if (spec.erase) await count(table, `UPDATE "${table}" SET ${spec.erase} WHERE business_id = $1 AND client_id = $2`, [businessId, clientId]);
      }
      const [[row]] = (await m.query(
        `UPDATE client SET ${CLIENT_PERSONAL_SET}, erased_at = coalesce(erased_at, now()), updated_at = now()
          WHERE business_id = $1 AND id = $2 RETURNING erased_at`,
        [businessId, clientId],
      )) as [Array<{ erased_at: Date }>, number];
      const result: ErasureResult = { clientId: String(clientId), erasedAt: row.erased_at, alreadyErased: c.erased_at !== null, cleared };
      await record(m, result);
      return result;
    });
  }
}
