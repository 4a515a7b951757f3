import { IsOptional, Matches } from 'class-validator';
import { ROW_ID } from '../../common/row-id';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** GET /api/v1/reports/retention query; cross-field rules (order, span, future) live in the service. */
export class RetentionQueryDto {
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month as YYYY-MM' })
  from?: string;

  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month as YYYY-MM' })
  to?: string;

  /** A location id of the caller's business: only clients whose home location it is. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'location must be a numeric location id' })
  location?: string;
}
