import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentChannel, ConsentSource } from '../actions.types';

interface ConsentEntry {
  channel: ConsentChannel;
  granted: boolean;
  source: ConsentSource;
  evidence: Record<string, unknown>;
  recordedAt: Date;
}

/** The consent ledger and the sleeping-member flag; every statement scoped by business_id. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Appends one entry per client of the business in `clientIds` (others are ignored). With
   * `onlyIfChanged`, a client whose latest ledger entry for the channel already says `granted`
   * gets no new one, so a repeated STOP or a second click on an unsubscribe link does not grow
   * the ledger.
   * Returns the client ids that got an entry.
   */
  async record(
    businessId: string,
    clientIds: string[],
    e: { channel: ConsentChannel; granted: boolean; source: ConsentSource; evidence: Record<string, unknown>; onlyIfChanged?: boolean },
    q: EntityManager | DataSource = this.ds,
  ): Promise<string[]> {
    if (!clientIds.length) return [];
    const rows = await q.query(
      `INSERT INTO consent_event (business_id, client_id, channel, granted, source, evidence)
       SELECT $1, c.id, $3, $4, $5, $6
         FROM client c
         LEFT JOIN LATERAL (SELECT granted FROM consent_event x WHERE x.client_id = c.id AND x.channel = $3
                             ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1) l ON true
        WHERE c.business_id = $1 AND c.id = ANY($2::bigint[])
          AND (NOT $7::boolean OR l.granted IS DISTINCT FROM $4)
       RETURNING client_id::text AS id`,
      [businessId, clientIds, e.channel, e.granted, e.source, e.evidence, e.onlyIfChanged ?? false],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * Runs `work` once per Twilio message: the message's SID is recorded for the business in the
   * same transaction, so a replayed or redelivered SID (or two deliveries racing) does nothing
   * and answers false. Twilio's webhooks carry no time, so receipt order is message order.
   */
  async oncePerSmsMessage(businessId: string, kind: 'inbound' | 'opt_out_error', messageSid: string, work: (q: EntityManager) => Promise<unknown>): Promise<boolean> {
    return this.ds.transaction(async (q) => {
      const fresh = await q.query(`INSERT INTO sms_message_seen (business_id, kind, message_sid) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`, [businessId, kind, messageSid]);
      if (!fresh.length) return false;
      await work(q);
      return true;
    });
  }

  /** Clients of the business whose phone is this number (digits compared, + and spaces ignored). */
  async clientsByPhone(businessId: string, phone: string): Promise<string[]> {
    const digits = phone.replace(/\D/g, '');
    if (digits.length < 6) return [];
    const rows = await this.ds.query(
      `SELECT id::text AS id FROM client
        WHERE business_id = $1 AND phone IS NOT NULL AND deleted_at IS NULL
          AND (regexp_replace(phone, '\\D', '', 'g') = $2
               -- a number stored without its country code (national form, trunk 0 dropped)
               OR (phone !~ '^\\s*(\\+|00)' AND length(ltrim(regexp_replace(phone, '\\D', '', 'g'), '0')) >= 7
                   AND $2 LIKE '%' || ltrim(regexp_replace(phone, '\\D', '', 'g'), '0')))`,
      [businessId, digits],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  /** Current consent per channel and the ledger, newest first; undefined for an unknown client. */
  async forClient(
    businessId: string,
    clientId: string,
    unknownConsent: Record<ConsentChannel, boolean>,
  ): Promise<{ current: Record<ConsentChannel, { granted: boolean; from: string; source: string | null; since: Date | null }>; ledger: ConsentEntry[] } | undefined> {
    const [client] = await this.ds.query(`SELECT email_consent, sms_consent FROM client WHERE business_id = $1 AND id = $2`, [businessId, clientId]);
    if (!client) return undefined;
    const ledger: ConsentEntry[] = await this.ds.query(
      `SELECT channel, granted, source, evidence, recorded_at AS "recordedAt" FROM consent_event
        WHERE business_id = $1 AND client_id = $2 ORDER BY recorded_at DESC, id DESC LIMIT 500`,
      [businessId, clientId],
    );
    const booking: Record<ConsentChannel, boolean | null> = { email: client.email_consent, sms: client.sms_consent, push: null };
    const current = {} as Record<ConsentChannel, { granted: boolean; from: string; source: string | null; since: Date | null }>;
    for (const ch of ['email', 'sms', 'push'] as ConsentChannel[]) {
      const latest = ledger.find((l) => l.channel === ch);
      current[ch] = latest
        ? { granted: latest.granted, from: 'ledger', source: latest.source, since: latest.recordedAt }
        : booking[ch] !== null
          ? { granted: booking[ch]!, from: 'booking_system', source: null, since: null }
          : { granted: unknownConsent[ch], from: 'default', source: null, since: null };
    }
    return { current, ledger };
  }

  async setSleeping(businessId: string, clientId: string, sleeping: boolean, note: string | null): Promise<{ sleeping: boolean; sleepingSince: Date | null; note: string | null } | undefined> {
    const [row] = await this.ds.query(
      `INSERT INTO client_contact_pref (client_id, business_id, sleeping, sleeping_since, note)
       SELECT c.id, c.business_id, $3, CASE WHEN $3 THEN now() END, $4 FROM client c WHERE c.business_id = $1 AND c.id = $2
       ON CONFLICT (client_id) DO UPDATE
          SET sleeping = EXCLUDED.sleeping, note = EXCLUDED.note, updated_at = now(),
              sleeping_since = CASE WHEN EXCLUDED.sleeping THEN coalesce(client_contact_pref.sleeping_since, now()) END
       RETURNING sleeping, sleeping_since AS "sleepingSince", note`,
      [businessId, clientId, sleeping, note],
    );
    return row;
  }

  async getPreferences(businessId: string, clientId: string): Promise<{ sleeping: boolean; sleepingSince: Date | null; note: string | null } | undefined> {
    const [row] = await this.ds.query(
      `SELECT coalesce(p.sleeping, false) AS sleeping, p.sleeping_since AS "sleepingSince", p.note
         FROM client c LEFT JOIN client_contact_pref p ON p.client_id = c.id WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, clientId],
    );
    return row;
  }

  /** The clients among these that the business marked as sleeping (not to be contacted automatically). */
  async sleepingAmong(businessId: string, clientIds: string[]): Promise<Set<string>> {
    if (!clientIds.length) return new Set();
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT client_id::text AS id FROM client_contact_pref WHERE business_id = $1 AND client_id = ANY($2::bigint[]) AND sleeping`, [
      businessId,
      clientIds,
    ]);
    return new Set(rows.map((r) => r.id));
  }
}
