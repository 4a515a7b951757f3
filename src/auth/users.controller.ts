import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
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
  ) {}

  @Roles('admin', 'manager')
  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<UserListDto> {
    return { items: await this.users.list(p.businessId) };
  }

  /** 201 the user (status invited); mails a link valid 72 hours. */
  @Roles('admin')
  @Post('invitations')
  invite(@CurrentPrincipal() p: Principal, @Body() dto: InviteUserDto): Promise<UserDto> {
    return this.invitations.invite(p.businessId, dto);
  }

  /** 201: a fresh invitation link is mailed; the older ones stop working. */
  @Roles('admin')
  @Post(':id/invitation')
  resendInvitation(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<UserDto> {
    return this.invitations.resend(p.businessId, id);
  }

  /** Name, role, staff link, disabled (ends every session of the user at once). */
  @Roles('admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(p.businessId, id, dto);
  }
}
