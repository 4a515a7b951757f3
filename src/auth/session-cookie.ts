import { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';

const SESSION_COOKIE = 'cb_session';
export const CSRF_HEADER = 'x-csrf-token';

/** httpOnly, SameSite=Lax, Path=/, Secure when the app is served over https; lives as long as a session may. */
function sessionCookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.PUBLIC_BASE_URL.startsWith('https://'),
    maxAge: config.SESSION_MAX_DAYS * 86_400_000,
  };
}

export function setSessionCookie(res: Response, config: AppConfig, token: string): void {
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  const { maxAge: _, ...opts } = sessionCookieOptions(config);
  res.clearCookie(SESSION_COOKIE, opts);
}

/** The cb_session value from the Cookie header (no cookie-parser needed for one cookie). */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}
