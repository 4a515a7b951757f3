import { Injectable } from '@nestjs/common';
import { diffSettings } from './audit-diff';
import { AuditRepository, SqlRunner } from './audit.repository';
import { actorId, AuditEntry } from './audit.types';

/**
 * The audit log of admin actions (docs/auth.md "Audit log"): who (a user or an API key, with its
 * role), when, what, and for settings the fields that changed. Callers record after the change
 * succeeded; pass the transaction (`db`) when the change has one, so the two commit together.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly repo: AuditRepository) {}

  /** Appends one event and answers its id. */
  record(e: AuditEntry, db?: SqlRunner): Promise<string> {
    const details: Record<string, unknown> = { ...(e.details ?? {}) };
    if (e.change) details.changes = diffSettings(e.change.before, e.change.after);
    return this.repo.insert(db, {
      businessId: e.businessId,
      actor: actorId(e.actor),
      userId: e.actor.kind === 'session' ? e.actor.userId : null,
      keyId: e.actor.kind === 'api_key' ? e.actor.keyId : null,
      role: e.actor.role,
      action: e.action,
      reason: e.reason ?? null,
      details,
    });
  }

  /** Adds what an action became (e.g. the run a send created) to its event. */
  addDetails(businessId: string, id: string, details: Record<string, unknown>): Promise<void> {
    return this.repo.addDetails(businessId, id, details);
  }
}
