import { DataSource } from 'typeorm';

// Staff, clients and teams for the staff-task tests, written straight to the canonical tables
// (source 'import', so the import API can reference them by external id).

export interface StaffSeed {
  key: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  active?: boolean;
}

export interface ClientSeed {
  key: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  /** staff id (not key) */
  ownerStaffId?: string | null;
}

export async function seedStaff(ds: DataSource, businessId: string, rows: StaffSeed[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const [row] = await ds.query(`INSERT INTO staff (business_id, source, external_id, first_name, last_name, email, active) VALUES ($1, 'import', $2, $3, $4, $5, $6) RETURNING id::text`, [
      businessId,
      r.key,
      r.firstName ?? r.key,
      r.lastName ?? null,
      r.email === undefined ? `${r.key}@staff.test` : r.email,
      r.active ?? true,
    ]);
    out[r.key] = row.id;
  }
  return out;
}

export async function seedClients(ds: DataSource, businessId: string, rows: ClientSeed[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const [row] = await ds.query(
      `INSERT INTO client (business_id, source, external_id, first_name, last_name, email, phone, owner_staff_id)
       VALUES ($1, 'import', $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [businessId, r.key, r.firstName === undefined ? r.key : r.firstName, r.lastName ?? null, r.email ?? null, r.phone ?? null, r.ownerStaffId ?? null],
    );
    out[r.key] = row.id;
  }
  return out;
}

/** n clients named prefix-0..n-1 in one statement; their ids in order. */
export async function seedManyClients(ds: DataSource, businessId: string, prefix: string, n: number, ownerStaffId: string | null = null): Promise<string[]> {
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO client (business_id, source, external_id, first_name, owner_staff_id)
     SELECT $1, 'import', $2 || '-' || g, 'Client ' || g, $4 FROM generate_series(0, $3 - 1) g ORDER BY g RETURNING id::text`,
    [businessId, prefix, n, ownerStaffId],
  );
  return rows.map((r) => r.id);
}

export async function seedTeam(ds: DataSource, businessId: string, name: string, staffIds: string[]): Promise<string> {
  const [team] = await ds.query(`INSERT INTO staff_team (business_id, name) VALUES ($1, $2) RETURNING id::text`, [businessId, name]);
  for (const s of staffIds) await ds.query(`INSERT INTO staff_team_member (business_id, team_id, staff_id) VALUES ($1, $2, $3)`, [businessId, team.id, s]);
  return team.id;
}

export async function taskRow(ds: DataSource, id: string): Promise<Record<string, any>> {
  const [row] = await ds.query(`SELECT *, id::text AS id, assignee_staff_id::text AS assignee_staff_id, client_id::text AS client_id FROM staff_task WHERE id = $1`, [id]);
  return row;
}
