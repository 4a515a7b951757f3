import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** GET /api/v1/clients/:id/invoices. */
export class ClientInvoicesQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

/** An invoice of the client, paid or open. */
export class ClientInvoiceDto {
  id: string;
  externalId: string;
  source: string;
  /** Minor units of the business's currency. */
  amount: number;
  dueOn: string;
  paidAt: Date | null;
  directDebit: boolean;
  /** Unpaid and due before the business's local today. */
  overdue: boolean;
}

/** Every invoice of a client (paid and open), the latest due date first. */
export class ClientInvoicesDto {
  clientId: string;
  items: ClientInvoiceDto[];
  /** Invoices the client has in all (the list stops at limit). */
  total: number;
}
