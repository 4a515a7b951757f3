import { MigrationInterface, QueryRunner } from 'typeorm';

// The health score (spec/risk.md "Health score"): per scored member the score, its band, each
// signal (0-100) and its weighted contribution, plus the usage-drop state the triggers need
// between passes (docs/risk-engine.md "Health score").
export class HealthScore1764200000000 implements MigrationInterface {
  name = 'HealthScore1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_health (
        client_id bigint PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
        band text NOT NULL CHECK (band IN ('green','yellow','red')),
        -- weighted points per signal; they add up to the unrounded score
        contributions jsonb NOT NULL,
        -- each signal 0-100, null when left out (no bookings / no invoice data in the business)
        signals jsonb NOT NULL,
        usage_dropped boolean NOT NULL DEFAULT false,
        -- the pass day on which these values were last written (unchanged values are not rewritten)
        computed_on date NOT NULL
      );
      CREATE INDEX client_health_business_band_idx ON client_health (business_id, band);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS client_health`);
  }
}
