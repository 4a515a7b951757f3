import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { RedisLimits } from '../../delivery/redis-limits';
import { Recipient } from '../../touches/touch.repository';
import { ChannelProvider, RenderedMessage, SendContext, SendOutcome } from '../channel-provider';
import { DeliveryFailure, PermanentDeliveryError } from '../delivery-errors';
import { classifyMailchimpError, isMailchimpThrottle, mailchimpRetryAfterMs } from './mailchimp-errors';

/** Tries of one member while Mailchimp throttles it, before the job's own retry takes over. */
const THROTTLE_TRIES = 3;
/** First wait after a throttled answer without Retry-After; doubled each time. */
const THROTTLE_BACKOFF_MS = 250;
/** A Retry-After longer than this is left to the job's backoff instead of holding the worker. */
const THROTTLE_WAIT_CAP_MS = 5_000;

// The package's entry exports one shared, mutable client; a client per business account
// keeps concurrent jobs of different businesses from overwriting each other's key.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the ApiClient class is not on the package's typed entry
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => MailchimpClient;

interface MailchimpClient {
  basePath: string;
  timeout: number;
  setConfig(config: { apiKey: string; server: string }): void;
  lists: {
    setListMember(listId: string, hash: string, body: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown>;
    updateListMemberTags(listId: string, hash: string, body: { tags: Array<{ name: string; status: 'active' | 'inactive' }> }): Promise<unknown>;
  };
}

export interface MailchimpTemplate {
  tag: string;
}

export interface MailchimpMember {
  email: string;
  hash: string;
  firstName: string;
  lastName: string;
  tag: string;
}

/** Mailchimp's subscriber hash: MD5 of the lower-cased email address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * "Email via an external tool": each client is upserted into the business's audience
 * (PUT /lists/{list_id}/members/{hash}, status_if_new subscribed: consent was checked by the
 * guards) and tagged (POST .../members/{hash}/tags), so the marketer sends from Mailchimp.
 * Every request holds one of the account's leases in Redis: at most `mailchimpConcurrency`
 * (Mailchimp allows 10) requests per account at once across all workers.
 */
@Injectable()
export class MailchimpProvider implements ChannelProvider<MailchimpTemplate, MailchimpMember> {
  readonly channel = 'mailchimp' as const;
  private readonly clients = new Map<string, MailchimpClient>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: RedisLimits,
  ) {}

  validateTemplate(t: unknown): MailchimpTemplate {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'tag') throw new DomainError(ErrorCode.Invalid, `template.${k}: is not a Mailchimp template field`);
    if (typeof o.tag !== 'string' || o.tag.trim().length === 0 || o.tag.length > 100) throw new DomainError(ErrorCode.Invalid, 'template.tag: must be a tag name of 1 to 100 characters');
    return { tag: o.tag.trim() };
  }

  checkAccount(ctx: SendContext): void {
    const key = ctx.account?.secrets.apiKey;
    if (!key || !/-[a-z]+\d+$/.test(key) || !ctx.account?.config.listId) {
      throw new PermanentDeliveryError('not_configured', 'this business has no Mailchimp account set up (PUT /api/v1/channels/mailchimp)');
    }
  }

  render(t: MailchimpTemplate, r: Recipient): MailchimpMember {
    const email = (r.email ?? '').trim();
    return { email, hash: subscriberHash(email), firstName: r.firstName ?? '', lastName: r.lastName ?? '', tag: t.tag };
  }

  // never calls hooks.handOver: a member upsert and an active tag can be repeated without effect,
  // so a sync cut short by a crash is simply sent again (docs/reliability.md)
  async send(ctx: SendContext, messages: Array<RenderedMessage<MailchimpMember>>): Promise<SendOutcome[]> {
    const apiKey = ctx.account!.secrets.apiKey;
    const listId = ctx.account!.config.listId as string;
    const client = this.client(apiKey);
    const account = createHash('sha256').update(apiKey).digest('hex').slice(0, 32);
    const settled = await Promise.allSettled(
      messages.map(({ message: m }) =>
        this.throttled(() =>
          this.limits.withLease('mailchimp', account, ctx.concurrency, async () => {
            await client.lists.setListMember(listId, m.hash, {
              email_address: m.email,
              status_if_new: 'subscribed',
              merge_fields: { FNAME: m.firstName, LNAME: m.lastName },
            });
            await client.lists.updateListMemberTags(listId, m.hash, { tags: [{ name: m.tag, status: 'active' }] });
          }),
        ),
      ),
    );
    // the provider id is the subscriber hash (docs/actions.md): Mailchimp's webhooks and the
    // member routes name a member by it
    return settled.map((s, i) =>
      s.status === 'fulfilled'
        ? { touchId: messages[i].touchId, ok: true, providerMessageId: messages[i].message.hash }
        : { touchId: messages[i].touchId, ok: false, failure: this.classify(s.reason) },
    );
  }

  /**
   * One member's upsert and tag, tried again with doubling waits (or Retry-After) while Mailchimp
   * throttles it, holding no lease while it waits. Still throttled after THROTTLE_TRIES: the
   * throttle is the outcome (transient), and the job's backoff sends the member later.
   */
  private async throttled(call: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!isMailchimpThrottle(e) || attempt >= THROTTLE_TRIES) throw e;
        const wait = mailchimpRetryAfterMs(e) ?? THROTTLE_BACKOFF_MS * 2 ** (attempt - 1);
        if (wait > THROTTLE_WAIT_CAP_MS) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /**
   * "Send a test": Mailchimp's ping (the key works) and the audience lookup (the list exists).
   * Resolves with what Mailchimp said; rejects with Mailchimp's own error text.
   */
  async ping(ctx: Pick<SendContext, 'account'>): Promise<string> {
    const apiKey = ctx.account!.secrets.apiKey;
    const listId = ctx.account!.config.listId as string;
    // as the marketing client does: "server" in the base is the key's data center
    const base = this.config.MAILCHIMP_API_URL.replace(/\/+$/, '').replace('server', apiKey.split('-').pop()!);
    const call = async (path: string): Promise<Record<string, unknown>> => {
      const res = await fetch(`${base}${path}`, {
        headers: { Authorization: `Basic ${Buffer.from(`comeback:${apiKey}`).toString('base64')}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        // not JSON: keep the text for the message
      }
      if (!res.ok) throw new Error(`Mailchimp answered ${res.status}: ${[body.title, body.detail].filter(Boolean).join(': ') || text.slice(0, 300)}`);
      return body;
    };
    const ping = await call('/ping');
    const list = await call(`/lists/${encodeURIComponent(listId)}`);
    return `Mailchimp answered "${asText(ping.health_status ?? 'ok')}"; audience "${asText(list.name ?? listId)}" (${listId}) found`;
  }

  classify(error: unknown): DeliveryFailure {
    return classifyMailchimpError(error);
  }

  private client(apiKey: string): MailchimpClient {
    const key = createHash('sha256').update(apiKey).digest('hex');
    let c = this.clients.get(key);
    if (!c) {
      c = new ApiClient();
      c.setConfig({ apiKey, server: apiKey.split('-').pop()! });
      // MAILCHIMP_API_URL: Mailchimp's own https://server.api.mailchimp.com/3.0, or a local fake
      c.basePath = this.config.MAILCHIMP_API_URL.replace(/\/+$/, '');
      c.timeout = 15_000;
      this.clients.set(key, c);
    }
    return c;
  }
}

/** A value from a provider's JSON as text (objects as JSON, not [object Object]). */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
