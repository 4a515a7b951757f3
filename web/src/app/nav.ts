import type { MessageKey } from '../i18n/i18n';

export type Role = 'admin' | 'manager' | 'marketer' | 'staff';
const ALL: Role[] = ['admin', 'manager', 'marketer', 'staff'];

export interface NavItem {
  to: string;
  label: MessageKey;
  roles: Role[];
  /** A count shown beside the link (AppLayout renders it). */
  badge?: 'recoveryUnseen';
}

/**
 * The pages each role opens (web.md "Pages"). The API enforces the same roles; hiding a link
 * is for clarity, not security.
 */
export const NAV: NavItem[] = [
  { to: '/', label: 'common.nav.overview', roles: ['admin', 'manager', 'marketer'] },
  { to: '/members', label: 'common.nav.members', roles: ALL },
  { to: '/segments', label: 'common.nav.segments', roles: ['admin', 'manager', 'marketer'] },
  { to: '/campaigns', label: 'common.nav.campaigns', roles: ['admin', 'manager', 'marketer'] },
  { to: '/tasks', label: 'common.nav.tasks', roles: ALL },
  { to: '/recovery', label: 'common.nav.recovery', roles: ALL, badge: 'recoveryUnseen' },
  { to: '/reconnect', label: 'common.nav.reconnect', roles: ['admin', 'manager', 'marketer'] },
  { to: '/automations', label: 'common.nav.automations', roles: ['admin', 'manager', 'marketer'] },
  { to: '/reports', label: 'common.nav.reports', roles: ['admin', 'manager', 'marketer'] },
  { to: '/deliveries/failed', label: 'common.nav.deliveries', roles: ['admin', 'manager', 'marketer'] },
  { to: '/mailbox', label: 'common.nav.mailbox', roles: ALL },
  { to: '/settings', label: 'common.nav.settings', roles: ['admin'] },
];

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  return role === 'staff' ? '/tasks' : '/';
}
