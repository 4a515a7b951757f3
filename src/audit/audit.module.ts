import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';
import { AuditRepository } from './audit.repository';

/**
 * Plumbing: owns audit_event. Global, so any module's controller can record an admin action
 * with one injected AuditLog; it imports nothing from the domain modules.
 */
@Global()
@Module({ providers: [AuditRepository, AuditLog], exports: [AuditLog, AuditRepository] })
export class AuditModule {}
