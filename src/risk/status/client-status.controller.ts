import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, AnyRole, Roles } from '../../auth';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { HistoryQuery } from '../dto/history.query';
import { StatusChangeDto, StatusHistoryDto } from '../dto/risk-response.dto';
import { SetStatusDto } from '../dto/set-status.dto';
import { RiskEventsPublisher } from '../risk-events.publisher';
import { ClientStatusRepository } from './client-status.repository';
import { RowIdPipe } from '../../common/row-id';

@ApiTags('Clients')
@Controller('api/v1/clients/:id')
export class ClientStatusController {
  constructor(
    private readonly statuses: ClientStatusRepository,
    private readonly events: RiskEventsPublisher,
  ) {}

  /** Sets a status by hand; it holds until the rules next produce In Trouble or At Risk. */
  @Roles('admin', 'marketer', 'staff')
  @Put('status')
  @ApiErrors({ 404: 'client not found', 409: 'the client is not a member, so has no status' })
  async set(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Body() dto: SetStatusDto): Promise<StatusChangeDto> {
    const change = await this.statuses.setManual(p.businessId, id, dto.status, dto.note ?? null);
    if (!change) throw notFound('client');
    if (change === 'not_member') throw new DomainError(ErrorCode.Conflict, 'only members have a status: this client has no member flag and no active package');
    if (change.from !== change.to) await this.events.statusChanged(p.businessId, [change], 'manual');
    return change as StatusChangeDto;
  }

  @AnyRole()
  @Get('status-history')
  @ApiErrors({ 404: 'client not found' })
  async history(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Query() q: HistoryQuery): Promise<StatusHistoryDto> {
    const page = await this.statuses.history(p.businessId, id, q.limit, q.before);
    if (!page) throw notFound('client');
    return page as StatusHistoryDto;
  }
}
