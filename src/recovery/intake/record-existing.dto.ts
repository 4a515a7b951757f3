import { ApiProperty } from '@nestjs/swagger';

export class RecordExistingProgressDto {
  /** Clients with a cancelled subscription still running when the job started. */
  total!: number;
  /** Of those, how many the job has looked at so far. */
  done!: number;
  /** Entries created so far (sources already in recovery are not counted). */
  created!: number;
}

export class RecordExistingJobDto {
  /** Pass to GET /api/v1/recovery/record-existing/:jobId. */
  jobId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  state!: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ type: RecordExistingProgressDto, nullable: true })
  progress!: RecordExistingProgressDto | null;
  /** Why it failed (state failed). */
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}
