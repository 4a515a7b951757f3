import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthRequest } from './auth-request';
import { RetryLaterError } from './auth.errors';
import { AuthGuard } from './auth.guard';
import { Counter, LimiterUnavailableError, RateLimiter } from './rate-limiter';
import { ALLOWED_ROLES } from './roles.decorator';
import { SessionsService } from './sessions.service';

const TOKEN = 'S'.repeat(43);
const CSRF = 'csrf-of-the-session';

function setup(opts: { limiter?: () => Promise<Counter>; failures?: () => Promise<Counter>; roles?: string[] } = {}) {
  const reflector = new Reflector();
  const keys = {
    principalForKey: jest.fn(async (k: string) => (k === 'good-key' ? { keyId: 'k1', businessId: 'b1', role: 'marketer', staffId: null } : undefined)),
  } as unknown as ApiKeysRepository;
  const sessions = {
    resolve: jest.fn(async (t?: string) => (t === TOKEN ? { id: '7', businessId: 'b2', userId: 'u1', role: 'admin', staffId: '3' } : undefined)),
    csrfToken: jest.fn(() => CSRF),
  } as unknown as SessionsService;
  const limiter = {
    hit: jest.fn(opts.limiter ?? (async () => ({ count: 1, retryAfter: 60 }))),
    peek: jest.fn(opts.failures ?? (async () => ({ count: 0, retryAfter: 1 }))),
  } as unknown as RateLimiter;
  const config = { API_KEY_RATE_LIMIT: 5, API_KEY_FAILURE_LIMIT: 3, PUBLIC_BASE_URL: 'http://localhost', SESSION_MAX_DAYS: 30 } as AppConfig;
  const sut = new AuthGuard(reflector, keys, sessions, limiter, config);
  class Handler {}
  Reflect.defineMetadata(ALLOWED_ROLES, opts.roles ?? ['admin', 'marketer', 'staff', 'manager'], Handler);
  const res = { setHeader: jest.fn(), cookie: jest.fn(), clearCookie: jest.fn() };
  const run = async (method: string, headers: Record<string, string>) => {
    const req = { method, headers, path: '/api/v1/x', route: { path: '/api/v1/x' } } as unknown as AuthRequest;
    const ctx = {
      getHandler: () => Handler.prototype.constructor,
      getClass: () => Handler,
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ExecutionContext;
    await sut.canActivate(ctx);
    return { req, res };
  };
  return { run, limiter, sessions, res };
}

describe('AuthGuard', () => {
  it('should take a bearer key over a cookie sent along with it, and need no CSRF token for it', async () => {
    const { run } = setup();
    const { req } = await run('POST', { authorization: 'Bearer good-key', cookie: `cb_session=${TOKEN}` });
    expect(req.principal).toEqual({ businessId: 'b1', role: 'marketer', kind: 'api_key', keyId: 'k1', userId: null, staffId: null });
  });

  it('should put a session on the principal, with the staff member of its user', async () => {
    const { run } = setup();
    const { req } = await run('GET', { cookie: `other=1; cb_session=${TOKEN}` });
    expect(req.principal).toEqual({ businessId: 'b2', role: 'admin', kind: 'session', keyId: null, userId: 'u1', staffId: '3' });
    expect(req.authSession).toEqual({ id: '7', token: TOKEN });
  });

  it('should refuse a cookie write without the right CSRF token, and accept it with', async () => {
    const { run } = setup();
    await expect(run('POST', { cookie: `cb_session=${TOKEN}` })).rejects.toThrow(/X-CSRF-Token header is missing or does not match/);
    await expect(run('DELETE', { cookie: `cb_session=${TOKEN}`, 'x-csrf-token': 'guess' })).rejects.toBeInstanceOf(DomainError);
    await expect(run('PATCH', { cookie: `cb_session=${TOKEN}`, 'x-csrf-token': CSRF })).resolves.toBeDefined();
  });

  it('should answer 401 without a credential, and clear a cookie whose session is over', async () => {
    const { run } = setup();
    await expect(run('GET', {})).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(run('GET', { authorization: 'Bearer bad' })).rejects.toThrow('API key is not valid');
    const guard = setup();
    await expect(guard.run('GET', { cookie: `cb_session=${'x'.repeat(43)}` })).rejects.toThrow(/sign in again/);
    expect(guard.res.clearCookie).toHaveBeenCalledWith('cb_session', expect.objectContaining({ path: '/', httpOnly: true, sameSite: 'lax' }));
  });

  it('should refuse a role the route does not allow, naming the credential', async () => {
    const { run } = setup({ roles: ['admin'] });
    await expect(run('GET', { authorization: 'Bearer good-key' })).rejects.toThrow('a marketer key cannot GET /api/v1/x; allowed roles: admin');
  });

  it('should answer 429 with Retry-After over the API-key limit', async () => {
    const { run, res } = setup({ limiter: async () => ({ count: 6, retryAfter: 42 }) });
    const err = await run('GET', { authorization: 'Bearer good-key' }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect(err.getStatus()).toBe(429);
    expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '42');
  });

  it('should answer 429 with Retry-After to an address past the failed-check limit, before looking at the key', async () => {
    const { run, res } = setup({ failures: async () => ({ count: 3, retryAfter: 600 }) });
    const err = await run('GET', { authorization: 'Bearer good-key' }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect(err.getStatus()).toBe(429);
    expect(err.message).toMatch(/failed API-key checks from your address; try again in 10 minute/);
    expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '600');
  });

  it('should count a failed key check against the address, and answer 429 to the one over the limit', async () => {
    const { run, limiter } = setup({ limiter: async () => ({ count: 4, retryAfter: 900 }) });
    const err = await run('GET', { authorization: 'Bearer bad' }).catch((e) => e);
    expect(limiter.hit).toHaveBeenCalledWith('key-failures:unknown', 900);
    expect(err.getStatus()).toBe(429);
  });

  it('should let API keys through when the rate-limit store does not answer (fail open)', async () => {
    const down = async () => Promise.reject(new LimiterUnavailableError('no answer'));
    const { run, limiter } = setup({ limiter: down, failures: down });
    await expect(run('GET', { authorization: 'Bearer good-key' })).resolves.toBeDefined();
    expect(limiter.hit).toHaveBeenCalledWith('key:k1', 60);
  });

  it('should not count sessions against the API-key limit', async () => {
    const { run, limiter } = setup();
    await run('GET', { cookie: `cb_session=${TOKEN}` });
    expect(limiter.hit).not.toHaveBeenCalled();
  });
});
