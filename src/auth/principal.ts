import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Role } from './roles.decorator';

/** Who is calling, as the auth guard established it (an API key or a user's session). */
export interface Principal {
  businessId: string;
  role: Role;
  kind: 'api_key' | 'session';
  /** api_key.id when kind = api_key */
  keyId: string | null;
  /** app_user.id when kind = session */
  userId: string | null;
  /** the staff record behind "my tasks" (api_key.staff_id or app_user.staff_id) */
  staffId: string | null;
}

/** The authenticated caller; every query the handler makes is scoped by its businessId. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});

/** The caller in refusal messages: "a staff key", "a manager user". */
export function describeCaller(p: Pick<Principal, 'role' | 'kind'>): string {
  return `a ${p.role} ${p.kind === 'session' ? 'user' : 'key'}`;
}

/** Who acted, as rows record it: 'api_key:<uuid>' or 'user:<uuid>'. */
export function actorOf(p: Principal): string {
  return p.kind === 'session' ? `user:${p.userId}` : `api_key:${p.keyId}`;
}
