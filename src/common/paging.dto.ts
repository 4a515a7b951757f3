import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * limit and offset of an offset-paged list query (query strings arrive as text, hence @Type).
 * A route that allows a shallower offset re-declares `offset` with all its validators: class-validator
 * drops the inherited ones of a property the subclass decorates.
 */
export class PagingQueryDto {
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
