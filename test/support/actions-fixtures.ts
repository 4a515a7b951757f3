import { DataSource } from 'typeorm';

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
