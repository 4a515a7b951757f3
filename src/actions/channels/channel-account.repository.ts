import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../common/secret-box';
import { Channel } from '../actions.types';

interface ChannelAccount {
  channel: Channel;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
}

/**
 * A business's own account per channel (Twilio, Mailchimp, push endpoint, email sender name).
 * Secrets are sealed with the same SecretBox (AES-256-GCM, SECRETS_KEY) as booking-system
 * connections, in this module's own table.
 */
@Injectable()
export class ChannelAccountRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** Merges: config fields and secrets not given keep their stored value; null removes a config field. */
  async save(businessId: string, channel: Channel, config: Record<string, unknown>, secrets: Record<string, string | undefined>): Promise<ChannelAccount> {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(`SELECT config, secrets_enc FROM channel_account WHERE business_id = $1 AND channel = $2 FOR UPDATE`, [businessId, channel]);
      const mergedConfig: Record<string, unknown> = { ...(row?.config ?? {}) };
      for (const [k, v] of Object.entries(config)) {
        if (v === null) delete mergedConfig[k];
        else if (v !== undefined) mergedConfig[k] = v;
      }
      const mergedSecrets: Record<string, string> = { ...this.box.open(row?.secrets_enc) };
      for (const [k, v] of Object.entries(secrets)) if (v !== undefined) mergedSecrets[k] = v;
      await m.query(
        `INSERT INTO channel_account (business_id, channel, config, secrets_enc) VALUES ($1, $2, $3, $4)
         ON CONFLICT (business_id, channel) DO UPDATE SET config = EXCLUDED.config, secrets_enc = EXCLUDED.secrets_enc, enabled = true, updated_at = now()`,
        [businessId, channel, mergedConfig, this.box.seal(mergedSecrets)],
      );
      return { channel, config: mergedConfig, secrets: mergedSecrets, enabled: true };
    });
  }

  async find(businessId: string, channel: Channel): Promise<ChannelAccount | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(businessId)) return undefined;
    const [row] = await this.ds.query(`SELECT config, secrets_enc, enabled FROM channel_account WHERE business_id = $1 AND channel = $2`, [businessId, channel]);
    if (!row) return undefined;
    return { channel, config: row.config, secrets: this.box.open(row.secrets_enc), enabled: row.enabled };
  }

  async list(businessId: string): Promise<Array<{ channel: Channel; config: Record<string, unknown>; secretsSet: string[]; enabled: boolean; updatedAt: Date }>> {
    const rows = await this.ds.query(`SELECT channel, config, secrets_enc, enabled, updated_at FROM channel_account WHERE business_id = $1 ORDER BY channel`, [businessId]);
    return rows.map((r: { channel: Channel; config: Record<string, unknown>; secrets_enc: string; enabled: boolean; updated_at: Date }) => ({
      channel: r.channel,
      config: r.config,
      secretsSet: Object.keys(this.box.open(r.secrets_enc)).sort(),
      enabled: r.enabled,
      updatedAt: r.updated_at,
    }));
  }
}
