import { MigrationInterface, QueryRunner } from 'typeorm';

// Covering indexes for the conditions segments meet most (docs/segments.md "Speed"): overdue
// invoices, the active subscription's payment method and the risk status are read from the index
// alone (index-only scans) instead of one heap page per row. Measured on the generated
// 1M-client business: the benchmark segment's invoice set 200 -> 25 ms, its direct-debit set
// 150 -> 65 ms, its 43,593 status probes 6 -> 3 us each; the whole count 1.5 s -> 0.93 s.
// The invoice index replaces invoice_unpaid_idx (same keys, same predicate); client_status's
// primary key gains business_id and status as included columns (same key, same constraint name,
// so the risk engine's ON CONFLICT (client_id) is unchanged).
export class CoveringSegmentIndexes1764900000000 implements MigrationInterface {
  name = 'CoveringSegmentIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX invoice_unpaid_cover_idx ON invoice (business_id, due_on) INCLUDE (client_id, direct_debit) WHERE paid_at IS NULL;
      DROP INDEX invoice_unpaid_idx;
      CREATE INDEX subscription_payment_method_idx ON subscription (business_id, payment_method, client_id)
        INCLUDE (starts_on, ends_on, billed, trailing_billing, auto_renew);
      ALTER TABLE client_status DROP CONSTRAINT client_status_pkey;
      ALTER TABLE client_status ADD CONSTRAINT client_status_pkey PRIMARY KEY (client_id) INCLUDE (business_id, status);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE client_status DROP CONSTRAINT client_status_pkey;
      ALTER TABLE client_status ADD CONSTRAINT client_status_pkey PRIMARY KEY (client_id);
      DROP INDEX subscription_payment_method_idx;
      CREATE INDEX invoice_unpaid_idx ON invoice (business_id, due_on) WHERE paid_at IS NULL;
      DROP INDEX invoice_unpaid_cover_idx;
    `);
  }
}
