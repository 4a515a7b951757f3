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

/** GET /api/v1/integrations/pushpress: the connection and what PushPress sent lately. */
export class PushPressStatusDto {
  /** Connected: a signing secret is saved and deliveries are accepted. */
  connected: boolean;
  /** Whether a signing secret is saved (its value is never shown). */
  secretSet: boolean;
  companyId: string | null;
  /** The URL to paste into the PushPress webhook (prefix PUBLIC_BASE_URL). */
  webhookUrl: string;
  /** The window of the two counts below, in hours. */
  windowHours: number;
  /** Deliveries stored (signature checked) within the window, duplicates not counted. */
  accepted: number;
  /** Deliveries refused (bad signature, unreadable body) within the window. */
  rejected: number;
  /** The last delivery stored, at any time. */
  lastDeliveryAt: Date | null;
  /** The last delivery refused, at any time, and why. */
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
  /** The latest delivery was refused (none accepted since): the saved secret is likely wrong. */
  rejecting: boolean;
}
