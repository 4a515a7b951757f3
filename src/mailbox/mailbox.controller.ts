import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, AnyRole } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { MailboxItemDto, MailboxMessageDto, MailboxPageDto, MailboxQuery } from './dto/mailbox.dto';
import { MailboxSinkService } from './mailbox-sink.service';
import { MailboxRepository } from './mailbox.repository';
import { RowIdPipe } from '../common/row-id';

/**
 * The demo mailbox (web.md "Demo mailbox"): what the local SMTP sink received, for the caller's
 * business, newest first. Any role; a staff member sees only mail addressed to them (their
 * user's or staff record's email). 404 when the process does not run the mailbox.
 */
@AnyRole()
@ApiTags('Mailbox')
@Controller('api/v1/mailbox')
export class MailboxController {
  constructor(
    private readonly sink: MailboxSinkService,
    private readonly messages: MailboxRepository,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() q: MailboxQuery): Promise<MailboxPageDto> {
    this.requireMailbox();
    const page = await this.messages.page(p.businessId, { limit: q.limit, after: q.after, onlyTo: await this.onlyTo(p) });
    return { items: page.items as MailboxItemDto[], nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('message')) id: string): Promise<MailboxMessageDto> {
    this.requireMailbox();
    const message = await this.messages.find(p.businessId, id, await this.onlyTo(p));
    if (!message) throw notFound('message');
    return message;
  }

  private requireMailbox(): void {
    if (!this.sink.enabled) throw new DomainError(ErrorCode.NotFound, 'The mailbox runs only in the demo');
  }

  /** Staff see their own mail only; other roles the whole business's. */
  private async onlyTo(p: Principal): Promise<string[] | null> {
    return p.role === 'staff' ? this.messages.ownAddresses(p.businessId, p.userId, p.staffId) : null;
  }
}
