import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES } from '../roles.decorator';
import { ROW_ID } from '../../common/row-id';

/** POST /api/v1/users/invitations: staff role needs staffId (a staff member of the business). */
export class InviteUserDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsIn(ROLES)
  role: 'admin' | 'marketer' | 'staff' | 'manager';

  @IsOptional()
  @Matches(ROW_ID, { message: 'staffId must be a staff id' })
  staffId?: string;
}
