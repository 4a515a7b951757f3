import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { EventInboxRepository } from './event-inbox.repository';
import { inboxKey } from './inbox-key';
import { InboundEvent } from './webhook-connector';

// Deliveries that arrive within a couple of milliseconds of each other are stored with one
// INSERT and one commit, and each is acknowledged only once that commit is done: the
// database does a fraction of the per-commit work at high rates, while a lone delivery
// waits at most MAX_WAIT_MS longer.
const MAX_WAIT_MS = 2;
const MAX_BATCH_EVENTS = 200;

interface Pending {
  businessId: string;
  source: string;
  events: InboundEvent[];
  resolve: (fresh: Set<string>) => void;
  reject: (e: unknown) => void;
}

@Injectable()
export class InboxBatcher implements OnModuleDestroy {
  private pending: Pending[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly inbox: EventInboxRepository) {}

  /** Stores the events; resolves with the external ids that were new (not redeliveries). */
  store(businessId: string, source: string, events: InboundEvent[]): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ businessId, source, events, resolve, reject });
      this.size += events.length;
      if (this.size >= MAX_BATCH_EVENTS) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    if (!batch.length) return;
    const rows = batch.flatMap((p) => p.events.map((e) => ({ businessId: p.businessId, source: p.source, event: e })));
    this.inbox.storeMany(rows).then(
      (fresh) => {
        // the same event twice in one flush was stored once: only its first sender hears "new"
        for (const p of batch) {
          const mine = new Set<string>();
          for (const e of p.events) {
            const key = inboxKey(p.businessId, p.source, e.externalEventId);
            if (fresh.delete(key)) mine.add(e.externalEventId);
          }
          p.resolve(mine);
        }
      },
      (e) => batch.forEach((p) => p.reject(e)),
    );
  }

  onModuleDestroy(): void {
    this.flush();
  }
}
