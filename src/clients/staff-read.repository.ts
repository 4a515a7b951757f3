import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffDto } from './dto/staff.dto';

/** The business's staff records (synced or imported), for pickers and the task inbox. */
@Injectable()
export class StaffReadRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every staff record of the business: active first, then by name. */
  async list(businessId: string): Promise<StaffDto[]> {
    return this.ds.query(
      `SELECT s.id::text AS id, s.external_id AS "externalId",
              NULLIF(concat_ws(' ', NULLIF(s.first_name, ''), NULLIF(s.last_name, '')), '') AS name,
              s.email, s.phone, s.active
         FROM staff s WHERE s.business_id = $1
        ORDER BY s.active DESC, lower(concat_ws(' ', s.first_name, s.last_name)), s.id`,
      [businessId],
    );
  }
}
