import { actualSql, clientHasRowsSql, CompileContext, defineCondition, timestampInWindowSql } from '../../segments';
import { TouchSourceParams, touchSourceFilters, touchSourceParamSpecs } from './touch-source.params';

/**
 * Engagement moments of the business's messages as rows (client_id, at): our own records
 * (touch_click from the click redirect, touch_open from the pixel) and what a provider reported
 * on the touch itself (clicked_at / opened_at: Mailchimp, Twilio's "read"). A touch with both
 * counts once per moment; either moment in the window matches.
 */
function engagementRowsSql(kind: 'click' | 'open', p: TouchSourceParams, ctx: CompileContext): string {
  const own = kind === 'click' ? 'touch_click' : 'touch_open';
  const column = kind === 'click' ? 'clicked_at' : 'opened_at';
  const filtered = p.campaignId !== undefined || p.automationId !== undefined;
  // the own rows, joined to their touch only when a campaign or automation is asked for
  const ownRows = filtered
    ? `SELECT k.client_id, k.at FROM ${own} k JOIN touch t ON t.id = k.touch_id
        WHERE k.business_id = ${ctx.businessId} AND ${touchSourceFilters('t', p, ctx).join(' AND ')} AND ${timestampInWindowSql('k.at', p.window, ctx)}`
    : `SELECT k.client_id, k.at FROM ${own} k WHERE k.business_id = ${ctx.businessId} AND ${timestampInWindowSql('k.at', p.window, ctx)}`;
  const providerRows = `SELECT t.client_id, t.${column} AS at FROM touch t
      WHERE ${touchSourceFilters('t', p, ctx).join(' AND ')} AND t.${column} IS NOT NULL AND ${timestampInWindowSql(`t.${column}`, p.window, ctx)}`;
  return `${ownRows} UNION ALL ${providerRows}`;
}

function engagementCondition(kind: 'click' | 'open') {
  const verb = kind === 'click' ? 'clicked' : 'opened';
  return defineCondition({
    type: `${verb}_message`,
    label: kind === 'click' ? 'Clicked a message' : 'Opened a message',
    group: 'messaging',
    description:
      kind === 'click'
        ? 'clicked a link in a message from the campaign or automation (or any) in the window'
        : 'opened an email or read an SMS from the campaign or automation (or any) in the window, as mail clients and providers report it',
    params: touchSourceParamSpecs(kind === 'click' ? 'Clicked in' : 'Opened in'),
    dto: TouchSourceParams,
    neverNull: true,
    heavy: true,
    compile: (p, ctx) => clientHasRowsSql({ from: `(${engagementRowsSql(kind, p, ctx)}) eg_`, client: 'eg_.client_id', where: ['true'] }),
    // how many in the window, and the latest
    actual: (p, ctx) =>
      `(SELECT ${actualSql('count(*)::int', { [`last${kind === 'click' ? 'Clicked' : 'Opened'}At`]: 'max(eg_.at)' })} FROM (${engagementRowsSql(kind, p, ctx)}) eg_ WHERE eg_.client_id = c.id)`,
  });
}

/** Clicked a tracked link (docs/actions.md "Engagement"). */
export const clickedMessageCondition = engagementCondition('click');
/** Opened (as reported by mail clients and providers). */
export const openedMessageCondition = engagementCondition('open');
