import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { AnyRole } from '../../auth/roles.decorator';
import { notFound } from '../../common/domain-error';
import { HealthService } from './health.service';

const CLIENT_ID = /^\d{1,18}$/;

@AnyRole()
@Controller('api/v1/clients/:id')
export class ClientHealthController {
  constructor(private readonly health: HealthService) {}

  /** The stored health score; health is null for a client the pass does not score (not a member, or suspended). */
  @Get('health')
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const found = CLIENT_ID.test(id) ? await this.health.find(p.businessId, id) : undefined;
    if (!found) throw notFound('client');
    return { clientId: id, ...(found.health ?? { score: null, band: null, signals: null, contributions: null, usageDropped: false, computedOn: null }) };
  }
}
