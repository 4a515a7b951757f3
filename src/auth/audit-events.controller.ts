import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditRepository } from '../audit';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { AuditEventListDto, AuditEventsQuery } from './dto/audit-event.dto';
import { invalidField } from './auth.errors';
import { CurrentPrincipal, Principal } from './principal';
import { Roles } from './roles.decorator';

/**
 * The audit log of admin actions (docs/auth.md "Audit log"), admins only: it names who did what,
 * so it is not part of "managers read everything". Lives with auth, the admin's trust surface;
 * the log itself is the audit plumbing module's.
 */
@Roles('admin')
@ApiTags('Settings')
@Controller('api/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditRepository) {}

  /** Newest first; filter by action (or its first part), actor, and a time range; keyset pages. */
  @Get()
  @ApiErrors({ 400: 'a filter that is not valid, named' })
  list(@CurrentPrincipal() p: Principal, @Query() q: AuditEventsQuery): Promise<AuditEventListDto> {
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from >= to) throw invalidField('to', 'must be after from');
    return this.audit.list(p.businessId, { action: q.action, actor: q.actor?.trim() || undefined, from, to, limit: q.limit ?? 50, before: q.before });
  }
}
