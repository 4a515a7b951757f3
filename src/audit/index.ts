// The audit module's public surface: record an admin action, read the log.
export { AuditModule } from './audit.module';
export { AuditLog } from './audit-log.service';
export { AuditRepository } from './audit.repository';
export type { SqlRunner } from './audit.repository';
export { AUDIT_ACTIONS, actorId } from './audit.types';
export type { AuditAction, AuditActor, AuditEntry, AuditEventRow, AuditQuery } from './audit.types';
export { diffSettings, redact } from './audit-diff';
