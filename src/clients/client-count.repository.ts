import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLIENT_LIST_FROM, clientListWhere, ClientListQuery } from './clients-read.repository';

/** How many clients match the list's filters: the same WHERE as GET /clients, every page. */
@Injectable()
export class ClientCountRepository {
  constructor(private readonly ds: DataSource) {}

  async count(businessId: string, query: Omit<ClientListQuery, 'limit' | 'after'>): Promise<number> {
    const { where, params } = clientListWhere(businessId, query);
    const [row] = await this.ds.query(`SELECT count(*)::int AS n FROM ${CLIENT_LIST_FROM} WHERE ${where.join(' AND ')}`, params);
    return row.n;
  }
}
