import { randomUUID } from 'crypto';
import { IncomingMessage, ServerResponse } from 'http';
import { Params } from 'nestjs-pino';
import { DestinationStream, LoggerOptions } from 'pino';
import { AppConfig } from '../config/app-config';

/** LOG_LEVEL speaks Nest's names; pino has its own. */
const PINO_LEVEL: Record<string, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

const REQUEST_ID_HEADER = 'x-request-id';
// an incoming id is kept only if it looks like one (no spaces, quotes or control characters,
// at most 128 characters): it is echoed in a header and written into every log line
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Never written to a log line, wherever they appear (docs/operations.md "Logs"): credentials in
 * headers (API keys, the session cookie and the one set on sign-in, CSRF tokens, the webhook
 * signatures) and secrets in anything logged as an object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-mindbody-signature"]',
  'req.headers["x-comeback-signature"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.apiKey',
  '*.signingSecret',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.authToken',
];

// the tokens that travel in paths: unsubscribe links, sign-in/reset links, and click / open
// tracking links (a logged click token would let a log reader click as the member)
// (and the secret of a Mailchimp webhook URL, which Mailchimp cannot sign)
const TOKEN_IN_PATH = /^(\/u\/|\/c\/|\/o\/|\/api\/v1\/auth\/links\/|\/webhooks\/mailchimp\/[^/?#]+\/)[^/?#]+/;

/** The path without its one-time token: a log reader must not be able to use the link. */
function safeUrl(url: string | undefined): string | undefined {
  return url?.replace(TOKEN_IN_PATH, '$1[Redacted]');
}

/** The pino options every process uses: JSON to stdout, LOG_LEVEL, secrets redacted. */
export function pinoOptions(config: Pick<AppConfig, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: PINO_LEVEL[config.LOG_LEVEL] ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    // readable on a terminal if pino-pretty happens to be installed; plain JSON everywhere else
    // (a file, a pipe, a log collector: no colour codes)
    transport: prettyAvailable() ? { target: 'pino-pretty', options: { colorize: true, singleLine: true } } : undefined,
  };
}

function prettyAvailable(): boolean {
  if (!process.stdout.isTTY || process.env.NODE_ENV === 'test') return false;
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

type Req = IncomingMessage & { id?: unknown; principal?: { businessId?: string }; originalUrl?: string };

/**
 * nestjs-pino's parameters: one line per request with its id (an incoming X-Request-Id, or a
 * fresh UUID, echoed in the response header) and, once the caller is authenticated, its
 * business id. `destination` is for tests that read the lines.
 */
export function loggerParams(config: Pick<AppConfig, 'LOG_LEVEL'>, destination?: DestinationStream): Params {
  const options = {
    ...pinoOptions(config),
    ...(destination ? { transport: undefined } : {}),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const sent = req.headers[REQUEST_ID_HEADER];
      const id = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => {
      const businessId = (req as Req).principal?.businessId;
      return businessId ? { businessId } : {};
    },
    // an expected refusal is not an error; a 503 (a dependency away) is a warning
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => {
      if (res.statusCode === 503) return 'warn' as const;
      if (err || res.statusCode >= 500) return 'error' as const;
      return 'info' as const;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: safeUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
    },
  };
  return { pinoHttp: destination ? [options, destination] : options, assignResponse: true, renameContext: 'context' };
}
