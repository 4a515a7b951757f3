import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ROW_ID } from '../../common/row-id';

export class HistoryQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;

  /** nextCursor from the previous page. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'before must be a cursor returned as nextCursor' })
  before?: string;
}
