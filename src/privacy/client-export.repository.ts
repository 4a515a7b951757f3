import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLIENT_TABLES } from './personal-data.tables';
import { ClientExport } from './privacy.types';

/**
 * Reads everything held about one client across the modules' tables (privacy sits at the top of
 * the module graph and only reads here; docs/privacy.md). Table names come from CLIENT_TABLES,
 * never from input.
 */
@Injectable()
export class ClientExportRepository {
  constructor(private readonly ds: DataSource) {}

  async export(businessId: string, clientId: string): Promise<ClientExport | undefined> {
    const [client] = await this.ds.query(`SELECT * FROM client WHERE business_id = $1 AND id = $2`, [businessId, clientId]);
    if (!client) return undefined;
    const tables: ClientExport['tables'] = {};
    for (const table of Object.keys(CLIENT_TABLES)) {
      tables[table] = await this.ds.query(`SELECT * FROM "${table}" WHERE business_id = $1 AND client_id = $2 ORDER BY 1, 2`, [businessId, clientId]);
    }
    const related: ClientExport['related'] = {
      subscription_freeze: await this.ds.query(`SELECT f.* FROM subscription_freeze f JOIN subscription s ON s.id = f.subscription_id WHERE s.business_id = $1 AND s.client_id = $2 ORDER BY f.id`, [
        businessId,
        clientId,
      ]),
      // the messages sent: a touch's words are its run's template (merge fields filled at send time)
      action_run: await this.ds.query(
        `SELECT r.id, r.origin, r.channel, r.template, r.marketing, r.created_at FROM action_run r
          WHERE r.business_id = $1 AND r.id IN (SELECT run_id FROM touch WHERE business_id = $1 AND client_id = $2) ORDER BY r.id`,
        [businessId, clientId],
      ),
      segment: await this.ds.query(
        `SELECT g.id, g.name FROM segment g WHERE g.business_id = $1
            AND g.id IN (SELECT segment_id FROM segment_member WHERE business_id = $1 AND client_id = $2
                         UNION SELECT segment_id FROM segment_transition WHERE business_id = $1 AND client_id = $2) ORDER BY g.id`,
        [businessId, clientId],
      ),
      // recovery's history of the client's entries: staff's notes and outcome reasons (no client_id of its own)
      recovery_entry_event: await this.ds.query(
        `SELECT ev.* FROM recovery_entry_event ev
          WHERE ev.business_id = $1 AND ev.entry_id IN (SELECT e.id FROM recovery_entry e WHERE e.business_id = $1 AND e.client_id = $2) ORDER BY ev.entry_id, ev.at, ev.id`,
        [businessId, clientId],
      ),
      mailbox_message: client.email
        ? await this.ds.query(`SELECT * FROM mailbox_message WHERE business_id = $1 AND lower($2) = ANY (SELECT lower(r) FROM unnest(recipients) r) ORDER BY id`, [businessId, client.email])
        : [],
    };
    return { exportedAt: new Date().toISOString(), businessId, client, tables, related };
  }
}
