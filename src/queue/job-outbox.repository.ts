import { Injectable } from '@nestjs/common';
import { JobOptions } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { QueueName } from './queue-names';

interface OutboxJob {
  queue: QueueName;
  name: string;
  data: unknown;
  opts?: JobOptions;
}

export interface OutboxRow {
  id: string;
  queue: QueueName;
  name: string;
  data: unknown;
  opts: JobOptions;
  /** milliseconds until the job is due (0 when it already is) */
  delayMs: number;
}

/** job_outbox: jobs accepted while Redis was unreachable, waiting for the relay. */
@Injectable()
export class JobOutboxRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores jobs; a job id already waiting in the outbox for the same queue keeps the first. */
  async store(jobs: OutboxJob[]): Promise<void> {
    if (!jobs.length) return;
    const rows = jobs.map((j) => {
      const { delay, jobId, ...opts } = j.opts ?? {};
      return { q: j.queue, n: j.name, j: jobId === undefined ? null : String(jobId), d: j.data ?? {}, o: opts, ms: Math.max(0, delay ?? 0) };
    });
    await this.ds.query(
      `INSERT INTO job_outbox (queue_name, job_name, job_id, data, opts, run_at)
       SELECT x.q, x.n, x.j, x.d, x.o, now() + make_interval(secs => x.ms / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS x(q text, n text, j text, d jsonb, o jsonb, ms float8)
       ON CONFLICT (queue_name, job_id) WHERE job_id IS NOT NULL DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Runs fn on the oldest waiting jobs (locked, skipped by other relays) and deletes them if
   * fn returns; if fn throws they stay for the next round.
   */
  async drainBatch(limit: number, fn: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.ds.transaction(async (m: EntityManager) => {
      const rows: Array<{ id: string; queue_name: QueueName; job_name: string; job_id: string | null; data: unknown; opts: JobOptions; delay_ms: number }> = await m.query(
        `SELECT id::text, queue_name, job_name, job_id, data, opts,
                greatest(0, ceil(extract(epoch FROM run_at - clock_timestamp()) * 1000))::float8 AS delay_ms
           FROM job_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!rows.length) return 0;
      await fn(
        rows.map((r) => ({
          id: r.id,
          queue: r.queue_name,
          name: r.job_name,
          data: r.data,
          opts: { ...r.opts, ...(r.job_id === null ? {} : { jobId: r.job_id }), ...(r.delay_ms > 0 ? { delay: r.delay_ms } : {}) },
          delayMs: r.delay_ms,
        })),
      );
      await m.query(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async hasWaiting(): Promise<boolean> {
    const [{ waiting }] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM job_outbox) AS waiting`);
    return waiting;
  }

  async count(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM job_outbox`);
    return n;
  }
}
