import { Injectable } from '@nestjs/common';
import { Request } from 'express';
import { QueueBoardGate } from '../observability';
import { readSessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';

/**
 * The queue board (/admin/queues, docs/operations.md) is for admins signed in to the web app:
 * their session cookie, looked up as the auth guard does. API keys do not open it (a browser
 * page, not an API).
 */
@Injectable()
export class AdminQueueBoardGate implements QueueBoardGate {
  constructor(private readonly sessions: SessionsService) {}

  async check(req: Request): Promise<'ok' | 'unauthenticated' | 'forbidden'> {
    const session = await this.sessions.resolve(readSessionCookie(req));
    if (!session) return 'unauthenticated';
    return session.role === 'admin' ? 'ok' : 'forbidden';
  }
}
