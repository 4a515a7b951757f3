import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { OVERDUE_SORTS, OverdueSort } from '../rhythm.types';

/** GET /api/v1/reconnect/categories/:category/clients: a page of the category's overdue clients. */
export class OverdueClientsQueryDto {
  /** days_overdue (default), last_appointment, name or usual_interval. */
  @IsOptional()
  @IsIn(OVERDUE_SORTS)
  sort?: OverdueSort;

  /** desc (default: the most overdue, latest, Z or longest first) or asc. */
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
