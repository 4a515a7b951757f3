import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { setPasswordUrl } from './auth-emails';
import { invalidField, userNotFound } from './auth.errors';
import { LinkKind, LinkTokensRepository } from './link-tokens.repository';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { Role } from './roles.decorator';
import { SessionsRepository } from './sessions.repository';
import { Queryable } from '../database/modified-rows';
import { UsersRepository, UserView } from './users.repository';

interface NewUser {
  businessId: string;
  email: string;
  name?: string | null;
  role: Role;
  staffId?: string | null;
}

export interface UserLink {
  kind: LinkKind;
  token: string;
  url: string;
  expiresAt: Date;
}

const emailTaken = () => new DomainError(ErrorCode.Conflict, 'email: a user with this email already exists');

/**
 * Users of a business: creation (with a password, or invited with a one-time link), changes of
 * name, role, staff link and disabled state. Exported facade of the auth module.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly links: LinkTokensRepository,
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** For code outside Nest (CLI, demo scripts) that has a DataSource and the config. */
  static using(ds: DataSource, config: AppConfig): UsersService {
    return new UsersService(ds, new UsersRepository(ds), new LinkTokensRepository(ds), new SessionsRepository(ds), config);
  }

  list(businessId: string): Promise<UserView[]> {
    return this.users.list(businessId);
  }

  async get(businessId: string, id: string): Promise<UserView> {
    const user = await this.users.find(businessId, id);
    if (!user) throw userNotFound();
    return user;
  }

  /**
   * A user who can sign in at once (the demo's users, tests). The same email in the same business
   * is updated instead (name, role, staff, password; enabled again), so re-running is harmless.
   */
  async createWithPassword(input: NewUser & { password: string }): Promise<UserView> {
    if (input.password.length < MIN_PASSWORD_LENGTH) throw invalidField('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    await this.checkStaff(input.businessId, input.role, input.staffId ?? null);
    const passwordHash = await hashPassword(input.password);
    const id = await this.ds.transaction(async (m) => {
      const created = await this.users.insert(m, { ...this.fields(input), passwordHash });
      if (created) return created;
      const existing = await this.users.credentialsByEmail(input.email);
      if (!existing || existing.businessId !== input.businessId) throw emailTaken();
      await this.users.update(m, input.businessId, existing.id, { name: input.name ?? null, role: input.role, staffId: input.staffId ?? null, disabled: false, passwordHash });
      return existing.id;
    });
    return (await this.users.find(input.businessId, id))!;
  }

  /** A user without a password yet, and the one-time link (72 h) to choose one. */
  async createInvited(input: NewUser): Promise<{ user: UserView; link: UserLink }> {
    await this.checkStaff(input.businessId, input.role, input.staffId ?? null);
    const { id, link } = await this.ds.transaction(async (m) => {
      const created = await this.users.insert(m, { ...this.fields(input), passwordHash: null });
      if (!created) throw emailTaken();
      return { id: created, link: await this.issueLink(m, input.businessId, created, 'invite') };
    });
    return { user: (await this.users.find(input.businessId, id))!, link };
  }

  /** A fresh invitation link for a user who has not set a password; older links die. */
  async renewInvitation(businessId: string, id: string): Promise<{ user: UserView; link: UserLink }> {
    const user = await this.get(businessId, id);
    if (user.status !== 'invited') {
      throw new DomainError(ErrorCode.Conflict, user.status === 'active' ? 'this user has already set a password; they can use "Forgot password"' : 'this user is disabled; enable them first');
    }
    return { user, link: await this.issueLink(this.ds, businessId, id, 'invite') };
  }

  /** A password-reset link (1 h) for a user who may sign in; undefined for a disabled one. */
  async resetLink(businessId: string, id: string): Promise<UserLink | undefined> {
    const user = await this.users.find(businessId, id);
    if (!user || user.status === 'disabled') return undefined;
    return this.issueLink(this.ds, businessId, id, 'reset');
  }

  /**
   * Name, role, staff link, disabled. The last active admin of a business can be neither demoted
   * nor disabled (409); disabling ends the user's sessions and links in the same transaction.
   */
  async update(businessId: string, id: string, patch: { name?: string | null; role?: Role; staffId?: string | null; disabled?: boolean }): Promise<UserView> {
    await this.ds.transaction(async (m) => {
      const activeAdmins = await this.users.lockActiveAdmins(m, businessId);
      const user = await this.users.find(businessId, id, m);
      if (!user) throw userNotFound();
      const losesAdmin = activeAdmins.includes(id) && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
      if (losesAdmin && activeAdmins.length <= 1) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${user.email} is the last active admin of this business; make another user an admin before ${patch.disabled ? 'disabling' : 'changing the role of'} this one`,
        );
      }
      const role = patch.role ?? user.role;
      const staffId = patch.staffId !== undefined ? patch.staffId : user.staffId;
      if (patch.staffId) await this.checkStaff(businessId, role, patch.staffId);
      else if (role === 'staff' && !staffId) throw staffRequired();
      await this.users.update(m, businessId, id, patch);
      if (patch.disabled === true && user.status !== 'disabled') {
        await this.sessions.endAllOfUser(m, businessId, id, 'disabled');
        await this.links.revokeAll(m, businessId, id);
      }
    });
    return this.get(businessId, id);
  }

  private fields(input: NewUser) {
    return { businessId: input.businessId, email: input.email, name: input.name?.trim() || null, role: input.role, staffId: input.staffId ?? null };
  }

  private async issueLink(db: Queryable, businessId: string, userId: string, kind: LinkKind): Promise<UserLink> {
    const { token, expiresAt } = await this.links.issue(db, { businessId, userId, kind });
    return { kind, token, url: setPasswordUrl(this.config.PUBLIC_BASE_URL, token), expiresAt };
  }

  private async checkStaff(businessId: string, role: Role, staffId: string | null): Promise<void> {
    if (role === 'staff' && !staffId) throw staffRequired();
    if (staffId && !(await this.users.staffExists(businessId, staffId))) throw invalidField('staffId', 'is not an active staff member of this business');
  }
}

const staffRequired = () => invalidField('staffId', 'is required for the staff role (the staff member whose tasks are "my tasks")');
