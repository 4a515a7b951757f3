import { IsBoolean } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';

/**
 * Booking sources that resell the business's classes to their own subscribers (marketplaces and
 * corporate fitness networks). The client pays the aggregator, not the business, so a client who
 * only books through one is not a direct customer. Extend here; compared after normalising (see
 * aggregatorKey), so 'ClassPass', 'classpass' and 'Class-Pass' are one source. Deliberately not
 * here: the business's own channels (app, web, front_desk, online) and the Mindbody consumer app,
 * which sells the business's own passes.
 */
export const AGGREGATOR_SOURCES = [
  'classpass',
  'wellhub',
  'gympass', // Wellhub's former name
  'urban_sports_club',
  'onefit', // part of Urban Sports Club
  'egym_wellpass',
  'wellpass',
  'egym',
  'qualitrain', // EGYM Wellpass's former name
  'hansefit',
  'fitreserve',
  'peerfit',
  'myclubs',
  'hussle',
  'payasugym', // Hussle's former name
] as const;

/** Lower case without spaces, underscores, hyphens and dots; aggregatorKeySql must do the same. */
const aggregatorKey = (source: string): string => source.toLowerCase().replace(/[ _.-]/g, '');

/** aggregatorKey in SQL, for a booked_via column (translate is far cheaper than a regex per booking). */
const aggregatorKeySql = (column: string) => `translate(lower(${column}), ' _.-', '')`;

const AGGREGATOR_KEYS = [...new Set(AGGREGATOR_SOURCES.map(aggregatorKey))];

class AggregatorOnlyParams {
  @IsBoolean({ message: 'value must be true or false' })
  value!: boolean;
}

/**
 * true: at least one booking, and every booking came through an aggregator. A booking with no
 * booked_via (source did not say) counts as direct. false: the exact complement (no bookings, or
 * any direct booking).
 */
export const aggregatorOnlyCondition = defineCondition({
  type: 'aggregator_only',
  label: 'Aggregator-only',
  group: 'passes',
  description: 'only ever booked through an aggregator source (e.g. ClassPass), never directly (no = everyone else)',
  params: [{ name: 'value', label: 'Aggregator-only', type: 'boolean', required: true }],
  dto: AggregatorOnlyParams,
  neverNull: true,
  heavy: true,
  compile: (p, ctx) => {
    const keys = ctx.params.bind(AGGREGATOR_KEYS, 'text[]');
    // (a NULL booked_via is not an aggregator: false for a, true for "NOT ..." on d)
    const isAggregator = (b: string) => `${aggregatorKeySql(`${b}.booked_via`)} = ANY(${keys})`;
    // One EXISTS either way, so both yes and no can become a (semi / anti) join: an aggregator
    // booking of a client who has no direct one. Aggregator bookings are few, so the direct-booking
    // probe (booking_client_idx) runs for few clients.
    const onlyAggregator = `EXISTS (SELECT 1 FROM booking a WHERE a.client_id = c.id AND a.business_id = ${ctx.businessId} AND ${isAggregator('a')}
      AND NOT EXISTS (SELECT 1 FROM booking d WHERE d.client_id = a.client_id AND d.business_id = ${ctx.businessId} AND NOT COALESCE(${isAggregator('d')}, false)))`;
    return p.value ? onlyAggregator : `NOT ${onlyAggregator}`;
  },
  // whether the member is aggregator-only, with the bookings it was decided on
  actual: (_p, ctx) => {
    const isAggregator = `COALESCE(${aggregatorKeySql('b.booked_via')} = ANY(${ctx.params.bind(AGGREGATOR_KEYS, 'text[]')}), false)`;
    return `(SELECT ${actualSql(`(count(*) > 0 AND bool_and(${isAggregator}))`, {
      aggregatorBookings: `(count(*) FILTER (WHERE ${isAggregator}))::int`,
      directBookings: `(count(*) FILTER (WHERE NOT ${isAggregator}))::int`,
    })} FROM booking b WHERE b.client_id = c.id AND b.business_id = ${ctx.businessId})`;
  },
});
