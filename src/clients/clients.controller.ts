import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, AnyRole } from '../auth';
import { notFound } from '../common/domain-error';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ClientsReadRepository } from './clients-read.repository';
import { ClientDetailDto, ClientListDto } from './dto/client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { RowIdPipe } from '../common/row-id';

@ApiTags('Clients')
@AnyRole()
@Controller('api/v1/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsReadRepository) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: ListClientsQuery): Promise<ClientListDto> {
    return this.clients.list(p.businessId, query);
  }

  @Get(':id')
  @ApiErrors({ 404: 'client not found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string): Promise<ClientDetailDto> {
    // another business's client and a non-existent one look the same: 404
    const client = await this.clients.detail(p.businessId, id);
    if (!client) throw notFound('client');
    return client;
  }
}
