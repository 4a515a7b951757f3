import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ROLES } from '../roles.decorator';
import { ROW_ID } from '../../common/row-id';

/** POST /api/v1/api-keys: a staff-role key needs staffId (its "my tasks"). */
export class CreateApiKeyDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsIn(ROLES)
  role: 'admin' | 'marketer' | 'staff' | 'manager';

  @IsOptional()
  @Matches(ROW_ID, { message: 'staffId must be a staff id' })
  staffId?: string;
}

/** A key as listed: never the key itself (only its SHA-256 is stored). */
export class ApiKeyDto {
  id: string;
  name: string;
  /** the 8 hex characters after cbk_, to recognise a key */
  prefix: string;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  staffId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** the last rotation, if any */
  rotatedAt: Date | null;
  /** while set, the secret the last rotation replaced still works, until this time */
  previousExpiresAt: Date | null;
}

export class ApiKeyListDto {
  items: ApiKeyDto[];
}

/** The answer to creating a key: the only time apiKey is shown. */
export class CreatedApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  staffId: string | null;
  createdAt: Date;
  apiKey: string;
}

/** POST /api/v1/api-keys/:id/rotate: how long the old secret keeps working (0 = it stops now). */
export class RotateApiKeyDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'graceMinutes must be a whole number of minutes' })
  @Min(0)
  @Max(1440, { message: 'graceMinutes must be at most 1440 (24 hours)' })
  graceMinutes?: number;
}

/** The answer to a rotation: the only time the new apiKey is shown. */
export class RotatedApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  staffId: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  /** the old secret works until then; null when it stopped at once */
  previousExpiresAt: Date | null;
  apiKey: string;
}
