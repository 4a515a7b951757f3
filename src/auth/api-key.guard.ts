import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BusinessRepository } from '../business/business.repository';
import { DomainError, ErrorCode } from '../common/domain-error';
import { IS_PUBLIC } from './public.decorator';
import { allowedRoles } from './role-policy';
import { ALLOWED_ROLES, Role } from './roles.decorator';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Every route is private unless marked @Public(); the key pins the request to one business,
 * and its role must be one the route allows (@Roles, else the default in role-policy.ts).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly businesses: BusinessRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const m = BEARER.exec(req.headers.authorization ?? '');
    if (!m) throw new UnauthorizedException('Authorization: Bearer <api key> is required');
    const principal = await this.businesses.principalForKey(m[1]);
    if (!principal) throw new UnauthorizedException('API key is not valid');
    req.principal = principal;
    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, [ctx.getHandler(), ctx.getClass()]);
    const allowed = allowedRoles(req.method, declared);
    if (!(allowed as readonly string[]).includes(principal.role)) {
      throw new DomainError(ErrorCode.Forbidden, `a ${principal.role} key cannot ${req.method} ${req.route?.path ?? req.path}; allowed roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
