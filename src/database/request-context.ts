import { AsyncLocalStorage } from 'async_hooks';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

/** What an HTTP request's database work may need to know about the request. */
interface RequestContext {
  /** Aborted when the client goes away before the answer is written (socket closed). */
  signal: AbortSignal;
  res: Response;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current HTTP request's context; undefined outside a request (jobs, CLI). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Runs the rest of the request inside its context, and aborts its signal when the connection
 * closes before the response finished: a client that gave up (timeout, closed tab) then stops
 * the statements it started (InteractiveDb cancels them) instead of leaving them running.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(_req: Request, res: Response, next: NextFunction): void {
    const aborter = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    storage.run({ signal: aborter.signal, res }, next);
  }
}
