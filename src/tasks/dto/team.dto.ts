import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { ROW_ID } from '../../common/row-id';

export class TeamMembersDto {
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(ROW_ID, { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];
}

export class CreateTeamDto extends TeamMembersDto {
  @IsString()
  @Length(1, 200)
  name!: string;
}
