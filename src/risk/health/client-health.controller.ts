import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, AnyRole } from '../../auth';
import { notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ClientHealthDto } from '../dto/risk-response.dto';
import { HealthService } from './health.service';
import { RowIdPipe } from '../../common/row-id';

@ApiTags('Clients')
@AnyRole()
@Controller('api/v1/clients/:id')
export class ClientHealthController {
  constructor(private readonly health: HealthService) {}

  /** The stored health score; health is null for a client the pass does not score (not a member, or suspended). */
  @Get('health')
  @ApiErrors({ 404: 'client not found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string): Promise<ClientHealthDto> {
    const found = await this.health.find(p.businessId, id);
    if (!found) throw notFound('client');
    return { clientId: id, ...(found.health ?? { score: null, band: null, signals: null, contributions: null, usageDropped: false, computedOn: null }) };
  }
}
