import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListClientsQuery {
  @IsOptional() @IsString() @MaxLength(50)
  source?: string;

  @IsOptional() @IsString() @MaxLength(200)
  externalId?: string;

  /** Case-insensitive search in name and email. */
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  /** nextCursor from the previous page. */
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'after must be a cursor returned as nextCursor' })
  after?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit: number = 50;
}
