import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessRepository } from '../business';
import { notFound } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SessionDto } from './dto/session.dto';
import { Principal } from './principal';
import { LiveSession, SessionsRepository } from './sessions.repository';
import { Queryable } from '../database/modified-rows';
import { csrfTokenFor, hashToken, looksLikeToken, newToken } from './tokens';
import { UsersRepository } from './users.repository';

/** Server-side sessions: create, resolve a cookie, end; and the SessionDto the app reads. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly businesses: BusinessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new session for the user; the token goes into the cookie and nowhere else. */
  async start(input: { businessId: string; userId: string; ip: string; userAgent: string | null }, db: Queryable = this.ds): Promise<{ id: string; token: string }> {
    const { token, hash } = newToken();
    const id = await this.sessions.create(db, { ...input, tokenHash: hash });
    return { id, token };
  }

  /** The live session behind a cookie value, or undefined (ended, idle, too old, user disabled). */
  async resolve(token: string | undefined): Promise<LiveSession | undefined> {
    if (!looksLikeToken(token)) return undefined;
    return this.sessions.findLive(hashToken(token), this.config.SESSION_IDLE_HOURS, this.config.SESSION_MAX_DAYS);
  }

  async end(sessionId: string, reason: 'sign_out' | 'replaced'): Promise<void> {
    await this.sessions.end(this.ds, sessionId, reason);
  }

  csrfToken(sessionToken: string): string {
    return csrfTokenFor(sessionToken, this.config.SECRETS_KEY);
  }

  /** Who the caller is, for the app: user (null for an API key), business, role, CSRF token. */
  async describe(p: Principal, sessionToken: string | null): Promise<SessionDto> {
    const business = await this.businesses.findById(p.businessId);
    if (!business) throw notFound('business');
    const user = p.userId ? ((await this.users.find(p.businessId, p.userId)) ?? null) : null;
    return {
      user,
      business: { id: business.id, name: business.name, timezone: business.timezone, currency: business.currency },
      role: p.role,
      staffId: p.staffId,
      csrfToken: sessionToken ? this.csrfToken(sessionToken) : null,
    };
  }

  /** The principal of a session (for a response given right after signing in). */
  static principalOf(s: { businessId: string; userId: string; role: Principal['role']; staffId: string | null }): Principal {
    return { businessId: s.businessId, role: s.role, kind: 'session', keyId: null, userId: s.userId, staffId: s.staffId };
  }
}
