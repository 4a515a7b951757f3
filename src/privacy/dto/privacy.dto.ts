import { IsString, Length, Matches } from 'class-validator';

/** POST /api/v1/clients/:id/erase */
export class EraseClientDto {
  /** why (the member's request, its date or ticket): kept in the audit log; no personal data here */
  @IsString()
  @Length(3, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

/** Everything held about a client: the client row, its rows in every table holding client_id, and related rows. */
export class ClientExportDto {
  exportedAt: string;
  businessId: string;
  client: Record<string, unknown>;
  /** table name → the client's rows */
  tables: Record<string, Array<Record<string, unknown>>>;
  /** subscription_freeze, action_run (message templates), segment, mailbox_message */
  related: Record<string, Array<Record<string, unknown>>>;
}

export class ErasureResultDto {
  clientId: string;
  erasedAt: Date;
  /** the client had been erased before; this call cleared what arrived since */
  alreadyErased: boolean;
  /** rows cleared per table by this call */
  cleared: Record<string, number>;
}
