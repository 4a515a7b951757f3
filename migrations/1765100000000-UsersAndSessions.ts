import { MigrationInterface, QueryRunner } from 'typeorm';

// People who sign in (spec/web.md "Users, sign-in and sessions", docs/auth.md). app_user existed
// unused since the canonical model; it now gets a name, disabled/sign-in/password times, an
// email unique across all businesses regardless of case (sign-in asks for an email only), and a
// staff link that must be a staff member of the same business (composite key, as api_key has).
// Sessions and invitation/reset links store only the SHA-256 of their random token: a database
// leak yields nothing to present. Every table carries business_id (the tenant walls and the
// access test's fingerprint rely on it).
export class UsersAndSessions1765100000000 implements MigrationInterface {
  name = 'UsersAndSessions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP CONSTRAINT app_user_business_id_email_key;
      ALTER TABLE app_user DROP CONSTRAINT app_user_staff_id_fkey;
      ALTER TABLE app_user
        ADD COLUMN name text CHECK (length(name) BETWEEN 1 AND 200),
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN last_sign_in_at timestamptz,
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT app_user_email_check CHECK (length(email) BETWEEN 3 AND 254 AND email = btrim(email)),
        ADD CONSTRAINT app_user_business_id_id_key UNIQUE (business_id, id),
        ADD CONSTRAINT app_user_staff_fk FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (staff_id);
      CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
      CREATE INDEX app_user_business_idx ON app_user (business_id, role);

      CREATE TABLE user_session (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        user_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- refreshed at most once a minute; the idle timeout counts from it
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('sign_out','password_changed','disabled','replaced')),
        ip text CHECK (length(ip) <= 100),
        user_agent text CHECK (length(user_agent) <= 500),
        FOREIGN KEY (business_id, user_id) REFERENCES app_user (business_id, id) ON DELETE CASCADE
      );
      CREATE INDEX user_session_live_idx ON user_session (user_id) WHERE ended_at IS NULL;
      CREATE INDEX user_session_business_idx ON user_session (business_id);

      CREATE TABLE user_link_token (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('invite','reset')),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        -- a newer link for the same user made this one dead (re-sent invitation, password set)
        revoked_at timestamptz,
        FOREIGN KEY (business_id, user_id) REFERENCES app_user (business_id, id) ON DELETE CASCADE
      );
      CREATE INDEX user_link_token_user_idx ON user_link_token (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;
      CREATE INDEX user_link_token_business_idx ON user_link_token (business_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE user_link_token;
      DROP TABLE user_session;
      DROP INDEX app_user_business_idx;
      DROP INDEX app_user_email_key;
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_staff_fk,
        DROP CONSTRAINT app_user_business_id_id_key,
        DROP CONSTRAINT app_user_email_check,
        DROP COLUMN updated_at,
        DROP COLUMN password_changed_at,
        DROP COLUMN last_sign_in_at,
        DROP COLUMN disabled_at,
        DROP COLUMN name;
      ALTER TABLE app_user ADD CONSTRAINT app_user_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES staff(id) ON DELETE SET NULL;
      ALTER TABLE app_user ADD CONSTRAINT app_user_business_id_email_key UNIQUE (business_id, email);
    `);
  }
}
