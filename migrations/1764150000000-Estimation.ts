import { MigrationInterface, QueryRunner } from 'typeorm';

// BG/NBD per business (spec/risk.md "Estimation"): the fitted parameters, and per client the
// expected visits in the next 30 days, P(alive) and the churn probability.
export class Estimation1764150000000 implements MigrationInterface {
  name = 'Estimation1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bgnbd_fit (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        r double precision NOT NULL,
        alpha double precision NOT NULL,
        a double precision NOT NULL,
        b double precision NOT NULL,
        log_likelihood double precision NOT NULL,
        -- time unit of alpha: weeks
        clients integer NOT NULL,
        distinct_rows integer NOT NULL,
        fitted_on date NOT NULL,
        fitted_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE client_estimate (
        client_id bigint PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        expected_visits_30d real NOT NULL CHECK (expected_visits_30d >= 0),
        p_alive real NOT NULL CHECK (p_alive BETWEEN 0 AND 1),
        churn_probability real NOT NULL CHECK (churn_probability BETWEEN 0 AND 100),
        computed_on date NOT NULL
      );
      CREATE INDEX client_estimate_business_churn_idx ON client_estimate (business_id, churn_probability);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS client_estimate, bgnbd_fit`);
  }
}
