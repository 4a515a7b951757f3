import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecoverySettingsDto } from './dto/settings-response.dto';
import { UpdateRecoverySettingsDto } from './dto/recovery-settings.dto';

const COLUMNS: Record<keyof UpdateRecoverySettingsDto, string> = {
  ordinaryEnabled: 'ordinary_enabled',
  ordinaryExcludedReasons: 'ordinary_excluded_reasons',
  extraordinaryEnabled: 'extraordinary_enabled',
  extraordinaryReasons: 'extraordinary_reasons',
  nonRenewingEnabled: 'non_renewing_enabled',
  nonRenewingDaysBefore: 'non_renewing_days_before',
  quotaEnabled: 'quota_enabled',
  autoLostDays: 'auto_lost_days',
};

const SELECT = `SELECT ${Object.entries(COLUMNS)
  .map(([k, c]) => `${c} AS "${k}"`)
  .join(', ')}, updated_at AS "updatedAt" FROM recovery_settings WHERE business_id = $1`;

/** The recovery_settings row (one per business, made with the business). */
@Injectable()
export class RecoverySettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async get(businessId: string): Promise<RecoverySettingsDto> {
    // the row is created with the business; a business from before would have it from the migration
    await this.ds.query(`INSERT INTO recovery_settings (business_id) VALUES ($1) ON CONFLICT DO NOTHING`, [businessId]);
    const [row] = await this.ds.query(SELECT, [businessId]);
    return row;
  }

  async update(businessId: string, dto: UpdateRecoverySettingsDto): Promise<RecoverySettingsDto> {
    const keys = (Object.keys(COLUMNS) as Array<keyof UpdateRecoverySettingsDto>).filter((k) => dto[k] !== undefined);
    await this.get(businessId);
    if (keys.length) {
      const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ');
      await this.ds.query(`UPDATE recovery_settings SET ${sets}, updated_at = now() WHERE business_id = $1`, [businessId, ...keys.map((k) => dto[k])]);
    }
    return this.get(businessId);
  }
}
