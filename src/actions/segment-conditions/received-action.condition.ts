import { actualSql, clientHasRowsSql, defineCondition, timestampInWindowSql } from '../../segments';
import { CONTACT_STATUSES } from '../guards/guard-sql';
import { TouchSourceParams, touchSourceFilters, touchSourceParamSpecs } from './touch-source.params';

const RECEIVED = CONTACT_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Got a message from the campaign / automation (or any) in the window: a touch that was handed
 * to the channel (claimed for sending, as the frequency cap counts it) on a local day of the
 * window and did not fail. So a campaign can leave out whoever it (or another) reached lately.
 * Read from the touch_received_* indexes (migration MessagingSegmentConditions).
 */
export const receivedActionCondition = defineCondition({
  type: 'received_action',
  label: 'Received action',
  group: 'messaging',
  description: 'got a message from the campaign or automation (or from any) in the window',
  params: touchSourceParamSpecs('Received in'),
  dto: TouchSourceParams,
  neverNull: true,
  heavy: true,
  compile: (p, ctx) => clientHasRowsSql({ from: 'touch t', client: 't.client_id', where: where(p, ctx) }),
  // how many such messages, and the latest
  actual: (p, ctx) => `(SELECT ${actualSql('count(*)::int', { lastReceivedAt: 'max(t.claimed_at)' })} FROM touch t WHERE t.client_id = c.id AND ${where(p, ctx).join(' AND ')})`,
});

function where(p: TouchSourceParams, ctx: Parameters<typeof touchSourceFilters>[2]): string[] {
  return [...touchSourceFilters('t', p, ctx), `t.status IN (${RECEIVED})`, timestampInWindowSql('t.claimed_at', p.window, ctx)];
}
