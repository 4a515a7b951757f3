import { DataSource } from 'typeorm';
import { newBusiness } from './factories';

export interface ClientSeed {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  emailConsent?: boolean | null;
  smsConsent?: boolean | null;
  pushTokens?: string[];
}

/** Inserts clients (source 'test') in one statement; returns their ids in order. */
export async function seedClients(ds: DataSource, businessId: string, seeds: ClientSeed[]): Promise<string[]> {
  if (!seeds.length) return [];
  const prefix = Math.random().toString(36).slice(2, 10);
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO client (business_id, source, external_id, first_name, last_name, email, phone, email_consent, sms_consent, push_tokens)
     SELECT $1, 'test', $2 || '-' || n, f, l, e, p, ec, sc, coalesce(pt, '{}')::text[]
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[], $9::text[]) WITH ORDINALITY AS s(f, l, e, p, ec, sc, pt, n)
     ORDER BY n
     RETURNING id::text AS id`,
    [
      businessId,
      prefix,
      seeds.map((s) => (s.firstName === undefined ? 'Alex' : s.firstName)),
      seeds.map((s) => (s.lastName === undefined ? 'Member' : s.lastName)),
      seeds.map((s, i) => (s.email === undefined ? `member-${prefix}-${i}@example.test` : s.email)),
      seeds.map((s) => s.phone ?? null),
      seeds.map((s) => (s.emailConsent === undefined ? true : s.emailConsent)),
      seeds.map((s) => (s.smsConsent === undefined ? true : s.smsConsent)),
      seeds.map((s) => (s.pushTokens ? `{${s.pushTokens.map((t) => `"${t}"`).join(',')}}` : null)),
    ],
  );
  return rows.map((r) => r.id);
}

/** Quiet hours off (tests run at any hour) unless a test sets them. */
export async function noQuietHours(ds: DataSource, businessId: string): Promise<void> {
  await ds.query(`UPDATE business SET settings = jsonb_set(settings, '{messaging}', coalesce(settings -> 'messaging', '{}') || '{"quietHours": null}') WHERE id = $1`, [businessId]);
}

export async function touchesOf(ds: DataSource, businessId: string, origin: string): Promise<Array<Record<string, any>>> {
  return ds.query(
    `SELECT id::text AS id, client_id::text AS client_id, status, blocked_reason, deferred_reason, error_code, error, provider_message_id, attempts, due_at
       FROM touch WHERE business_id = $1 AND origin = $2 ORDER BY touch.client_id`,
    [businessId, origin],
  );
}

/**
 * A business with no quiet hours and `n` consenting members mailed at `<prefix>-<i>@example.test`:
 * the audience of the crash and outage tests (a worker killed, Redis or the relay gone mid-send).
 */
export async function mailableAudience(ds: DataSource, prefix: string, n: number): Promise<{ businessId: string; ids: string[] }> {
  const { businessId } = await newBusiness(ds);
  await noQuietHours(ds, businessId);
  const ids = await seedClients(
    ds,
    businessId,
    Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${i}@example.test` })),
  );
  return { businessId, ids };
}
