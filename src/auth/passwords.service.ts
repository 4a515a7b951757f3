import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessRepository } from '../business';
import { DomainError, ErrorCode } from '../common/domain-error';
import { resetEmail } from './auth-emails';
import { SystemMailer } from '../common/system-mailer';
import { invalidField, linkGone, linkNotFound } from './auth.errors';
import { LinkDto } from './dto/link.dto';
import { LINK_TTL_HOURS, LinkTokensRepository } from './link-tokens.repository';
import { hashPassword, verifyPassword } from './password';
import { Principal } from './principal';
import { LimiterUnavailableError, RateLimiter } from './rate-limiter';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { emailLimitKey, SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_SECONDS } from './sign-in.service';
import { tooManySignIns } from './auth.errors';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

// "Forgot password" mails at most this many links per email and hour (a mail bomb, not a guess)
const FORGOT_PER_HOUR = 5;

/** Links (inspect, set a password with one), forgot password, change password. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly links: LinkTokensRepository,
    private readonly sessionRows: SessionsRepository,
    private readonly sessions: SessionsService,
    private readonly businesses: BusinessRepository,
    private readonly mailer: SystemMailer,
    private readonly limiter: RateLimiter,
  ) {}

  async inspect(token: string): Promise<LinkDto> {
    const link = await this.links.inspect(token);
    if (!link) throw linkNotFound();
    if (link.state !== 'valid') throw linkGone(link.state);
    return { kind: link.kind, email: link.email };
  }

  /**
   * Sets the password through a link and signs the user in. The link is locked and marked used in
   * the same transaction, so two tabs racing with one link set one password; every other session
   * and link of the user ends.
   */
  async setWithLink(input: { token: string; password: string; ip: string; userAgent: string | null }): Promise<{ businessId: string; userId: string; sessionId: string; token: string }> {
    const passwordHash = await hashPassword(input.password);
    return this.ds.transaction(async (m) => {
      const link = await this.links.inspect(input.token, m, true);
      if (!link) throw linkNotFound();
      if (link.state !== 'valid') throw linkGone(link.state);
      await this.links.markUsed(m, link.id);
      await this.links.revokeAll(m, link.businessId, link.userId);
      await this.users.update(m, link.businessId, link.userId, { passwordHash });
      await this.sessionRows.endAllOfUser(m, link.businessId, link.userId, 'password_changed');
      const session = await this.sessions.start({ businessId: link.businessId, userId: link.userId, ip: input.ip, userAgent: input.userAgent }, m);
      await m.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [link.userId]);
      return { businessId: link.businessId, userId: link.userId, sessionId: session.id, token: session.token };
    });
  }

  /**
   * Mails a reset link when the email belongs to a user who may sign in. Runs after the answer is
   * sent, so neither the answer nor its timing says whether the email is known.
   */
  forgot(email: string): void {
    void this.sendReset(email).catch((e) => this.logger.error(`password reset mail failed: ${(e as Error).message}`));
  }

  /** Changes the caller's password; every other session of the user ends. */
  async change(p: Principal, currentSessionId: string | null, currentPassword: string, newPassword: string): Promise<void> {
    if (p.kind !== 'session' || !p.userId) throw new DomainError(ErrorCode.Forbidden, 'changing a password needs a signed-in user, not an API key');
    const user = await this.users.credentials(p.businessId, p.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthorized, 'Your session has ended; sign in again');
    // a stolen session may not guess the password faster than sign-in could
    const key = emailLimitKey(user.email);
    const counted = await this.limiter.hit(key, SIGN_IN_WINDOW_SECONDS).catch((e) => {
      if (e instanceof LimiterUnavailableError) return undefined;
      throw e;
    });
    if (counted && counted.count > SIGN_IN_MAX_FAILURES) throw tooManySignIns(counted.retryAfter);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw invalidField('currentPassword', 'is not right');
    await this.limiter.clear(key).catch(() => undefined);
    const passwordHash = await hashPassword(newPassword);
    await this.ds.transaction(async (m) => {
      await this.users.update(m, p.businessId, p.userId!, { passwordHash });
      await this.sessionRows.endAllOfUser(m, p.businessId, p.userId!, 'password_changed', currentSessionId);
      await this.links.revokeAll(m, p.businessId, p.userId!);
    });
  }

  private async sendReset(email: string): Promise<void> {
    const user = await this.users.credentialsByEmail(email);
    if (!user || user.disabled) return;
    const sent = await this.limiter.hit(`forgot:${emailLimitKey(email)}`, 3600).catch(() => undefined);
    if (sent && sent.count > FORGOT_PER_HOUR) {
      this.logger.warn(`password reset for user ${user.id} not mailed: more than ${FORGOT_PER_HOUR} asked within an hour`);
      return;
    }
    const link = await this.usersService.resetLink(user.businessId, user.id);
    const business = await this.businesses.findById(user.businessId);
    if (!link || !business) return;
    await this.mailer.send(user.businessId, user.email, resetEmail({ businessName: business.name, url: link.url, minutes: LINK_TTL_HOURS.reset * 60 }));
  }
}
