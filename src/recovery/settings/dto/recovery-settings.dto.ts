import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

/** PATCH /api/v1/recovery/settings: which cancellations enter, and automatic Lost. Omitted fields stay. */
export class UpdateRecoverySettingsDto {
  @IsOptional()
  @IsBoolean()
  ordinaryEnabled?: boolean;

  /** Ordinary cancellations with one of these reasons stay out. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  ordinaryExcludedReasons?: string[];

  @IsOptional()
  @IsBoolean()
  extraordinaryEnabled?: boolean;

  /** Only extraordinary cancellations with one of these reasons enter; null: every reason. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  extraordinaryReasons?: string[] | null;

  @IsOptional()
  @IsBoolean()
  nonRenewingEnabled?: boolean;

  /** Subscriptions without auto-renewal enter this many days before they end. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  nonRenewingDaysBefore?: number;

  @IsOptional()
  @IsBoolean()
  quotaEnabled?: boolean;

  /** Open entries without an outcome become Lost after this many days; null: never. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  autoLostDays?: number | null;
}
