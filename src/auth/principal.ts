import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiKeyPrincipal } from '../business/business.repository';

export type Principal = ApiKeyPrincipal;

/** The authenticated caller; every query the handler makes is scoped by its businessId. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});
