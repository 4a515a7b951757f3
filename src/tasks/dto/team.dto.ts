import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';

export class TeamMembersDto {
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^\d{1,18}$/, { each: true, message: 'staffIds must be staff ids' })
  staffIds!: string[];
}

export class CreateTeamDto extends TeamMembersDto {
  @IsString()
  @Length(1, 200)
  name!: string;
}
