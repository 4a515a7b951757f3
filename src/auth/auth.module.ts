import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { QUEUE_BOARD_GATE } from '../observability';
import { ApiKeysController } from './api-keys.controller';
import { AuditEventsController } from './audit-events.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { SystemMailer } from '../common/system-mailer';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { InvitationsService } from './invitations.service';
import { LinkTokensRepository } from './link-tokens.repository';
import { PasswordsService } from './passwords.service';
import { AdminQueueBoardGate } from './queue-board-gate';
import { RateLimiter } from './rate-limiter';
import { trustProxySetting } from './request-ip';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, sign-in, sessions and API keys (docs/auth.md), and the one guard that authenticates
 * every request with either credential. Exports UsersService (the demo creates its users with it).
 */
@Module({
  controllers: [AuthController, UsersController, ApiKeysController, AuditEventsController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    ApiKeysRepository,
    ApiKeysService,
    SystemMailer,
    InvitationsService,
    LinkTokensRepository,
    PasswordsService,
    RateLimiter,
    SessionsRepository,
    SessionsService,
    SignInService,
    UsersRepository,
    UsersService,
    { provide: QUEUE_BOARD_GATE, useClass: AdminQueueBoardGate },
  ],
  exports: [UsersService, QUEUE_BOARD_GATE],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // The sign-in limit counts per client IP: Express's req.ip, from the socket unless TRUST_PROXY
  // names the reverse proxies whose X-Forwarded-For may be believed.
  onModuleInit(): void {
    this.adapter.httpAdapter?.getInstance()?.set?.('trust proxy', trustProxySetting(this.config.TRUST_PROXY));
  }
}
