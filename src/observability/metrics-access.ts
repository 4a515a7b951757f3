import { timingSafeEqual } from 'crypto';
import { IncomingMessage } from 'http';

/**
 * Who may read /metrics (docs/operations.md): with METRICS_TOKEN set, whoever sends it as a
 * bearer token; without it, only callers on this machine (the socket's address, never
 * X-Forwarded-For, which anyone can write). A reverse proxy on the same machine makes every
 * caller local: set METRICS_TOKEN there.
 */
export function metricsAccess(req: IncomingMessage, token: string): 'ok' | 'unauthorized' | 'forbidden' {
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return sent !== undefined && same(sent, token) ? 'ok' : 'unauthorized';
  }
  return isLoopback(req.socket.remoteAddress) ? 'ok' : 'forbidden';
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
