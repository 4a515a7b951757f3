import { Channel, CONSENT_CHANNEL, MESSAGE_CHANNELS } from '../actions.types';

// The per-client guards of client-guards.ts for a whole batch, as one SELECT yielding
// (client_id, reason) for every id in an array parameter. Identifiers come from closed maps
// keyed by channel; every value is a bound parameter.

const ADDRESS_SQL: Record<Channel, string> = {
  email: `nullif(btrim(c.email), '')`,
  mailchimp: `nullif(btrim(c.email), '')`,
  sms: `nullif(btrim(c.phone), '')`,
  push: `'push'`,
};

const BOOKING_CONSENT_SQL: Record<Channel, string> = {
  email: 'c.email_consent',
  mailchimp: 'c.email_consent',
  sms: 'c.sms_consent',
  push: 'NULL::boolean',
};

/** Statuses of a touch that count as a contact for the frequency cap. */
export const CONTACT_STATUSES = ['sending', 'sent', 'delivered', 'opened', 'clicked', 'replied'];

/**
 * Marketing messages (email, SMS, push) that reached or are reaching a client since a time: what
 * the frequency cap counts. Staff tasks are exempt (actions.md).
 */
export function contactsSinceSql(clientIdExpr: string, sinceParam: string): string {
  return `(SELECT count(*) FROM touch ct
            WHERE ct.client_id = ${clientIdExpr} AND ct.marketing AND ct.claimed_at > ${sinceParam}::timestamptz
              AND ct.channel IN ('email', 'sms', 'push')
              AND ct.status IN (${CONTACT_STATUSES.map((s) => `'${s}'`).join(', ')}))`;
}

export interface GuardSqlParams {
  businessId: string;
  clientIds: string[];
  channel: Channel;
  marketing: boolean;
  includeSleeping: boolean;
  /** Transactional only: an admin's audited override reaches clients who withdrew consent too. */
  consentOverride?: boolean;
  unknownConsent: boolean;
  frequencyCap: { max: number; days: number } | null;
  now: Date;
}

/**
 * `SELECT client_id, client_exists, reason` for every id in the batch. `firstParam` is the
 * number of the first placeholder it may use; it returns its parameters in order.
 */
export function clientGuardSql(p: GuardSqlParams, firstParam = 1): { sql: string; params: unknown[] } {
  const n = (i: number) => `$${firstParam + i}`;
  const cap = p.frequencyCap && MESSAGE_CHANNELS.has(p.channel) ? p.frequencyCap : null;
  const since = cap ? new Date(p.now.getTime() - cap.days * 86_400_000) : null;
  const sql = `
    SELECT i.client_id,
           c.id IS NOT NULL AS client_exists,
           CASE
             WHEN c.id IS NULL THEN 'client_not_found'
             WHEN ${ADDRESS_SQL[p.channel]} IS NULL THEN 'no_address'
             WHEN NOT ${n(3)}::boolean AND ${n(8)}::boolean THEN NULL
             -- transactional: no marketing consent needed, but a withdrawal in the ledger holds
             WHEN NOT ${n(3)}::boolean THEN
               CASE WHEN NOT l.granted THEN CASE WHEN l.source IN ('unsubscribe_link', 'sms_keyword') THEN 'unsubscribed' ELSE 'opted_out' END END
             WHEN NOT coalesce(l.granted, ${BOOKING_CONSENT_SQL[p.channel]}, ${n(5)}::boolean) THEN
               CASE WHEN l.granted IS NULL THEN 'no_consent'
                    WHEN l.source IN ('unsubscribe_link', 'sms_keyword') THEN 'unsubscribed'
                    ELSE 'opted_out' END
             WHEN coalesce(pref.sleeping, false) AND NOT ${n(4)}::boolean THEN 'sleeping'
             WHEN ${n(6)}::int IS NOT NULL AND ${contactsSinceSql('c.id', n(7))} >= ${n(6)}::int THEN 'frequency_cap'
           END AS reason
      FROM unnest(${n(1)}::bigint[]) AS i(client_id)
      LEFT JOIN client c ON c.id = i.client_id AND c.business_id = ${n(0)} AND c.deleted_at IS NULL
      LEFT JOIN client_contact_pref pref ON pref.client_id = c.id AND pref.business_id = ${n(0)}
      LEFT JOIN LATERAL (
        SELECT e.granted, e.source FROM consent_event e
         WHERE e.client_id = c.id AND e.business_id = ${n(0)} AND e.channel = ${n(2)}
         ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1
      ) l ON true`;
  return {
    sql,
    params: [p.businessId, p.clientIds, CONSENT_CHANNEL[p.channel], p.marketing, p.includeSleeping, p.unknownConsent, cap?.max ?? null, since, !p.marketing && !!p.consentOverride],
  };
}
