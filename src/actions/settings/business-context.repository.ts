import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DataFreshness } from '../guards/stale-data';

export interface BusinessContext {
  id: string;
  name: string;
  timezone: string;
  freshness: DataFreshness;
}

/** What a send needs to know about its business: name, time zone, booking-data freshness. */
@Injectable()
export class BusinessContextRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Freshness reads the integrations' own records (read-only): the latest successful sync run
   * (sync_state, kind 'run') and the latest verified webhook per connected source (event_inbox,
   * through its (business_id, source, received_at) index).
   */
  async load(businessId: string): Promise<BusinessContext | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(businessId)) return undefined;
    const [row] = await this.ds.query(
      `SELECT b.id, b.name, b.timezone,
              EXISTS (SELECT 1 FROM integration_connection ic WHERE ic.business_id = b.id AND ic.enabled) AS connected,
              greatest(
                (SELECT max(s.last_success_at) FROM sync_state s WHERE s.business_id = b.id AND s.kind = 'run'),
                (SELECT max(w.at) FROM integration_connection ic
                   CROSS JOIN LATERAL (SELECT e.received_at AS at FROM event_inbox e
                                        WHERE e.business_id = b.id AND e.source = ic.provider AND e.signature_ok
                                        ORDER BY e.received_at DESC LIMIT 1) w
                  WHERE ic.business_id = b.id)
              ) AS last_data_at
         FROM business b WHERE b.id = $1`,
      [businessId],
    );
    if (!row) return undefined;
    return { id: row.id, name: row.name, timezone: row.timezone, freshness: { connected: row.connected, lastDataAt: row.last_data_at } };
  }
}
