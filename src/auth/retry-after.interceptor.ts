import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { RetryLaterError } from './auth.errors';

/** Puts the Retry-After header on 429/503 answers a handler throws (the global filter keeps headers). */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e) => {
        if (e instanceof RetryLaterError) ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(e.retryAfter));
        return throwError(() => e);
      }),
    );
  }
}
