import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { actualSql, clientHasRowsSql, CompileContext, defineCondition } from '../../segments';
import { CONSENT_CHANNELS, ConsentChannel } from '../actions.types';
import { DEFAULT_MESSAGING_SETTINGS } from '../settings/messaging-settings';

class ConsentParams {
  @IsIn(CONSENT_CHANNELS, { message: `channel must be one of ${CONSENT_CHANNELS.join(', ')}` })
  channel!: ConsentChannel;

  /** true (default): may be contacted; false: may not. */
  @IsOptional()
  @IsBoolean({ message: 'granted must be true or false' })
  granted?: boolean;
}

// The booking system's consent column per channel (closed map: never user input).
const BOOKING_CONSENT: Record<ConsentChannel, string> = { email: 'c.email_consent', sms: 'c.sms_consent', push: 'NULL::boolean' };

/** The ledger rows of the channel for the business (consent_event_business_idx; hashed once per statement). */
const ledger = (p: ConsentParams, ctx: CompileContext) => ({
  from: 'consent_event e',
  client: 'e.client_id',
  where: [`e.business_id = ${ctx.businessId}`, `e.channel = ${ctx.params.bind(p.channel, 'text')}`],
});

/** The business's "unknown consent" setting for the channel, read once per statement. */
const unknownSql = (p: ConsentParams, ctx: CompileContext) =>
  `COALESCE((SELECT (b_.settings #>> ARRAY['messaging', 'unknownConsent', ${ctx.params.bind(p.channel, 'text')}])::boolean FROM business b_ WHERE b_.id = ${ctx.businessId}), ${ctx.params.bind(
    DEFAULT_MESSAGING_SETTINGS.unknownConsent[p.channel],
    'boolean',
  )})`;

/**
 * Current consent exactly as the send guards decide it (guard-sql.ts): the latest consent-ledger
 * entry for the channel; without one, the booking system's flag; without that, the business's
 * "unknown consent" setting. Both ledger sets are grouped by client once per statement.
 */
export const consentCondition = defineCondition({
  type: 'consent',
  label: 'Consent',
  group: 'messaging',
  description: 'may (or may not) be contacted on the channel: the latest opt-in or opt-out, else the booking system, else the business setting',
  params: [
    { name: 'channel', label: 'Channel', type: 'enum', required: true, values: CONSENT_CHANNELS },
    { name: 'granted', label: 'Consent given', type: 'boolean', required: false },
  ],
  dto: ConsentParams,
  neverNull: true,
  compile: (p, ctx) => {
    const granted = p.granted ?? true;
    // the latest entry per client, as the guards' LATERAL ... LIMIT 1 reads it
    const latestIs = clientHasRowsSql(ledger(p, ctx), `(array_agg(e.granted ORDER BY e.recorded_at DESC, e.id DESC))[1] = ${ctx.params.bind(granted, 'boolean')}`);
    const anyEntry = clientHasRowsSql(ledger(p, ctx));
    return `(${latestIs} OR (NOT ${anyEntry} AND COALESCE(${BOOKING_CONSENT[p.channel]}, ${unknownSql(p, ctx)}) = ${ctx.params.bind(granted, 'boolean')}))`;
  },
  // the consent in force and where it comes from
  actual: (p, ctx) =>
    `(SELECT ${actualSql('COALESCE(l.granted, b.consent, u.consent)', {
      source: `CASE WHEN l.granted IS NOT NULL THEN l.source WHEN b.consent IS NOT NULL THEN 'booking_system' ELSE 'business_default' END`,
      recordedAt: 'l.recorded_at',
    })}
       FROM (SELECT ${BOOKING_CONSENT[p.channel]} AS consent) b
       CROSS JOIN (SELECT ${unknownSql(p, ctx)} AS consent) u
       LEFT JOIN LATERAL (SELECT e.granted, e.source, e.recorded_at FROM consent_event e
                           WHERE e.client_id = c.id AND e.business_id = ${ctx.businessId} AND e.channel = ${ctx.params.bind(p.channel, 'text')}
                           ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1) l ON true)`,
});
