import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { AuditLog } from '../audit';
import { RowIdPipe } from '../common/row-id';
import { InviteUserDto } from './dto/invite-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, UserListDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';
import { CurrentPrincipal, Principal } from './principal';
import { Roles } from './roles.decorator';
import { UsersService } from './users.service';

/** Users of the business: list (admin, manager), invite, re-send, change, disable (admin). */
@ApiTags('Settings')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditLog,
  ) {}

  @Roles('admin', 'manager')
  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<UserListDto> {
    return { items: await this.users.list(p.businessId) };
  }

  /** 201 the user (status invited); mails a link valid 72 hours. */
  @Roles('admin')
  @Post('invitations')
  async invite(@CurrentPrincipal() p: Principal, @Body() dto: InviteUserDto): Promise<UserDto> {
    const user = await this.invitations.invite(p.businessId, dto);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'user.invited', details: { userId: user.id, email: user.email, role: user.role, staffId: user.staffId } });
    return user;
  }

  /** 201: a fresh invitation link is mailed; the older ones stop working. */
  @Roles('admin')
  @Post(':id/invitation')
  async resendInvitation(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('user', 'uuid')) id: string): Promise<UserDto> {
    const user = await this.invitations.resend(p.businessId, id);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'user.invitation_resent', details: { userId: user.id, email: user.email } });
    return user;
  }

  /** Name, role, staff link, disabled (ends every session of the user at once). */
  @Roles('admin')
  @Patch(':id')
  async update(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('user', 'uuid')) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    const before = await this.users.get(p.businessId, id);
    const after = await this.users.update(p.businessId, id, dto);
    const view = (u: UserDto) => ({ name: u.name, role: u.role, staffId: u.staffId, status: u.status });
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'user.updated', details: { userId: after.id, email: after.email }, change: { before: view(before), after: view(after) } });
    return after;
  }
}
