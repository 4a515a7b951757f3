import { Injectable, Logger } from '@nestjs/common';
import { BusinessRepository } from '../business';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { invitationEmail } from './auth-emails';
import { SystemMailer } from '../common/system-mailer';
import { InviteUserDto } from './dto/invite-user.dto';
import { LINK_TTL_HOURS } from './link-tokens.repository';
import { UsersService, UserLink } from './users.service';
import { UserView } from './users.repository';

/** Invitations by email: a user without a password and a link valid 72 hours. */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly users: UsersService,
    private readonly businesses: BusinessRepository,
    private readonly mailer: SystemMailer,
  ) {}

  async invite(businessId: string, dto: InviteUserDto): Promise<UserView> {
    const { user, link } = await this.users.createInvited({ businessId, email: dto.email, name: dto.name, role: dto.role, staffId: dto.staffId });
    await this.mail(businessId, user, link);
    return user;
  }

  async resend(businessId: string, userId: string): Promise<UserView> {
    const { user, link } = await this.users.renewInvitation(businessId, userId);
    await this.mail(businessId, user, link);
    return user;
  }

  private async mail(businessId: string, user: UserView, link: UserLink): Promise<void> {
    const business = await this.businesses.findById(businessId);
    if (!business) throw notFound('business');
    try {
      await this.mailer.send(businessId, user.email, invitationEmail({ businessName: business.name, inviteeName: user.name, role: user.role, url: link.url, hours: LINK_TTL_HOURS.invite }));
    } catch (e) {
      this.logger.warn(`invitation mail to user ${user.id} failed: ${(e as Error).message}`);
      throw new DomainError(ErrorCode.Unavailable, `The invitation could not be emailed (${(e as Error).message}); the user exists as invited: send the invitation again`, { userId: user.id });
    }
  }
}
