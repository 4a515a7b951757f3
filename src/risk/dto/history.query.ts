import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class HistoryQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;

  /** nextCursor from the previous page. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be a cursor returned as nextCursor' })
  before?: string;
}
