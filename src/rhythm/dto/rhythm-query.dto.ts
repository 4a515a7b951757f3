import { IsIn, IsOptional } from 'class-validator';
import { PagingQueryDto } from '../../common/paging.dto';
import { OVERDUE_SORTS, OverdueSort } from '../rhythm.types';

/** GET /api/v1/reconnect/categories/:category/clients: a page of the category's overdue clients. */
export class OverdueClientsQueryDto extends PagingQueryDto {
  /** days_overdue (default), last_appointment, name or usual_interval. */
  @IsOptional()
  @IsIn(OVERDUE_SORTS)
  sort?: OverdueSort;

  /** desc (default: the most overdue, latest, Z or longest first) or asc. */
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
