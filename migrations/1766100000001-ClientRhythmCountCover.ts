import { MigrationInterface, QueryRunner } from 'typeorm';

// The overdue list's total and the categories' overdue counts read only the listed indexes
// (index-only scans): the two days that decide "overdue today" ride in them.
export class ClientRhythmCountCover1766100000001 implements MigrationInterface {
  name = 'ClientRhythmCountCover1766100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX client_rhythm_listed_idx;
      DROP INDEX client_rhythm_listed_all_idx;
      CREATE INDEX client_rhythm_listed_idx ON client_rhythm (business_id, service_category, due_on, client_id) INCLUDE (overdue_from, gone_from) WHERE listed;
      CREATE INDEX client_rhythm_listed_all_idx ON client_rhythm (business_id, due_on, client_id) INCLUDE (overdue_from, gone_from) WHERE listed;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX client_rhythm_listed_idx;
      DROP INDEX client_rhythm_listed_all_idx;
      CREATE INDEX client_rhythm_listed_idx ON client_rhythm (business_id, service_category, due_on, client_id) WHERE listed;
      CREATE INDEX client_rhythm_listed_all_idx ON client_rhythm (business_id, due_on, client_id) WHERE listed;
    `);
  }
}
