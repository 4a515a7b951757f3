import { MigrationInterface, QueryRunner } from 'typeorm';

// Jobs accepted while Redis was unreachable (issue #17 item 2). A producer that cannot reach
// Redis within its budget writes the job here instead; the relay in every API and worker
// process moves rows to their queue as soon as Redis answers again (on reconnect, and on a
// short interval) and deletes them in the same transaction. run_at keeps a delayed job's due
// time; a job id collapses repeats the way Bull would (first one wins).
export class JobOutbox1765700000000 implements MigrationInterface {
  name = 'JobOutbox1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        queue_name text COLLATE "C" NOT NULL,
        job_name text COLLATE "C" NOT NULL,
        job_id text COLLATE "C",
        data jsonb NOT NULL,
        opts jsonb NOT NULL DEFAULT '{}',
        run_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX job_outbox_job_id_key ON job_outbox (queue_name, job_id) WHERE job_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS job_outbox`);
  }
}
