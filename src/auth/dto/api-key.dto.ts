import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES } from '../roles.decorator';

/** POST /api/v1/api-keys: a staff-role key needs staffId (its "my tasks"). */
export class CreateApiKeyDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsIn(ROLES)
  role: 'admin' | 'marketer' | 'staff' | 'manager';

  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'staffId must be a staff id' })
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
