import { DataSource } from 'typeorm';

// Row fingerprints without surrogate ids, tenant ids or insert times: references are
// followed to the referenced row's external id, so two databases can be compared.
export const CHECKSUMS: Record<string, string> = {
  client: `SELECT md5(string_agg(concat_ws('|', c.external_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date, c.gender,
             c.customer_type, l.external_id, s.external_id, c.suspended, c.email_consent, c.sms_consent, c.push_tokens::text,
             c.registered_at, c.first_visit_on, c.last_visit_on), ',' ORDER BY c.external_id))
           FROM client c LEFT JOIN location l ON l.id = c.home_location_id LEFT JOIN staff s ON s.id = c.owner_staff_id
           WHERE c.business_id = $1`,
  visit: `SELECT md5(string_agg(concat_ws('|', v.external_id, c.external_id, l.external_id, b.external_id, v.visited_at, v.visited_on, v.kind),
            ',' ORDER BY v.external_id))
          FROM visit v JOIN client c ON c.id = v.client_id LEFT JOIN location l ON l.id = v.location_id LEFT JOIN booking b ON b.id = v.booking_id
          WHERE v.business_id = $1`,
  booking: `SELECT md5(string_agg(concat_ws('|', b.external_id, c.external_id, p.external_id, b.kind, b.name, b.service_category, b.starts_at,
              b.booked_at, b.state, b.no_show_active, b.booked_via), ',' ORDER BY b.external_id))
            FROM booking b JOIN client c ON c.id = b.client_id LEFT JOIN product p ON p.id = b.product_id WHERE b.business_id = $1`,
  subscription: `SELECT md5(string_agg(concat_ws('|', s.external_id, c.external_id, p.external_id, s.starts_on, s.ends_on, s.binding_ends_on,
                   s.auto_renew, s.payment_method, s.price, s.billing_unit, s.billing_interval, s.billed, s.trailing_billing,
                   s.cancelled_at, s.cancellation_kind, s.cancellation_reason), ',' ORDER BY s.external_id))
                 FROM subscription s JOIN client c ON c.id = s.client_id LEFT JOIN product p ON p.id = s.product_id WHERE s.business_id = $1`,
  freeze: `SELECT md5(string_agg(concat_ws('|', f.external_id, s.external_id, f.starts_on, f.ends_on), ',' ORDER BY f.external_id))
           FROM subscription_freeze f JOIN subscription s ON s.id = f.subscription_id WHERE f.business_id = $1`,
  quota: `SELECT md5(string_agg(concat_ws('|', q.external_id, c.external_id, q.name, q.total_units, q.used_units, q.expires_on), ',' ORDER BY q.external_id))
          FROM quota q JOIN client c ON c.id = q.client_id WHERE q.business_id = $1`,
  sale: `SELECT md5(string_agg(concat_ws('|', s.external_id, c.external_id, s.sold_at, s.quantity, s.amount), ',' ORDER BY s.external_id))
         FROM sale s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1`,
  invoice: `SELECT md5(string_agg(concat_ws('|', i.external_id, c.external_id, i.amount, i.due_on, i.paid_at, i.direct_debit), ',' ORDER BY i.external_id))
            FROM invoice i JOIN client c ON c.id = i.client_id WHERE i.business_id = $1`,
  visitWeek: `SELECT md5(string_agg(concat_ws('|', c.external_id, w.week_start, w.visit_days), ',' ORDER BY c.external_id, w.week_start))
              FROM client_visit_week w JOIN client c ON c.id = w.client_id WHERE w.business_id = $1`,
  // the replayed status history (its times are replayed midnights, so they compare too)
  statusChange: `SELECT md5(string_agg(concat_ws('|', c.external_id, x.from_status, x.to_status, x.tags::text, x.score, x.changed_at, x.reason),
                   ',' ORDER BY c.external_id, x.changed_at))
                 FROM status_change x JOIN client c ON c.id = x.client_id WHERE x.business_id = $1`,
  clientStatus: `SELECT md5(string_agg(concat_ws('|', c.external_id, s.status, s.tags::text, s.score, s.since, s.reason), ',' ORDER BY c.external_id))
                 FROM client_status s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1`,
};

/** Fingerprint per table of one business's rows, comparable across databases. */
export async function checksums(ds: DataSource, businessId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, sql] of Object.entries(CHECKSUMS)) out[name] = (await ds.query(sql, [businessId]))[0].md5;
  return out;
}
