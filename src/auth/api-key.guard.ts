import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BusinessRepository } from '../business/business.repository';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Every route is private unless marked @Public(); the key pins the request to one business. */
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
    return true;
  }
}
