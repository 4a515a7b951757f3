import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queryable } from '../database/modified-rows';
import { RHYTHM_DEFAULTS, RhythmSettings } from './rhythm.types';

/** rhythm_settings: one row per business that changed a rule; no row = the defaults. */
@Injectable()
export class RhythmSettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async get(businessId: string, db: Queryable = this.ds): Promise<RhythmSettings> {
    const rows = (await db.query(
      `SELECT min_appointments, max_intervals, tolerance::float8 AS tolerance, min_slack_days, gone_factor::float8 AS gone_factor
         FROM rhythm_settings WHERE business_id = $1`,
      [businessId],
    )) as Array<{ min_appointments: number; max_intervals: number; tolerance: number; min_slack_days: number; gone_factor: number }>;
    const r = rows[0];
    if (!r) return { ...RHYTHM_DEFAULTS };
    return { minAppointments: r.min_appointments, maxIntervals: r.max_intervals, tolerance: r.tolerance, minSlackDays: r.min_slack_days, goneFactor: r.gone_factor };
  }

  async put(businessId: string, s: RhythmSettings): Promise<void> {
    await this.ds.query(
      `INSERT INTO rhythm_settings (business_id, min_appointments, max_intervals, tolerance, min_slack_days, gone_factor, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (business_id) DO UPDATE SET min_appointments = EXCLUDED.min_appointments, max_intervals = EXCLUDED.max_intervals,
         tolerance = EXCLUDED.tolerance, min_slack_days = EXCLUDED.min_slack_days, gone_factor = EXCLUDED.gone_factor, updated_at = now()`,
      [businessId, s.minAppointments, s.maxIntervals, s.tolerance, s.minSlackDays, s.goneFactor],
    );
  }
}
