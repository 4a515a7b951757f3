import { Module } from '@nestjs/common';
import { MailboxSinkService } from './mailbox-sink.service';
import { MailboxController } from './mailbox.controller';
import { MailboxRepository } from './mailbox.repository';

/** The demo mailbox: the SMTP sink (DEMO_MAILBOX=true) and its API. HTTP side only. */
@Module({ controllers: [MailboxController], providers: [MailboxRepository, MailboxSinkService] })
export class MailboxModule {}
