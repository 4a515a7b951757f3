import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from './roles.decorator';
import { modifiedRows, Queryable } from '../database/modified-rows';
import { isRowId } from '../common/row-id';

type UserStatus = 'active' | 'invited' | 'disabled';

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  staffId: string | null;
  staffName: string | null;
  status: UserStatus;
  lastSignInAt: Date | null;
  createdAt: Date;
}

interface UserCredentials {
  id: string;
  businessId: string;
  email: string;
  passwordHash: string | null;
  disabled: boolean;
}

const VIEW = `
SELECT u.id, u.email, u.name, u.role, u.staff_id::text AS "staffId",
       NULLIF(concat_ws(' ', s.first_name, s.last_name), '') AS "staffName",
       CASE WHEN u.disabled_at IS NOT NULL THEN 'disabled' WHEN u.password_hash IS NULL THEN 'invited' ELSE 'active' END AS status,
       u.last_sign_in_at AS "lastSignInAt", u.created_at AS "createdAt"
  FROM app_user u LEFT JOIN staff s ON s.business_id = u.business_id AND s.id = u.staff_id`;

/** Users of a business (app_user), scoped by business_id; emails are unique regardless of case. */
@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  async find(businessId: string, id: string, db: Queryable = this.ds): Promise<UserView | undefined> {
    const [row] = (await db.query(`${VIEW} WHERE u.business_id = $1 AND u.id = $2`, [businessId, id])) as UserView[];
    return row;
  }

  list(businessId: string): Promise<UserView[]> {
    return this.ds.query(`${VIEW} WHERE u.business_id = $1 ORDER BY lower(u.email)`, [businessId]);
  }

  /** Same statement whether or not the email exists (sign-in timing). */
  async credentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    const [row] = await this.ds.query(
      `SELECT id, business_id AS "businessId", email, password_hash AS "passwordHash", disabled_at IS NOT NULL AS disabled
         FROM app_user WHERE lower(email) = lower($1)`,
      [email.trim()],
    );
    return row;
  }

  async credentials(businessId: string, id: string, db: Queryable = this.ds): Promise<UserCredentials | undefined> {
    const [row] = (await db.query(
      `SELECT id, business_id AS "businessId", email, password_hash AS "passwordHash", disabled_at IS NOT NULL AS disabled
         FROM app_user WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    )) as UserCredentials[];
    return row;
  }

  /** Inserts a user; undefined when the email is taken (in any business). */
  async insert(db: Queryable, input: { businessId: string; email: string; name: string | null; role: Role; staffId: string | null; passwordHash: string | null }): Promise<string | undefined> {
    const [row] = (await db.query(
      `INSERT INTO app_user (business_id, email, name, role, staff_id, password_hash, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
      [input.businessId, input.email.trim(), input.name, input.role, input.staffId, input.passwordHash],
    )) as Array<{ id: string }>;
    return row?.id;
  }

  async update(db: Queryable, businessId: string, id: string, patch: { name?: string | null; role?: Role; staffId?: string | null; disabled?: boolean; passwordHash?: string }): Promise<boolean> {
    const rows = await modifiedRows(
      db,
      `UPDATE app_user SET
         name = CASE WHEN $3 THEN $4 ELSE name END,
         role = coalesce($5, role),
         staff_id = CASE WHEN $6 THEN $7::bigint ELSE staff_id END,
         disabled_at = CASE WHEN $8::boolean IS NULL THEN disabled_at WHEN $8 THEN coalesce(disabled_at, now()) ELSE NULL END,
         password_hash = coalesce($9, password_hash),
         password_changed_at = CASE WHEN $9::text IS NULL THEN password_changed_at ELSE now() END,
         updated_at = now()
       WHERE business_id = $1 AND id = $2 RETURNING id`,
      [businessId, id, patch.name !== undefined, patch.name ?? null, patch.role ?? null, patch.staffId !== undefined, patch.staffId ?? null, patch.disabled ?? null, patch.passwordHash ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Locks the business's admin rows (FOR UPDATE, in id order) and answers the ids of those who
   * can sign in: callers then decide "is this the last one" without a concurrent demotion racing.
   */
  async lockActiveAdmins(db: Queryable, businessId: string): Promise<string[]> {
    const rows = (await db.query(
      `SELECT id, disabled_at IS NULL AND password_hash IS NOT NULL AS active FROM app_user
        WHERE business_id = $1 AND role = 'admin' ORDER BY id FOR UPDATE`,
      [businessId],
    )) as Array<{ id: string; active: boolean }>;
    return rows.filter((r) => r.active).map((r) => r.id);
  }

  async markSignedIn(id: string): Promise<void> {
    await this.ds.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [id]);
  }

  /** An active staff member of the business, by id. */
  async staffExists(businessId: string, staffId: string): Promise<boolean> {
    if (!isRowId(staffId)) return false;
    const rows = await this.ds.query(`SELECT 1 FROM staff WHERE business_id = $1 AND id = $2 AND active`, [businessId, staffId]);
    return rows.length > 0;
  }

  /** Staff ids of the business with this external id (any source unless given). */
  async staffByExternalId(businessId: string, externalId: string, source?: string): Promise<string[]> {
    const rows = await this.ds.query(`SELECT id::text FROM staff WHERE business_id = $1 AND external_id = $2 AND ($3::text IS NULL OR source = $3) AND active ORDER BY id`, [
      businessId,
      externalId,
      source ?? null,
    ]);
    return rows.map((r: { id: string }) => r.id);
  }
}
