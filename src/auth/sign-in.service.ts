import { createHash } from 'crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { badCredentials, signInUnavailable, tooManySignIns } from './auth.errors';
import { verifyPassword } from './password';
import { Counter, LimiterUnavailableError, RateLimiter } from './rate-limiter';
import { SessionsService } from './sessions.service';
import { UsersRepository } from './users.repository';

/** spec/web.md: after 10 failed sign-ins in 15 minutes, per email and per IP, 429. */
export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

export const emailLimitKey = (email: string) => `signin:email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
export const ipLimitKey = (ip: string) => `signin:ip:${ip}`;

export interface SignedIn {
  sessionId: string;
  token: string;
  businessId: string;
  userId: string;
}

/**
 * Sign-in with an email and a password. Every attempt is counted before the password is checked
 * (so parallel guesses cannot slip past the limit) and given back on success; an unknown email
 * costs the same work as a wrong password and gets the same answer.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger(SignInService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
  ) {}

  async signIn(input: { email: string; password: string; ip: string; userAgent: string | null; previousToken?: string }): Promise<SignedIn> {
    const keys = [emailLimitKey(input.email), ipLimitKey(input.ip)];
    const counts = await this.count(keys);
    const over = counts.filter((c) => c.count > SIGN_IN_MAX_FAILURES);
    if (over.length) throw tooManySignIns(Math.max(...over.map((c) => c.retryAfter)));

    const user = await this.users.credentialsByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw badCredentials();
    // the attempt was not a failure: give it back (the email's count starts over)
    await this.forgive(keys);
    // only someone who knows the password learns that the account is disabled
    if (user.disabled) throw new DomainError(ErrorCode.Unauthorized, 'This account is disabled; ask an admin of your business');

    const previous = await this.sessions.resolve(input.previousToken);
    if (previous) await this.sessions.end(previous.id, 'replaced');
    const session = await this.sessions.start({ businessId: user.businessId, userId: user.id, ip: input.ip, userAgent: input.userAgent });
    await this.users.markSignedIn(user.id);
    return { sessionId: session.id, token: session.token, businessId: user.businessId, userId: user.id };
  }

  /** Counts this attempt under every key; a Redis that does not answer refuses sign-in (fail closed). */
  private async count(keys: string[]): Promise<Counter[]> {
    try {
      return await Promise.all(keys.map((k) => this.limiter.hit(k, SIGN_IN_WINDOW_SECONDS)));
    } catch (e) {
      if (!(e instanceof LimiterUnavailableError)) throw e;
      this.logger.warn(`sign-in refused: the rate-limit store does not answer (${e.message})`);
      throw signInUnavailable();
    }
  }

  private async forgive([emailKey, ipKey]: string[]): Promise<void> {
    await Promise.all([this.limiter.clear(emailKey), this.limiter.decrement(ipKey)]).catch((e) => this.logger.warn(`could not reset sign-in counters: ${(e as Error).message}`));
  }
}
