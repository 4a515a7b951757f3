import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES } from '../roles.decorator';
import { ROW_ID } from '../../common/row-id';

/** PATCH /api/v1/users/:id: only what is given changes; staffId null unlinks the staff member. */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @IsOptional()
  @IsIn(ROLES)
  role?: 'admin' | 'marketer' | 'staff' | 'manager';

  @IsOptional()
  @Matches(ROW_ID, { message: 'staffId must be a staff id' })
  staffId?: string | null;

  /** true ends every session of the user at once */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
