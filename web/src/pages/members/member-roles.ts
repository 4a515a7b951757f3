import type { Role } from '../../api/session';
import { t } from '../../i18n/i18n';

// What each role may do on the members pages, as the API allows it (README "API" role table):
// the page hides what the API would refuse. Managers read, and manage staff tasks.

/** Tasks by hand (POST /tasks, /tasks/bulk): every role (quality.md "Roles": managers manage staff tasks). */
export const mayCreateTasks = (role: Role | undefined) => role !== undefined;
/** Messages to members (POST /actions/send): admin and marketer. */
export const maySendMessages = (role: Role | undefined) => role === 'admin' || role === 'marketer';
/** A status by hand, consent and the sleeping flag: admin, marketer, staff. */
export const mayChangeMember = (role: Role | undefined) => role === 'admin' || role === 'marketer' || role === 'staff';
/** A member's personal data exported or erased (GET /clients/:id/export, POST .../erase): admin. */
export const mayManagePersonalData = (role: Role | undefined) => role === 'admin';
/** Touches (GET /touches): admin, manager, marketer. */
export const mayReadTouches = (role: Role | undefined) => role === 'admin' || role === 'manager' || role === 'marketer';

export function memberName(c: { id: string; firstName: string | null; lastName: string | null; erasedAt?: string | null }): string {
  if (c.erasedAt) return t('members.profile.privacy.erasedName', { id: c.id });
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  return name || t('members.table.noName', { id: c.id });
}
