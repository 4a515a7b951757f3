import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ManualStatus } from '../status/client-status.repository';

const MANUAL: ManualStatus[] = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan'];

/** PUT /api/v1/clients/:id/status. Suspended is a fact about packages, not a choice. */
export class SetStatusDto {
  @IsIn(MANUAL, { message: `status must be one of ${MANUAL.join(', ')}` })
  status: ManualStatus;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
