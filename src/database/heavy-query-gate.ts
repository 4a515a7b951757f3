import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { currentRequest } from './request-context';

/**
 * How many heavy interactive queries (segment previews, explains, recomputes on demand) run at
 * once in this process: at most INTERACTIVE_HEAVY_PER_BUSINESS per business, and at most half
 * the interactive pool for all businesses together, so the client list and search always find
 * a connection. Above either: 429 with Retry-After, at once (nothing waits in a queue a person
 * would give up on). Per process, like the pool it protects. docs/reliability.md "Database load".
 */
@Injectable()
export class HeavyQueryGate {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** At most this many heavy queries of all businesses together. */
  get totalLimit(): number {
    return Math.max(1, Math.floor(this.config.INTERACTIVE_POOL_SIZE / 2));
  }

  async run<T>(businessId: string, fn: () => Promise<T>): Promise<T> {
    const mine = this.running.get(businessId) ?? 0;
    const perBusiness = this.config.INTERACTIVE_HEAVY_PER_BUSINESS;
    if (mine >= perBusiness) {
      throw tooMany(`This business already has ${mine} segment previews or evaluations running (at most ${perBusiness} at once); retry when one has answered`);
    }
    if (this.total >= this.totalLimit) throw tooMany(`The server is running ${this.total} segment previews or evaluations (at most ${this.totalLimit} at once); retry shortly`);
    this.running.set(businessId, mine + 1);
    this.total++;
    try {
      return await fn();
    } finally {
      this.total--;
      const left = (this.running.get(businessId) ?? 1) - 1;
      if (left > 0) this.running.set(businessId, left);
      else this.running.delete(businessId);
    }
  }
}

const RETRY_AFTER_SECONDS = 1;

function tooMany(message: string): HttpException {
  currentRequest()?.res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  return new HttpException({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'too_many_requests', message }, HttpStatus.TOO_MANY_REQUESTS);
}
