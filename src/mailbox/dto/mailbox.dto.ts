import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ROW_ID } from '../../common/row-id';

// GET /api/v1/mailbox, GET /api/v1/mailbox/:id (docs/mailbox.md)

export class MailboxQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  /** nextCursor from the previous page (newest first). */
  @IsOptional()
  @Matches(ROW_ID, { message: 'after must be a cursor returned as nextCursor' })
  after?: string;
}

export class MailboxItemDto {
  id: string;
  /** The From header, as the member would see it. */
  from: string;
  /** The To header. */
  to: string;
  subject: string;
  receivedAt: Date;
}

export class MailboxPageDto {
  items: MailboxItemDto[];
  nextCursor: string | null;
}

export class MailboxMessageDto extends MailboxItemDto {
  /** The HTML part as sent (the page shows it in a sandboxed frame); null for a text-only message. */
  html: string | null;
  text: string | null;
}
