// The public surface of mailbox (docs/architecture.md): other folders import only what is here.

export { MailboxModule } from './mailbox.module';
