import { Role } from './roles.decorator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The default for routes that do not declare their roles (quality.md "Roles"): admin does
 * everything; manager and marketer read everything; staff reach only routes that name them
 * (their task inbox and the client view). Writing needs a declaration, so a new route is
 * admin-only until someone decides otherwise.
 */
function defaultRoles(method: string): readonly Role[] {
  return READ_METHODS.has(method.toUpperCase()) ? ['admin', 'manager', 'marketer'] : ['admin'];
}

/** The roles a request may come from: the route's declaration, else the default for its method. */
export function allowedRoles(method: string, declared: readonly Role[] | undefined): readonly Role[] {
  return declared ?? defaultRoles(method);
}
