import request from 'supertest';
import { DataSource } from 'typeorm';
import { newBusiness } from './factories';

// Businesses, staff and clients for the automation tests: each test gets its own business, so
// events of one never reach another's automations.

export interface AutomationsFixture {
  businessId: string;
  apiKey: string;
  ownerId: string;
  ownerEmail: string;
  /** client ids in order */
  clients: string[];
  emails: string[];
  /** import external ids (for visits through the import API) */
  externalIds: string[];
}

/** A business with no quiet hours and no frequency cap, an owner (staff) and n clients owned by them. */
export async function automationsBusiness(ds: DataSource, url: string, prefix: string, n: number, opts: { timezone?: string; member?: boolean } = {}): Promise<AutomationsFixture> {
  const b = await newBusiness(ds, { name: `Gym ${prefix}`, timezone: opts.timezone ?? 'Europe/Stockholm' });
  await request(url).put('/api/v1/settings/messaging').set('Authorization', `Bearer ${b.apiKey}`).send({ quietHours: null, frequencyCap: null }).expect(200);
  const ownerEmail = `owner-${prefix}@staff.test`;
  const [owner] = await ds.query(`INSERT INTO staff (business_id, source, external_id, first_name, email, active) VALUES ($1, 'import', $2, 'Olga', $3, true) RETURNING id::text`, [
    b.businessId,
    `owner-${prefix}`,
    ownerEmail,
  ]);
  const rows: Array<{ id: string; email: string; external_id: string }> = await ds.query(
    `INSERT INTO client (business_id, source, external_id, first_name, email, email_consent, owner_staff_id, is_member)
     SELECT $1, 'import', $2 || '-' || g, 'C' || g, $2 || '-' || g || '@example.test', true, $4, $5
       FROM generate_series(0, $3 - 1) g ORDER BY g
     RETURNING id::text, email, external_id`,
    [b.businessId, prefix, n, owner.id, opts.member ?? null],
  );
  return { ...b, ownerId: owner.id, ownerEmail, clients: rows.map((r) => r.id), emails: rows.map((r) => r.email), externalIds: rows.map((r) => r.external_id) };
}

/** One email step (subject names the step, so tests can count arrivals per step). */
export const emailStep = (key: string, subject = `${key} for {{client.first_name}}`) => ({
  key,
  type: 'send',
  channel: 'email',
  template: { subject, text: 'Come back! {{unsubscribe_url}}' },
});
