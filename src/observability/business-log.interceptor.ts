import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable } from 'rxjs';

/**
 * Interceptors run after the auth guard: from here on every line the request logs (and its
 * "request completed" line) carries the caller's business id.
 */
@Injectable()
export class BusinessLogInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const businessId = ctx.switchToHttp().getRequest<{ principal?: { businessId?: string } }>()?.principal?.businessId;
    if (businessId) {
      try {
        this.logger.assign({ businessId });
      } catch {
        // outside a request's logging context (not an HTTP call): nothing to add to
      }
    }
    return next.handle();
  }
}
