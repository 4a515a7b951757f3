import { EntityManager } from 'typeorm';

// Derived per-client columns that rules and segment conditions read instead of history
// (quality.md: a maintained last_visit_on and weekly rollups turn minutes into seconds).
// Each refresh recomputes from the source rows for just the touched clients, through
// index lookups, so it is correct for inserts, updates and moved rows alike.

/** pairs: (client_id, visited_on) touched by a write, before and after. */
export async function refreshVisitDerived(m: EntityManager, businessId: string, pairs: Array<[string, string]>): Promise<void> {
  const clientIds = pairs.map((p) => p[0]);
  const days = pairs.map((p) => p[1]);
  await m.query(
    `WITH p AS (
       SELECT DISTINCT client_id, date_trunc('week', d)::date AS wk
         FROM unnest($2::bigint[], $3::date[]) AS x(client_id, d)
     )
     INSERT INTO client_visit_week AS w (business_id, client_id, week_start, visit_days)
     SELECT $1, p.client_id, p.wk,
            (SELECT count(DISTINCT v.visited_on) FROM visit v
              WHERE v.client_id = p.client_id AND v.visited_on >= p.wk AND v.visited_on < p.wk + 7)
       FROM p ORDER BY p.client_id, p.wk
     ON CONFLICT (client_id, week_start) DO UPDATE SET visit_days = EXCLUDED.visit_days
     WHERE w.visit_days IS DISTINCT FROM EXCLUDED.visit_days`,
    [businessId, clientIds, days],
  );
  await m.query(
    `UPDATE client c SET last_visit_on = x.last_on, first_visit_on = x.first_on, updated_at = now()
       FROM (SELECT ids.cid AS id,
                    (SELECT max(v.visited_on) FROM visit v WHERE v.client_id = ids.cid) AS last_on,
                    (SELECT min(v.visited_on) FROM visit v WHERE v.client_id = ids.cid) AS first_on
               FROM (SELECT DISTINCT unnest($2::bigint[]) AS cid) ids) x
      WHERE c.id = x.id AND c.business_id = $1
        AND (c.last_visit_on, c.first_visit_on) IS DISTINCT FROM (x.last_on, x.first_on)`,
    [businessId, [...new Set(clientIds)]],
  );
}

/** registered_at = local midnight of the first subscription ever started (risk.md). */
export async function refreshRegistration(m: EntityManager, businessId: string, clientIds: string[]): Promise<void> {
  await m.query(
    `UPDATE client c SET registered_at = x.reg, updated_at = now()
       FROM (SELECT ids.cid AS id,
                    (SELECT min(s.starts_on) FROM subscription s WHERE s.client_id = ids.cid)::timestamp
                      AT TIME ZONE (SELECT b.timezone FROM business b WHERE b.id = $1) AS reg
               FROM unnest($2::bigint[]) AS ids(cid)) x
      WHERE c.id = x.id AND c.business_id = $1 AND c.registered_at IS DISTINCT FROM x.reg`,
    [businessId, clientIds],
  );
}
