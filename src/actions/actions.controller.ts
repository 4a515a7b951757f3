import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../audit';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ActionsService } from './actions.service';
import { ListTouchesQuery, SendActionDto } from './dto/actions.dto';
import { ActionRunDto, DispatchResultDto, HoldStatusDto, TouchDto, TouchListDto } from './dto/actions-response.dto';
import { TouchReadRepository } from './touches/touch-read.repository';
import { TouchRepository } from './touches/touch.repository';
import { RowIdPipe } from '../common/row-id';

@ApiTags('Actions')
@Controller('api/v1')
export class ActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly runs: TouchRepository,
    private readonly touches: TouchReadRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * One message on one channel to explicit clients of the caller's business, with every guard.
   * A transactional send (`marketing: false`) still skips clients who withdrew consent; only an
   * admin may override that, with `consentOverrideReason`, which goes to the audit trail.
   */
  @Roles('admin', 'marketer')
  @Post('actions/send')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DispatchResultDto, description: 'Touches claimed and delivery jobs queued' })
  @ApiErrors({ 400: 'consentOverrideReason without marketing: false', 403: 'consentOverrideReason from a role other than admin' })
  async send(@CurrentPrincipal() p: Principal, @Body() dto: SendActionDto): Promise<DispatchResultDto> {
    const { consentOverrideReason: reason, ...cmd } = dto;
    if (reason === undefined) return this.actions.dispatch({ ...cmd, businessId: p.businessId });
    if (p.role !== 'admin') {
      throw new DomainError(ErrorCode.Forbidden, 'only an admin can send to clients who withdrew consent (consentOverrideReason); without it the send skips them');
    }
    if (cmd.marketing !== false) {
      throw new DomainError(ErrorCode.Invalid, 'consentOverrideReason: only a transactional send (marketing: false) can override a withdrawal of consent; a marketing one never does');
    }
    // written before the send, so there is no override without its record
    const auditId = await this.audit.record({
      businessId: p.businessId,
      actor: p,
      action: 'actions.send.consent_override',
      reason: reason.trim(),
      details: { origin: cmd.origin, variant: cmd.variant ?? null, channel: cmd.channel, clientCount: cmd.clientIds.length, clientIds: cmd.clientIds.slice(0, 1000) },
    });
    const result = await this.actions.dispatch({ ...cmd, businessId: p.businessId, consentOverride: true });
    await this.audit.addDetails(p.businessId, auditId, { runId: result.runId });
    return result;
  }

  /** The stale-data hold: whether automated sends wait for fresh booking data, and how many. */
  @Get('actions/hold')
  hold(@CurrentPrincipal() p: Principal): Promise<HoldStatusDto> {
    return this.actions.holdStatus(p.businessId);
  }

  /** Progress of a run: touches per status. */
  @Get('actions/runs/:id')
  @ApiErrors({ 404: 'run not found' })
  async run(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('run')) id: string): Promise<ActionRunDto> {
    const run = await this.runs.findRun(p.businessId, id);
    if (!run) throw notFound('run');
    return { id: run.id, origin: run.origin, variant: run.variant || null, channel: run.channel, counts: await this.touches.runCounts(p.businessId, run.id) };
  }

  @Get('touches')
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTouchesQuery): Promise<TouchListDto> {
    return this.touches.list(p.businessId, { ...q, limit: q.limit ?? 100 }) as unknown as Promise<TouchListDto>;
  }

  @Get('touches/:id')
  @ApiErrors({ 404: 'touch not found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('touch')) id: string): Promise<TouchDto> {
    const touch = await this.touches.get(p.businessId, id);
    if (!touch) throw notFound('touch');
    // TouchView types only its key columns; TouchDto names every column the query selects
    return touch as unknown as TouchDto;
  }
}
