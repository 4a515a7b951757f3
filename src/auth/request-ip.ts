import { Request } from 'express';

/** Express's "trust proxy" from TRUST_PROXY: false | true | hop count | addresses/subnets. */
export function trustProxySetting(value: string): boolean | number | string {
  if (/^false$/i.test(value)) return false;
  if (/^true$/i.test(value)) return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The client's IP as Express sees it (the socket unless TRUST_PROXY says otherwise). */
export function requestIp(req: Request): string {
  return (req.ip ?? req.socket?.remoteAddress ?? 'unknown').slice(0, 100);
}
