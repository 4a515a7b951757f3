import { MigrationInterface, QueryRunner } from 'typeorm';

// The overview's member count (docs/overview.md): counting members now means evaluating every
// client's packages, 5-10 s at 1M clients, so a business whose count takes long is counted at most
// about once a minute, in the background, and the answer says when (membersAsOf). One row per
// business: the last count, how long it took, and a claim so only one API process recounts.
export class OverviewMemberCount1765300000000 implements MigrationInterface {
  name = 'OverviewMemberCount1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE overview_member_count (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        clients integer NOT NULL,
        members integer NOT NULL,
        unassessed integer NOT NULL,
        unscored integer NOT NULL,
        computed_at timestamptz NOT NULL,
        took_ms integer NOT NULL,
        refreshing_since timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS overview_member_count`);
  }
}
