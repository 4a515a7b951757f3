import { BlockReason, Channel, ConsentChannel, ConsentSource, MESSAGE_CHANNELS } from '../actions.types';

// The per-client guards of one send, as a pure reference. guard-sql.ts evaluates the same rules
// for a whole batch in one statement; a test holds the two to the same answers.

export interface ClientGuardFacts {
  /** The client exists in the business and is not deleted. */
  exists: boolean;
  /** The channel's address (email, phone); push and Mailchimp-by-email need theirs too. */
  address: string | null;
  /** The latest consent ledger entry for the channel, if any. */
  ledger: { granted: boolean; source: ConsentSource } | null;
  /** client.email_consent / sms_consent from the booking system (null: unknown). */
  bookingConsent: boolean | null;
  sleeping: boolean;
  /** Marketing messages (email, SMS, push) claimed for this client within the cap window. */
  recentContacts: number;
}

export interface ClientGuardPolicy {
  channel: Channel;
  marketing: boolean;
  /** Transactional only: an admin's audited override reaches clients who withdrew consent too. */
  consentOverride?: boolean;
  /** Sleeping members are skipped unless a campaign deliberately includes them. */
  includeSleeping: boolean;
  unknownConsent: boolean;
  frequencyCap: { max: number; days: number } | null;
}

type ConsentState = { granted: boolean; from: 'ledger'; source: ConsentSource } | { granted: boolean; from: 'booking_system' | 'default' };

/** Current consent: the ledger's latest word, else the booking system's flag, else the default. */
export function currentConsent(ledger: ClientGuardFacts['ledger'], bookingConsent: boolean | null, unknownConsent: boolean): ConsentState {
  if (ledger) return { granted: ledger.granted, from: 'ledger', source: ledger.source };
  if (bookingConsent !== null) return { granted: bookingConsent, from: 'booking_system' };
  return { granted: unknownConsent, from: 'default' };
}

const UNSUBSCRIBE_SOURCES: ReadonlySet<ConsentSource> = new Set<ConsentSource>(['unsubscribe_link', 'sms_keyword']);

/** Why this client must not get this send, or null. Checked in this order; the first wins. */
export function clientBlockReason(f: ClientGuardFacts, p: ClientGuardPolicy): BlockReason | null {
  if (!f.exists) return 'client_not_found';
  if (p.channel !== 'push' && !f.address) return 'no_address';
  if (!p.marketing) {
    // transactional: no marketing consent needed, but the client's own withdrawal holds unless
    // an admin overrode it (with a reason, in the audit trail)
    if (p.consentOverride || !f.ledger || f.ledger.granted) return null;
    return UNSUBSCRIBE_SOURCES.has(f.ledger.source) ? 'unsubscribed' : 'opted_out';
  }
  const consent = currentConsent(f.ledger, f.bookingConsent, p.unknownConsent);
  if (!consent.granted) {
    if (consent.from === 'ledger') return UNSUBSCRIBE_SOURCES.has(consent.source) ? 'unsubscribed' : 'opted_out';
    return 'no_consent';
  }
  if (f.sleeping && !p.includeSleeping) return 'sleeping';
  if (p.frequencyCap && MESSAGE_CHANNELS.has(p.channel) && f.recentContacts >= p.frequencyCap.max) return 'frequency_cap';
  return null;
}

export type { ConsentChannel };
