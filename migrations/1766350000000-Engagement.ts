import { MigrationInterface, QueryRunner } from 'typeorm';

// Engagement (docs/actions.md "Engagement"): the links of every sent email and SMS (the click
// redirect /c/<token> resolves one by its primary key), the clicks and the pixel's opens.
// Reports use the first click per touch; every click is kept.
export class Engagement1766350000000 implements MigrationInterface {
  name = 'Engagement1766350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE touch_link (
        touch_id bigint NOT NULL REFERENCES touch(id) ON DELETE CASCADE,
        idx int NOT NULL CHECK (idx >= 0),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        url text NOT NULL,
        PRIMARY KEY (touch_id, idx)
      );
      CREATE INDEX touch_link_business_client ON touch_link (business_id, client_id);

      CREATE TABLE touch_click (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        touch_id bigint NOT NULL REFERENCES touch(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        url text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX touch_click_touch ON touch_click (business_id, touch_id, at);
      CREATE INDEX touch_click_client ON touch_click (business_id, client_id, at);

      CREATE TABLE touch_open (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        touch_id bigint NOT NULL REFERENCES touch(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX touch_open_touch ON touch_open (business_id, touch_id, at);
      CREATE INDEX touch_open_client ON touch_open (business_id, client_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE touch_open; DROP TABLE touch_click; DROP TABLE touch_link;`);
  }
}
