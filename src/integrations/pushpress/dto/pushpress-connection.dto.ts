import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** PUT /api/v1/integrations/pushpress. Omitted fields keep their stored value. */
export class PushPressConnectionDto {
  /**
   * The PushPress webhook's signing secret (signingSecret when the webhook was created or its
   * secret rotated). Required the first time; write-only.
   */
  @IsOptional()
  @IsString()
  @Length(8, 500)
  signingSecret?: string;

  /** The PushPress company id (cli_...): events of other companies are ignored. Optional. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'companyId must be a PushPress company id (letters, digits, _ and -)' })
  companyId?: string;
}

/** The PushPress connection as stored. */
export class PushPressConnectionResultDto {
  provider: 'pushpress';
  config: Record<string, unknown>;
  secretsSet: string[];
  /** The URL to paste into the PushPress webhook (prefix PUBLIC_BASE_URL). */
  webhookUrl: string;
}
