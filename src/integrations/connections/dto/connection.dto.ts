import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

/** PUT /api/v1/integrations/mindbody. Omitted fields keep their stored value. */
export class MindbodyConnectionDto {
  @IsString()
  @Matches(/^-?\d{1,10}$/, { message: 'siteId must be the numeric Mindbody site id' })
  siteId: string;

  /** Public API key (Api-Key header). */
  @IsOptional()
  @IsString()
  @Length(8, 200)
  apiKey?: string;

  /** Staff credentials the sync uses to issue a user token. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  username?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;

  /** The webhook subscription's messageSignatureKey. */
  @IsOptional()
  @IsString()
  @Length(8, 500)
  signatureKey?: string;
}

/** PUT /api/v1/integrations/generic. */
export class GenericConnectionDto {
  @IsOptional()
  @IsIn(['hmac', 'static_header'])
  auth?: 'hmac' | 'static_header';

  /** Static-header mode: the header carrying the fixed value (default x-comeback-token). */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/i, { message: 'headerName must be an HTTP header name' })
  headerName?: string;

  /**
   * HMAC mode: the header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>` (default
   * X-Comeback-Signature), for a system that signs that way under its own header name.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/i, { message: 'signatureHeader must be an HTTP header name (letters, digits and -)' })
  signatureHeader?: string;

  /** The source name records are stored under (e.g. "hapana"); default "generic". */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,49}$/, { message: 'recordSource must be 1-50 lower-case letters, digits, - or _' })
  recordSource?: string;

  @IsOptional()
  @IsString()
  @Length(16, 500)
  signingSecret?: string;

  @IsOptional()
  @IsString()
  @Length(16, 500)
  staticHeaderValue?: string;
}
