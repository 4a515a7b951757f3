import { EntityManager } from 'typeorm';
import { ClientChange } from './ingest.types';
import { refreshRegistration, refreshVisitDerived } from './derived-columns';

// Folding one client into another: a source merged two profiles (Mindbody's
// clientProfileMerger), or a placeholder made for an alternate id nobody had yet (an event
// naming its client only by Mindbody's editable id) met the real client. The source history
// (subscriptions with their freezes, quotas, bookings, visits, sales, invoices) moves to the
// kept client; the other is retired: deleted as of the merge, its alternate id released so
// it no longer resolves. What Comeback derived or did about the retired client (statuses,
// touches, tasks) stays with it: it describes that profile, and the kept one is re-assessed
// from the history it now holds.

/** Prefix of the placeholder client made for an alternate id nobody has yet. */
export const ALT_PLACEHOLDER_PREFIX = 'alt:';

// the canonical tables whose rows belong to a client through client_id (a freeze follows its subscription)
const HISTORY_TABLES = ['subscription', 'quota', 'booking', 'visit', 'sale', 'invoice'] as const;
const HISTORY_KINDS: ClientChange['kinds'] = ['subscription', 'quota', 'booking', 'visit', 'sale', 'invoice'];

export interface ClientMergePair {
  /** Internal ids. */
  fromId: string;
  intoId: string;
}

/**
 * Moves every pair's history in set-based statements and retires the `from` clients at
 * `retiredAt` (a timestamptz text, or null for now()). Returns the changes to publish.
 */
export async function mergeClients(m: EntityManager, businessId: string, pairs: ClientMergePair[], retiredAt: string | null = null): Promise<ClientChange[]> {
  const valid = pairs.filter((p) => p.fromId !== p.intoId);
  if (!valid.length) return [];
  const from = valid.map((p) => p.fromId);
  const into = valid.map((p) => p.intoId);
  for (const table of HISTORY_TABLES) {
    const moved: Array<{ client_id: string; old_client_id: string; visited_on?: string }> = await m.query(
      // a SELECT around the UPDATE: the driver answers a bare UPDATE with [rows, count]
      `WITH p AS (SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS p(from_id, into_id)),
       up AS (UPDATE ${table} t SET client_id = p.into_id FROM p
               WHERE t.business_id = $1 AND t.client_id = p.from_id
              RETURNING t.client_id::text AS client_id, p.from_id::text AS old_client_id${table === 'visit' ? ', t.visited_on::text AS visited_on' : ''})
       SELECT * FROM up`,
      [businessId, from, into],
    );
    if (table === 'visit' && moved.length) {
      await refreshVisitDerived(
        m,
        businessId,
        moved.map((v) => ({ clientId: v.client_id, day: v.visited_on!, oldClientId: v.old_client_id, oldDay: v.visited_on! })),
      );
    }
  }
  await refreshRegistration(m, businessId, [...new Set([...from, ...into])]);
  await m.query(
    `UPDATE client SET deleted_at = COALESCE(deleted_at, COALESCE($3::timestamptz, now())), alt_external_id = NULL, updated_at = now()
      WHERE business_id = $1 AND id = ANY($2::bigint[])`,
    [businessId, from, retiredAt],
  );
  return [...[...new Set(into)].map((clientId): ClientChange => ({ clientId, kinds: [...HISTORY_KINDS] })), ...[...new Set(from)].map((clientId): ClientChange => ({ clientId, kinds: ['client'] }))];
}
