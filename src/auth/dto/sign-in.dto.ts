import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

/** POST /api/v1/auth/sign-in. No password rules here: any wrong password gets the same 401. */
export class SignInDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 254)
  email: string;

  @IsString()
  @Length(1, 1000)
  password: string;
}
