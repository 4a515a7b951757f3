import { OmitType } from '@nestjs/swagger';
import { ListClientsQuery } from './list-clients.query';

/** GET /api/v1/clients/count: the list's filters, without paging. */
export class CountClientsQuery extends OmitType(ListClientsQuery, ['after', 'limit'] as const) {}

/** How many clients the list's filters match (all pages). */
export class ClientCountDto {
  count: number;
}
