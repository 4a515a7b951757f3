import { activeSubscriptionSql } from '../../clients';
import { GoalKind } from '../../campaigns';
import { regainedAtSql } from '../../recovery';

// The goal catalogue (spec/actions.md "Follow-up", docs/follow-up.md "Goals"): for each kind, the
// first goal event of one client inside one window, as the body of a LATERAL subquery.
//
// `w` names a row with: client_id, at (the exposure or touch instant), day (its business-local
// date), end_day (day + withinDays), ends_at (local midnight after end_day) and tz (the
// business's IANA zone). An event counts when it happens after `at` and on or before end_day:
// "within 14 days" means up to the end of the 14th local calendar day after the touch.
// Each fragment yields event_id, event_at (>= w.at) and event_day.
//
// The lookups are by client (the (client_id, day/time) indexes) and carry no business_id
// predicate on purpose: the client ids come from the business's own exposures and touches, and a
// business predicate lets the planner pick the (business_id, day) indexes on fresh statistics,
// reading every visit of the business once per exposure.

const BOOKING_AT = (b: string) => `COALESCE(${b}.booked_at, ${b}.created_at)`;
// a booking that still stands: cancelled and late-cancelled bookings are not a return
const STANDING = (b: string) => `${b}.state NOT IN ('cancelled', 'late_cancelled')`;

const FRAGMENTS: Record<GoalKind, (w: string) => string> = {
  // any check-in; visited_on is already the local day, and (client_id, visited_on) is indexed
  visit: (w) => `
    SELECT v.id AS event_id, v.visited_at AS event_at, v.visited_on AS event_day
      FROM visit v
     WHERE v.client_id = ${w}.client_id
       AND v.visited_on BETWEEN ${w}.day AND ${w}.end_day
       AND v.visited_at > ${w}.at AND v.visited_at < ${w}.ends_at
     ORDER BY v.visited_at, v.id LIMIT 1`,

  // a booking made in the window (booked_at; when the source does not send it, when Comeback
  // first stored it), for any date, that was not cancelled
  booking: (w) => `
    SELECT bk.id AS event_id, ${BOOKING_AT('bk')} AS event_at, (${BOOKING_AT('bk')} AT TIME ZONE ${w}.tz)::date AS event_day
      FROM booking bk
     WHERE bk.client_id = ${w}.client_id AND ${STANDING('bk')}
       AND bk.starts_at > ${w}.at - interval '1 day'
       AND ${BOOKING_AT('bk')} > ${w}.at AND ${BOOKING_AT('bk')} < ${w}.ends_at
     ORDER BY 2, 1 LIMIT 1`,

  // the risk status moved up to Loving it (or Raving Fan) from anything below it
  status_loving_it: (w) => `
    SELECT sc.id AS event_id, sc.changed_at AS event_at, (sc.changed_at AT TIME ZONE ${w}.tz)::date AS event_day
      FROM status_change sc
     WHERE sc.client_id = ${w}.client_id
       AND sc.to_status IN ('loving_it', 'raving_fan')
       AND (sc.from_status IS NULL OR sc.from_status NOT IN ('loving_it', 'raving_fan'))
       AND sc.changed_at > ${w}.at AND sc.changed_at < ${w}.ends_at
     ORDER BY sc.changed_at, sc.id LIMIT 1`,

  // a standing booking made in the window in a service category the client had booked (made or
  // attended, not cancelled) before the touch
  rebooking_same_category: (w) => `
    SELECT bk.id AS event_id, ${BOOKING_AT('bk')} AS event_at, (${BOOKING_AT('bk')} AT TIME ZONE ${w}.tz)::date AS event_day
      FROM booking bk
     WHERE bk.client_id = ${w}.client_id AND ${STANDING('bk')}
       AND bk.service_category IS NOT NULL
       AND bk.starts_at > ${w}.at - interval '1 day'
       AND ${BOOKING_AT('bk')} > ${w}.at AND ${BOOKING_AT('bk')} < ${w}.ends_at
       AND EXISTS (SELECT 1 FROM booking b0
                    WHERE b0.client_id = ${w}.client_id AND b0.id <> bk.id
                      AND b0.service_category = bk.service_category AND b0.state <> 'cancelled'
                      AND COALESCE(b0.booked_at, b0.starts_at) < ${w}.at)
     ORDER BY 2, 1 LIMIT 1`,

  // a subscription starting on a day of the window (the touch's own day included: starts_on has
  // no time) for a client who had no active subscription (segments.md) on the touch's day among
  // those begun before it; the conversion instant is the later of its start and the touch.
  // Or a recovery entry regained in the window (by hand or on a new contract: a cancelled member
  // whose old contract still runs counts too); its event id is negated so it never equals a
  // subscription's id in the per-event crediting
  regained_contract: (w) => `
    SELECT g.event_id, g.event_at, g.event_day FROM (
      (SELECT s.id AS event_id, GREATEST((s.starts_on::timestamp AT TIME ZONE ${w}.tz), ${w}.at) AS event_at, s.starts_on AS event_day
         FROM subscription s
        WHERE s.client_id = ${w}.client_id
          AND s.starts_on BETWEEN ${w}.day AND ${w}.end_day
          AND NOT EXISTS (SELECT 1 FROM subscription s0
                           WHERE s0.client_id = ${w}.client_id
                             AND s0.starts_on < ${w}.day AND ${activeSubscriptionSql('s0', `${w}.day`)})
        ORDER BY s.starts_on, s.id LIMIT 1)
      UNION ALL
      (SELECT -re.id, ${regainedAtSql('re')}, (${regainedAtSql('re')} AT TIME ZONE ${w}.tz)::date
         FROM recovery_entry re
        WHERE re.client_id = ${w}.client_id AND re.outcome = 'regained'
          AND re.outcome_at > ${w}.at AND re.outcome_at < ${w}.ends_at
        ORDER BY re.outcome_at, re.id LIMIT 1)
    ) g ORDER BY g.event_at, g.event_id LIMIT 1`,

  // a sale with a positive amount (refunds are negative)
  purchase: (w) => `
    SELECT sa.id AS event_id, sa.sold_at AS event_at, (sa.sold_at AT TIME ZONE ${w}.tz)::date AS event_day
      FROM sale sa
     WHERE sa.client_id = ${w}.client_id AND sa.amount > 0
       AND sa.sold_at > ${w}.at AND sa.sold_at < ${w}.ends_at
     ORDER BY sa.sold_at, sa.id LIMIT 1`,
};

/** The first goal event of `w`'s client in `w`'s window (LATERAL body). */
export function firstEventSql(kind: GoalKind, w: string): string {
  const fragment = FRAGMENTS[kind];
  if (!fragment) throw new Error(`unknown goal kind ${kind}`);
  return fragment(w);
}
