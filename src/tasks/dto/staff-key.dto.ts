import { IsIn, IsOptional, IsString, Length } from 'class-validator';

/** POST /api/v1/staff/:staffId/api-keys: a key bound to that staff member. */
export class CreateStaffKeyDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsIn(['staff', 'manager', 'marketer', 'admin'])
  role?: 'staff' | 'manager' | 'marketer' | 'admin';
}
