import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PASSWORD_RULE = `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`;

/** POST /api/v1/auth/password/forgot */
export class ForgotPasswordDto {
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email: string;
}

/** POST /api/v1/auth/password/set: the token from an invitation or reset link. */
export class SetPasswordDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token of a link' })
  token: string;

  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, { message: `password ${PASSWORD_RULE}` })
  password: string;
}

/** POST /api/v1/auth/password/change */
export class ChangePasswordDto {
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, { message: `newPassword ${PASSWORD_RULE}` })
  newPassword: string;
}

/** 202 of "forgot password": the same answer whether or not the email is known. */
export class AcceptedDto {
  message: string;
}
