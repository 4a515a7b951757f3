import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { currentRequest } from './request-context';

/** The name of the interactive pool's DataSource (@InjectDataSource(INTERACTIVE_DB)). */
export const INTERACTIVE_DB = 'interactive';

/** The interactive pool's application_name in pg_stat_activity. */
export const INTERACTIVE_APPLICATION_NAME = 'comeback-interactive';

const QUERY_CANCELED = '57014';

/** What a read repository needs: InteractiveDb in the app, a plain DataSource in benchmarks and tests. */
export type Queryable = Pick<InteractiveDb, 'query'>;

/**
 * Reads a person is waiting for (segment preview / explain, the client list and search), on
 * their own pool with a short statement timeout (INTERACTIVE_STATEMENT_TIMEOUT_MS), so
 * background passes and other businesses' reads never queue behind them and a runaway
 * statement ends. Inside an HTTP request, a client that goes away cancels the statement
 * (pg_cancel_backend of the backend running it). docs/reliability.md "Database load".
 */
@Injectable()
export class InteractiveDb {
  private readonly logger = new Logger(InteractiveDb.name);

  constructor(
    @InjectDataSource(INTERACTIVE_DB) private readonly ds: DataSource,
    // the background pool sends the cancel: the interactive one may be the one that is full
    private readonly background: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    const signal = currentRequest()?.signal;
    if (signal?.aborted) throw clientGone();
    const runner = this.ds.createQueryRunner();
    let cancelling: Promise<unknown> | undefined;
    let pid: number | undefined;
    const cancel = () => {
      if (pid !== undefined) cancelling = this.background.query('SELECT pg_cancel_backend($1)', [pid]).catch((e: Error) => this.logger.warn(`cancel of backend ${pid} failed: ${e.message}`));
    };
    try {
      const connection = (await runner.connect()) as { processID?: number };
      pid = connection.processID ?? undefined;
      if (signal?.aborted) throw clientGone();
      signal?.addEventListener('abort', cancel, { once: true });
      return (await runner.query(sql, params)) as T[];
    } catch (e) {
      throw this.translate(e, signal);
    } finally {
      signal?.removeEventListener('abort', cancel);
      // the cancel must land before the connection serves anyone else (a late one is ignored by
      // an idle backend, never delivered to the next statement)
      if (cancelling) await cancelling;
      await runner.release();
    }
  }

  private translate(e: unknown, signal: AbortSignal | undefined): unknown {
    const err = e as { code?: string; message?: string };
    if (err?.code !== QUERY_CANCELED) return e;
    if (/statement timeout/i.test(err.message ?? '')) {
      const seconds = this.config.INTERACTIVE_STATEMENT_TIMEOUT_MS / 1000;
      return new HttpException(
        {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'query_timeout',
          message: `The query ran longer than ${seconds} s (INTERACTIVE_STATEMENT_TIMEOUT_MS) and was stopped; narrow it (fewer conditions, shorter windows) or try again later`,
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return signal?.aborted ? clientGone() : e;
  }
}

// Nobody reads this answer (the client left); it only keeps the log free of a 500.
const clientGone = () => new HttpException({ statusCode: 499, error: 'client_closed_request', message: 'The client closed the request; its query was cancelled' }, 499);
