import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'marketer', 'staff', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ALLOWED_ROLES = 'comeback:allowed-roles';

/**
 * Which API-key roles may call a route (on a handler, or on a controller for all its
 * handlers; a handler's list wins). Routes without it follow the default in role-policy.ts.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Every role may call the route; the handler narrows further itself (task inboxes do). */
export const AnyRole = () => Roles(...ROLES);
