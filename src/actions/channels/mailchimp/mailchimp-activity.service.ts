import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { ChannelAccountRepository } from '../channel-account.repository';
import { ActivityRow, MailchimpEngagementRepository } from './mailchimp-engagement.repository';

/** Entries per page of email activity (Mailchimp allows up to 1000). */
const PAGE = 1000;
/** Overlap of a pull with the last one: late-indexed entries are read again, then dropped as seen. */
const OVERLAP_MS = 60 * 60 * 1000;

interface EmailActivityPage {
  emails?: Array<{
    campaign_id?: string;
    list_id?: string;
    email_id?: string;
    activity?: Array<{ action?: string; type?: string; timestamp?: string; url?: string }>;
  }>;
  total_items?: number;
}

export interface ActivityPullResult {
  campaigns: number;
  entries: number;
  opens: number;
  clicks: number;
  bounces: number;
}

/**
 * Opens and clicks of Mailchimp campaigns. Mailchimp's audience webhooks do not carry them, so
 * they are read from the Marketing API's campaign reports: GET /reports/{campaign_id}/email-activity
 * (per member: email_id, which is the subscriber hash, and its activity, each an action open,
 * click or bounce with a timestamp and, for a click, the URL), for every campaign the webhook
 * announced as sent to the business's audience in the last 30 days, `since` the last pull.
 */
@Injectable()
export class MailchimpActivityService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: ChannelAccountRepository,
    private readonly repo: MailchimpEngagementRepository,
  ) {}

  async pull(businessId: string, now = new Date()): Promise<ActivityPullResult> {
    const account = await this.accounts.find(businessId, 'mailchimp');
    const apiKey = account?.enabled ? account.secrets.apiKey : undefined;
    const listId = account?.config.listId as string | undefined;
    if (!apiKey || !/-[a-z]+\d+$/.test(apiKey) || !listId) throw new DomainError(ErrorCode.Invalid, 'channel: this business has no Mailchimp account set up (PUT /api/v1/channels/mailchimp)');
    const base = this.config.MAILCHIMP_API_URL.replace(/\/+$/, '').replace('server', apiKey.split('-').pop()!);
    const total: ActivityPullResult = { campaigns: 0, entries: 0, opens: 0, clicks: 0, bounces: 0 };
    for (const c of await this.repo.campaignsToPull(businessId, now)) {
      const since = c.since ? new Date(c.since.getTime() - OVERLAP_MS) : undefined;
      for (let offset = 0; ; offset += PAGE) {
        const qs = new URLSearchParams({ count: String(PAGE), offset: String(offset), ...(since ? { since: since.toISOString() } : {}) });
        const page = await this.get<EmailActivityPage>(base, apiKey, `/reports/${encodeURIComponent(c.campaignId)}/email-activity?${qs}`);
        const rows = toRows(c.campaignId, listId, page);
        const r = await this.repo.recordActivity(businessId, rows);
        total.entries += rows.length;
        total.opens += r.opens;
        total.clicks += r.clicks;
        total.bounces += r.bounces;
        const members = page.emails?.length ?? 0;
        if (members < PAGE || offset + members >= (page.total_items ?? 0)) break;
      }
      await this.repo.markPulled(businessId, c.campaignId, now);
      total.campaigns++;
    }
    return total;
  }

  private async get<T>(base: string, apiKey: string, path: string): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Basic ${Buffer.from(`comeback:${apiKey}`).toString('base64')}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // not JSON: the status says enough
    }
    if (!res.ok) {
      const words = [body.title, body.detail].filter((x) => typeof x === 'string').join(': ');
      throw new DomainError(ErrorCode.Unavailable, `Mailchimp answered ${res.status}${words ? `: ${words}` : ''} for ${path.split('?')[0]}`);
    }
    return body as T;
  }
}

/** The page's entries of the business's audience, as rows; entries without a usable time are left out. */
export function toRows(campaignId: string, listId: string, page: EmailActivityPage): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (const e of page.emails ?? []) {
    if (e.list_id && e.list_id !== listId) continue;
    const hash = (e.email_id ?? '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hash)) continue;
    for (const a of e.activity ?? []) {
      const action = a.action === 'open' || a.action === 'click' || a.action === 'bounce' ? a.action : undefined;
      const at = a.timestamp ? new Date(a.timestamp) : undefined;
      if (!action || !at || Number.isNaN(at.getTime())) continue;
      const url = action === 'click' ? (a.url ?? '').slice(0, 2000) : null;
      const key = `activity:${createHash('sha256')
        .update(`${campaignId}\n${hash}\n${action}\n${at.toISOString()}\n${url ?? ''}`)
        .digest('hex')}`;
      rows.push({ key, hash, action, at, url, bounceType: action === 'bounce' ? (a.type ?? null) : null });
    }
  }
  return rows;
}
