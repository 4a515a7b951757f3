import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** GET /api/v1/audit-events: filters and the page. */
export class AuditEventsQuery {
  /** an action (`api_key.rotated`) or a family of them (`settings`, `api_key`) */
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action must be an action name such as settings.risk.updated, or its first part (settings)' })
  @MaxLength(100)
  action?: string;

  /** `user:<id>`, `api_key:<id>`, `cli`, or the user's email / the key's name */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  actor?: string;

  /** from this time (inclusive), ISO 8601 */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  /** until this time (exclusive), ISO 8601 */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** the nextCursor of the previous page */
  @IsOptional()
  @Matches(/^\d{1,20}\.\d{1,19}$/, { message: 'before must be the nextCursor of the previous page' })
  before?: string;
}

/** One admin action: who, when, what. details never hold a secret or a member's personal data. */
export class AuditEventDto {
  id: string;
  at: Date;
  /** `user:<id>`, `api_key:<id>` or `cli` */
  actor: string;
  /** the user's email or the key's name when it acted */
  actorLabel: string | null;
  role: string;
  action: string;
  reason: string | null;
  /** ids, names and counts; for settings `changes: [{path, before, after}]` (secrets redacted) */
  details: Record<string, unknown>;
}

export class AuditEventListDto {
  items: AuditEventDto[];
  /** pass as `before` for the next (older) page; null on the last page */
  nextCursor: string | null;
}
