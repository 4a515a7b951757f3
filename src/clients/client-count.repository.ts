import { Inject, Injectable } from '@nestjs/common';
import { InteractiveDb, Queryable } from '../database/interactive-db';
import { CLIENT_LIST_FROM, clientListWhere, ClientListQuery } from './clients-read.repository';

/** How many clients match the list's filters: the same WHERE as GET /clients, every page. */
@Injectable()
export class ClientCountRepository {
  // the interactive pool: a person waits for these (docs/reliability.md "Database load")
  constructor(@Inject(InteractiveDb) private readonly db: Queryable) {}

  async count(businessId: string, query: Omit<ClientListQuery, 'limit' | 'after'>): Promise<number> {
    const { where, params } = clientListWhere(businessId, query);
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM ${CLIENT_LIST_FROM} WHERE ${where.join(' AND ')}`, params);
    return row.n;
  }
}
