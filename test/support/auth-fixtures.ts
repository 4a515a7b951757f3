import { randomBytes } from 'crypto';
import request from 'supertest';
import { Role } from '../../src/auth/roles.decorator';
import { UsersService } from '../../src/auth/users.service';
import { TestApp } from './test-app';

/** A credential for test requests: a bearer API key, or a session cookie with its CSRF token. */
export type Cred = { kind: 'key'; key: string } | { kind: 'session'; cookie: string; csrf: string; userId: string; email: string; password: string };

export const keyCred = (key: string): Cred => ({ kind: 'key', key });

/** Sets the credential's headers on a request (the CSRF header too, unless told not to). */
export function withCred(req: request.Test, cred: Cred | undefined, opts: { csrf?: boolean } = {}): request.Test {
  if (!cred) return req;
  if (cred.kind === 'key') return req.set('Authorization', `Bearer ${cred.key}`);
  req.set('Cookie', cred.cookie);
  return opts.csrf === false ? req : req.set('X-CSRF-Token', cred.csrf);
}

/** Any method by name, with a credential and an optional JSON body. */
export function callAs(url: string, method: string, path: string, cred?: Cred, body?: object, opts: { csrf?: boolean } = {}): request.Test {
  const req = withCred((request(url) as unknown as Record<string, (p: string) => request.Test>)[method.toLowerCase()](path), cred, opts);
  return body === undefined ? req : req.send(body);
}

/** The `cb_session=...` pair from a response's Set-Cookie, or undefined. */
export function sessionCookieOf(res: request.Response): string | undefined {
  const all = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return all.find((c) => c.startsWith('cb_session='))?.split(';')[0];
}

export const uniqueEmail = (what = 'user') => `${what}-${randomBytes(5).toString('hex')}@example.test`;

/** A user who can sign in right away, made through the auth module's facade. */
export async function newUser(
  app: TestApp,
  input: { businessId: string; role: Role; staffId?: string | null; email?: string; password?: string; name?: string },
): Promise<{ id: string; email: string; password: string }> {
  const email = input.email ?? uniqueEmail(input.role);
  const password = input.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const user = await UsersService.using(app.ds, app.config).createWithPassword({ ...input, email, password, name: input.name ?? null });
  return { id: user.id, email, password };
}

/** Signs in over HTTP; fails the test unless it answers 200 with a cookie. */
export async function signIn(app: TestApp, email: string, password: string): Promise<Extract<Cred, { kind: 'session' }> & { body: Record<string, unknown> }> {
  const res = await request(app.url).post('/api/v1/auth/sign-in').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error('sign-in set no cb_session cookie');
  return { kind: 'session', cookie, csrf: res.body.csrfToken, userId: res.body.user.id, email, password, body: res.body };
}

/** A new user of the role (staff users need staffId) signed in: cookie plus CSRF token. */
export async function signInAs(app: TestApp, businessId: string, role: Role, staffId: string | null = null): Promise<Extract<Cred, { kind: 'session' }>> {
  const u = await newUser(app, { businessId, role, staffId });
  const { body: _, ...cred } = await signIn(app, u.email, u.password);
  return cred;
}

/** Forgets every sign-in and API-key counter of this app (its QUEUE_PREFIX) in Redis. */
export async function clearAuthLimits(app: TestApp): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const r = new Redis(app.config.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${app.config.QUEUE_PREFIX}:auth:*`, 'COUNT', 500);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
