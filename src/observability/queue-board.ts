import { NextFunction, Request, Response } from 'express';

/** Who may open the queue board: decided by the auth module, which knows sessions and roles. */
export interface QueueBoardGate {
  /** 'ok' for a signed-in admin; 'unauthenticated' without a live session; 'forbidden' for any other role. */
  check(req: Request): Promise<'ok' | 'unauthenticated' | 'forbidden'>;
}

/** The provider token of the QueueBoardGate (the composition root binds it to the auth module's). */
export const QUEUE_BOARD_GATE = Symbol('QUEUE_BOARD_GATE');

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board's Express router is mounted as a middleware, outside Nest's guards: this middleware,
 * in front of it, lets only a signed-in admin through (401 without a session, 403 for other
 * roles). Its actions (retry, clean, promote) are POST/PUT requests carrying the SameSite=Lax
 * session cookie, which a browser does not send from another site.
 */
export function queueBoardMiddleware(gate: QueueBoardGate) {
  return (req: Request, res: Response, next: NextFunction): void => {
    gate.check(req).then(
      (verdict) => {
        if (verdict === 'ok') return next();
        const status = verdict === 'unauthenticated' ? 401 : 403;
        const message = status === 401 ? 'Sign in as an admin to see the queues' : 'Only admins may see the queues';
        res.status(status).json({ statusCode: status, error: verdict === 'unauthenticated' ? 'unauthorized' : 'forbidden', message });
      },
      (e: unknown) => next(e),
    );
  };
}
