import { CanActivate, ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Response } from 'express';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthRequest } from './auth-request';
import { RetryLaterError } from './auth.errors';
import { describeCaller, Principal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { Counter, LimiterUnavailableError, RateLimiter } from './rate-limiter';
import { requestIp } from './request-ip';
import { allowedRoles } from './role-policy';
import { ALLOWED_ROLES, Role } from './roles.decorator';
import { clearSessionCookie, CSRF_HEADER, readSessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';
import { sameSecret } from './tokens';

const BEARER = /^Bearer\s+(\S+)$/i;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Failed API-key checks are counted per client IP over this window (API_KEY_FAILURE_LIMIT). */
const KEY_FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * The one guard of every route, for both credentials. Every route is private unless @Public().
 * A bearer API key wins over a cookie; a session cookie's writes need the session's CSRF token.
 * Either way the caller is pinned to one business and its role must be one the route allows
 * (@Roles, else the default in role-policy.ts). API keys are limited per minute (Redis), and
 * failed key checks per client IP.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private lastLimiterWarning = 0;

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysRepository,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const principal = await this.authenticate(req, res);
    req.principal = principal;
    if (principal.kind === 'api_key') await this.limitKey(principal.keyId!, res);
    else if (!READ_METHODS.has(req.method.toUpperCase())) this.checkCsrf(req);
    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, [ctx.getHandler(), ctx.getClass()]);
    const allowed = allowedRoles(req.method, declared);
    if (!(allowed as readonly string[]).includes(principal.role)) {
      throw new DomainError(ErrorCode.Forbidden, `${describeCaller(principal)} cannot ${req.method} ${req.route?.path ?? req.path}; allowed roles: ${allowed.join(', ')}`);
    }
    return true;
  }

  private async authenticate(req: AuthRequest, res: Response): Promise<Principal> {
    const bearer = BEARER.exec(req.headers.authorization ?? '');
    if (bearer) {
      // an address past the failure limit is refused before any key is looked at; a failure is
      // counted atomically, so a parallel burst gets exactly the limit's worth of 401s
      const failures = `key-failures:${requestIp(req)}`;
      const seen = await this.limited(() => this.limiter.peek(failures));
      if (seen && seen.count >= this.config.API_KEY_FAILURE_LIMIT) this.tooManyFailures(seen, res);
      const key = await this.keys.principalForKey(bearer[1]);
      if (!key) {
        const counted = await this.limited(() => this.limiter.hit(failures, KEY_FAILURE_WINDOW_SECONDS));
        if (counted && counted.count > this.config.API_KEY_FAILURE_LIMIT) this.tooManyFailures(counted, res);
        throw new UnauthorizedException('API key is not valid');
      }
      return { businessId: key.businessId, role: key.role, kind: 'api_key', keyId: key.keyId, userId: null, staffId: key.staffId };
    }
    const token = readSessionCookie(req);
    if (token === undefined) throw new UnauthorizedException('Sign in, or send Authorization: Bearer <api key>');
    const session = await this.sessions.resolve(token);
    if (!session) {
      clearSessionCookie(res, this.config);
      throw new UnauthorizedException('Your session has ended (signed out, timed out or disabled); sign in again');
    }
    req.authSession = { id: session.id, token };
    return SessionsService.principalOf(session);
  }

  /** A cookie is sent by the browser on its own; the token proves the page itself asked. */
  private checkCsrf(req: AuthRequest): void {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, this.sessions.csrfToken(req.authSession!.token))) {
      throw new DomainError(ErrorCode.Forbidden, 'The X-CSRF-Token header is missing or does not match your session; reload the page and try again', { reason: 'csrf' });
    }
  }

  private tooManyFailures(counted: Counter, res: Response): never {
    res.setHeader('Retry-After', String(counted.retryAfter));
    throw new RetryLaterError(429, `Too many failed API-key checks from your address; try again in ${Math.ceil(counted.retryAfter / 60)} minute(s)`, counted.retryAfter);
  }

  /** API_KEY_RATE_LIMIT requests per minute per key. */
  private async limitKey(keyId: string, res: Response): Promise<void> {
    const counted = await this.limited(() => this.limiter.hit(`key:${keyId}`, 60));
    if (counted && counted.count > this.config.API_KEY_RATE_LIMIT) {
      res.setHeader('Retry-After', String(counted.retryAfter));
      throw new RetryLaterError(429, `This API key made more than ${this.config.API_KEY_RATE_LIMIT} requests in a minute; retry after ${counted.retryAfter} s`, counted.retryAfter);
    }
  }

  /** The API-key limits without Redis are skipped (fail open), with a warning at most once a minute. */
  private async limited(count: () => Promise<Counter>): Promise<Counter | undefined> {
    try {
      return await count();
    } catch (e) {
      if (!(e instanceof LimiterUnavailableError)) throw e;
      if (Date.now() - this.lastLimiterWarning > 60_000) {
        this.lastLimiterWarning = Date.now();
        this.logger.warn(`API-key rate limits not enforced: the rate-limit store does not answer (${e.message})`);
      }
      return undefined;
    }
  }
}
