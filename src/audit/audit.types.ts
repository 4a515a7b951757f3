/**
 * Who did it. A Principal (src/auth) fits as it is; the command line acts as `cli`. Declared here
 * so this plumbing module needs nothing from the modules that record.
 */
export interface AuditActor {
  kind: 'api_key' | 'session' | 'cli';
  keyId: string | null;
  userId: string | null;
  role: string;
}

/** The actions the log knows, as stored in audit_event.action (frozen strings: the list filters by them). */
export const AUDIT_ACTIONS = [
  'settings.risk.updated',
  'settings.messaging.updated',
  'settings.billing.updated',
  'settings.rhythm.updated',
  'channel.updated',
  'integration.saved',
  'integration.secret_rotated',
  'integration.disconnected',
  'api_key.created',
  'api_key.rotated',
  'api_key.revoked',
  'user.invited',
  'user.invitation_resent',
  'user.updated',
  'client.exported',
  'client.erased',
  'actions.send.consent_override',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  businessId: string;
  actor: AuditActor;
  action: AuditAction;
  /** what it was about: ids, names, counts; never a secret or a member's personal data */
  details?: Record<string, unknown>;
  /** a setting's value before and after: stored as the changed fields only, secrets redacted */
  change?: { before: unknown; after: unknown };
  reason?: string | null;
}

export interface AuditEventRow {
  id: string;
  at: Date;
  actor: string;
  actorLabel: string | null;
  role: string;
  action: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** the nextCursor of the previous page */
  before?: string;
}

/** 'api_key:<uuid>', 'user:<uuid>' or 'cli', as audit_event.actor and tasks' origin record it. */
export function actorId(a: AuditActor): string {
  if (a.kind === 'cli') return 'cli';
  return a.kind === 'session' ? `user:${a.userId}` : `api_key:${a.keyId}`;
}
