import { QueryRunner } from 'typeorm';
import { DEMO_LOCATIONS, DEMO_PRODUCTS, DEMO_SOURCE, DEMO_STAFF, DemoProductKey } from './demo-catalog';

export interface DemoCatalogIds {
  locations: string[];
  staff: string[];
  products: Record<DemoProductKey, string>;
}

// Writes the handful of reference rows (one statement per table) and returns their ids.
export async function insertCatalog(runner: QueryRunner, businessId: string): Promise<DemoCatalogIds> {
  const locations: { id: string }[] = await runner.query(
    `INSERT INTO location (business_id, source, external_id, name)
     SELECT $1, $2, e, n FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(e, n, o) ORDER BY o
     RETURNING id::text`,
    [businessId, DEMO_SOURCE, DEMO_LOCATIONS.map((l) => l.externalId), DEMO_LOCATIONS.map((l) => l.name)],
  );
  const staff: { id: string }[] = await runner.query(
    `INSERT INTO staff (business_id, source, external_id, first_name, last_name, email, phone, role)
     SELECT $1, $2, e, f, l, lower(f) || '.' || translate(lower(l), 'åäö', 'aao') || '@demo-gym.example', '+46 8 555 010 ' || lpad(o::text, 2, '0'), r
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(e, f, l, r, o) ORDER BY o
     RETURNING id::text`,
    [businessId, DEMO_SOURCE, DEMO_STAFF.map((s) => s.externalId), DEMO_STAFF.map((s) => s.firstName), DEMO_STAFF.map((s) => s.lastName), DEMO_STAFF.map((s) => s.role)],
  );
  const keys = Object.keys(DEMO_PRODUCTS) as DemoProductKey[];
  const specs = keys.map((k) => DEMO_PRODUCTS[k]);
  const products: { id: string; external_id: string }[] = await runner.query(
    `INSERT INTO product (business_id, source, external_id, name, kind, labels, service_category, price)
     SELECT $1, $2, e, n, k, string_to_array(l, ','), c, p
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[]) AS t(e, n, k, l, c, p)
     RETURNING id::text, external_id`,
    [
      businessId,
      DEMO_SOURCE,
      specs.map((s) => s.externalId),
      specs.map((s) => s.name),
      specs.map((s) => s.kind),
      specs.map((s) => s.labels.join(',')),
      specs.map((s) => s.category),
      specs.map((s) => s.price),
    ],
  );
  const byExternal = new Map(products.map((p) => [p.external_id, p.id]));
  const ids = Object.fromEntries(keys.map((k) => [k, byExternal.get(DEMO_PRODUCTS[k].externalId)!])) as Record<DemoProductKey, string>;
  return { locations: locations.map((l) => l.id), staff: staff.map((s) => s.id), products: ids };
}
