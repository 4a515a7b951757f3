import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthRequest } from './auth-request';
import { AcceptedDto, ChangePasswordDto, ForgotPasswordDto, SetPasswordDto } from './dto/password.dto';
import { LinkDto } from './dto/link.dto';
import { SessionDto } from './dto/session.dto';
import { SignInDto } from './dto/sign-in.dto';
import { PasswordsService } from './passwords.service';
import { CurrentPrincipal, Principal } from './principal';
import { Public } from './public.decorator';
import { requestIp } from './request-ip';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { AnyRole } from './roles.decorator';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';

const userAgent = (req: AuthRequest) => (typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null);

/** Sign-in, the current session, sign-out, and passwords (docs/auth.md). */
@UseInterceptors(RetryAfterInterceptor)
@ApiTags('Auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 200 and the session cookie; 401 "Email or password is not right"; 429 after 10 failures in 15 minutes. */
  @Public()
  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() dto: SignInDto, @Req() req: AuthRequest, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const s = await this.signIns.signIn({ email: dto.email, password: dto.password, ip: requestIp(req), userAgent: userAgent(req), previousToken: readSessionCookie(req) });
    return this.answerSignedIn(res, s);
  }

  /** Who is calling: the user of a session (null for an API key), business, role, CSRF token. */
  @AnyRole()
  @Get('session')
  session(@CurrentPrincipal() p: Principal, @Req() req: AuthRequest): Promise<SessionDto> {
    return this.sessions.describe(p, req.authSession?.token ?? null);
  }

  @AnyRole()
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: AuthRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (req.authSession) await this.sessions.end(req.authSession.id, 'sign_out');
    clearSessionCookie(res, this.config);
  }

  /** 202 whether or not the email is known; a known one gets a link valid 1 hour. */
  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  forgot(@Body() dto: ForgotPasswordDto): AcceptedDto {
    this.passwords.forgot(dto.email);
    return { message: 'If this email belongs to a user, a link to set a new password is on its way; it works once and for 1 hour' };
  }

  /** What a link is for (invite or reset) and whose it is; 410 when expired or used, 404 unknown. */
  @Public()
  @Get('links/:token')
  link(@Param('token') token: string): Promise<LinkDto> {
    return this.passwords.inspect(token);
  }

  /** Sets the password with a link and signs in: 200 and the session cookie. */
  @Public()
  @Post('password/set')
  @HttpCode(200)
  async setPassword(@Body() dto: SetPasswordDto, @Req() req: AuthRequest, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const s = await this.passwords.setWithLink({ token: dto.token, password: dto.password, ip: requestIp(req), userAgent: userAgent(req) });
    return this.answerSignedIn(res, s);
  }

  /** 204; the user's other sessions end. */
  @AnyRole()
  @Post('password/change')
  @HttpCode(204)
  async changePassword(@CurrentPrincipal() p: Principal, @Body() dto: ChangePasswordDto, @Req() req: AuthRequest): Promise<void> {
    await this.passwords.change(p, req.authSession?.id ?? null, dto.currentPassword, dto.newPassword);
  }

  private async answerSignedIn(res: Response, s: { token: string; businessId: string; userId: string }): Promise<SessionDto> {
    setSessionCookie(res, this.config, s.token);
    const live = await this.sessions.resolve(s.token);
    return this.sessions.describe(SessionsService.principalOf(live!), s.token);
  }
}
