import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROW_ID } from '../../common/row-id';

const treeMessage = 'conditions must be a condition tree object, e.g. {"and": [{"condition": "status", "statuses": ["at_risk"]}]}';

/** The tree itself is checked by validateTree, which names the path of each bad node. */
export class SegmentConditionsDto {
  @IsDefined({ message: treeMessage })
  @IsObject({ message: treeMessage })
  conditions!: Record<string, unknown>;
}

export class PreviewSegmentDto extends SegmentConditionsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  sampleSize?: number;
}

export class ExplainSegmentDto extends SegmentConditionsDto {
  @Matches(ROW_ID, { message: 'clientId must be a client id' })
  clientId!: string;
}

export class CreateSegmentDto extends SegmentConditionsDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateSegmentDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptional()
  @IsObject({ message: treeMessage })
  conditions?: Record<string, unknown>;
}

export class SegmentMembersQuery {
  @IsOptional()
  @Matches(ROW_ID, { message: 'after must be a client id' })
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class BillingSettingsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  directDebitBlockAfterDays?: number;
}
