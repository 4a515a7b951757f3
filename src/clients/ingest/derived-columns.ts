import { EntityManager } from 'typeorm';

// Derived per-client columns that rules and segment conditions read instead of history
// (quality.md: a maintained last_visit_on and weekly rollups turn minutes into seconds).
// Only rows a write actually changed are refreshed, so a redelivery costs nothing here.

/** One written visit: its (client, day) now, and before the write when it already existed. */
export interface VisitDayChange {
  clientId: string;
  day: string;
  oldClientId?: string;
  oldDay?: string;
}

export async function refreshVisitDerived(m: EntityManager, businessId: string, changes: VisitDayChange[]): Promise<void> {
  // every (client, week) a visit entered or left is recounted from the visit index
  const pairs: Array<[string, string]> = [];
  const moved = new Set<string>();
  for (const c of changes) {
    pairs.push([c.clientId, c.day]);
    if (c.oldDay !== undefined && c.oldClientId !== undefined && (c.oldDay !== c.day || c.oldClientId !== c.clientId)) {
      pairs.push([c.oldClientId, c.oldDay]);
      moved.add(c.oldClientId);
      moved.add(c.clientId);
    }
  }
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
    [businessId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );

  // New visits can only widen a client's first/last visit range, so the batch's own days are
  // enough; a client one of whose visits moved is recomputed from the visit index.
  const grow = changes.filter((c) => !moved.has(c.clientId));
  if (grow.length) {
    await m.query(
      `UPDATE client c SET last_visit_on = GREATEST(c.last_visit_on, x.last_on), first_visit_on = LEAST(c.first_visit_on, x.first_on)
         FROM (SELECT client_id, max(d) AS last_on, min(d) AS first_on
                 FROM unnest($2::bigint[], $3::date[]) AS u(client_id, d) GROUP BY client_id) x
        WHERE c.id = x.client_id AND c.business_id = $1
          AND (c.last_visit_on IS NULL OR c.last_visit_on < x.last_on OR c.first_visit_on IS NULL OR c.first_visit_on > x.first_on)`,
      [businessId, grow.map((c) => c.clientId), grow.map((c) => c.day)],
    );
  }
  if (moved.size) {
    await m.query(
      `UPDATE client c SET last_visit_on = x.last_on, first_visit_on = x.first_on
         FROM (SELECT ids.cid AS id,
                      (SELECT max(v.visited_on) FROM visit v WHERE v.client_id = ids.cid) AS last_on,
                      (SELECT min(v.visited_on) FROM visit v WHERE v.client_id = ids.cid) AS first_on
                 FROM unnest($2::bigint[]) AS ids(cid)) x
        WHERE c.id = x.id AND c.business_id = $1
          AND (c.last_visit_on, c.first_visit_on) IS DISTINCT FROM (x.last_on, x.first_on)`,
      [businessId, [...moved]],
    );
  }
}

/** registered_at = local midnight of the first subscription ever started (risk.md). */
export async function refreshRegistration(m: EntityManager, businessId: string, clientIds: string[]): Promise<void> {
  await m.query(
    `UPDATE client c SET registered_at = x.reg
       FROM (SELECT ids.cid AS id,
                    (SELECT min(s.starts_on) FROM subscription s WHERE s.client_id = ids.cid)::timestamp
                      AT TIME ZONE (SELECT b.timezone FROM business b WHERE b.id = $1) AS reg
               FROM unnest($2::bigint[]) AS ids(cid)) x
      WHERE c.id = x.id AND c.business_id = $1 AND c.registered_at IS DISTINCT FROM x.reg`,
    [businessId, clientIds],
  );
}
