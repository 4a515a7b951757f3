import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { ROW_ID } from '../../common/row-id';

const STATUSES = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
const TAGS = ['low_user', 'absent', 'new_member', 'in_trouble'] as const;
// comma-separated values in a query string become a list
const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class ListClientsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(50)
  source?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;

  /** Case-insensitive search in name and email. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** Current risk status, one or several (status=at_risk,in_trouble). */
  @IsOptional()
  @Transform(list)
  @IsIn(STATUSES, { each: true, message: `status must be one or more of ${STATUSES.join(', ')}` })
  status?: string[];

  /** Status tags; a client matches when its status carries every tag given. */
  @IsOptional()
  @Transform(list)
  @IsIn(TAGS, { each: true, message: `tags must be one or more of ${TAGS.join(', ')}` })
  tags?: string[];

  /** Health band(s): green, yellow, red. */
  @IsOptional()
  @Transform(list)
  @IsIn(['green', 'yellow', 'red'], { each: true, message: 'band must be one or more of green, yellow, red' })
  band?: string[];

  /** Churn probability range in percent (BG/NBD estimate). */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  churnMin?: number;

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(100)
  churnMax?: number;

  /** Expected visits in the next 30 days range. */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  expectedMin?: number;

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  expectedMax?: number;

  /** Joined (registered_at, local date) from / to, inclusive. */
  @IsOptional()
  @IsCalendarDate()
  joinedFrom?: string;

  @IsOptional()
  @IsCalendarDate()
  joinedTo?: string;

  /** Status changed (local date) from / to, inclusive. */
  @IsOptional()
  @IsCalendarDate()
  statusChangedFrom?: string;

  @IsOptional()
  @IsCalendarDate()
  statusChangedTo?: string;

  /** Home location id. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'location must be a location id' })
  location?: string;

  /** Owner (client manager) staff id. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'owner must be a staff id' })
  owner?: string;

  /** nextCursor from the previous page. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'after must be a cursor returned as nextCursor' })
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}
