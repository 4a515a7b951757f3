import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, AnyRole } from '../auth';
import { ClientCountRepository } from './client-count.repository';
import { ClientCountDto, CountClientsQuery } from './dto/client-count.dto';

/**
 * The members page's "N members match": the count behind GET /clients's filters. Registered
 * before ClientsController (clients.module.ts) so /clients/count is not taken for a client id.
 */
@AnyRole()
@ApiTags('Clients')
@Controller('api/v1/clients')
export class ClientCountController {
  constructor(private readonly counts: ClientCountRepository) {}

  @Get('count')
  async count(@CurrentPrincipal() p: Principal, @Query() query: CountClientsQuery): Promise<ClientCountDto> {
    return { count: await this.counts.count(p.businessId, query) };
  }
}
