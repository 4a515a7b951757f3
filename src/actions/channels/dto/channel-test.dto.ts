import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

// POST /api/v1/channels/:channel/test

export class ChannelTestDto {
  /**
   * Email: the address (default: the signed-in user's); SMS: the phone number (required); push:
   * a device token passed to the push endpoint (optional). Mailchimp takes none.
   */
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  to?: string;
}

export class ChannelTestResultDto {
  /** The provider took the test (email: the SMTP relay accepted it; SMS: Twilio queued it; ...). */
  ok: boolean;
  /** What happened, in the provider's words when it refused. */
  message: string;
}
