import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailboxRepository } from './mailbox.repository';
import { parseMail } from './mime';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Host and port an SMTP URL points at (default port 25, as nodemailer reads it). */
function smtpListenAddress(url: string): { host: string; port: number } {
  const u = new URL(url);
  if (u.protocol !== 'smtp:') throw new Error(`the demo mailbox listens on plain smtp:// only, SMTP_URL is ${u.protocol}//...`);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: u.port ? Number(u.port) : 25 };
}

/**
 * The demo's local SMTP sink (DEMO_MAILBOX=true): listens where SMTP_URL points, so the app's
 * own transports deliver to it, accepts every message (any sender, any recipient, no auth)
 * and stores it in mailbox_message under the business its X-Comeback-Business header names.
 * Runs in API processes only (the module is part of the HTTP side), so an API and a worker
 * started together do not fight over the port.
 */
@Injectable()
export class MailboxSinkService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailboxSinkService.name);
  private server: SMTPServer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: MailboxRepository,
  ) {}

  get enabled(): boolean {
    return this.config.DEMO_MAILBOX;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const { host, port } = smtpListenAddress(this.config.SMTP_URL);
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      banner: 'Comeback demo mailbox',
      size: MAX_MESSAGE_BYTES,
      // on shutdown, idle pooled client connections are dropped after this long, not 30 s
      closeTimeout: 1000,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return cb(Object.assign(new Error('message too large for the demo mailbox'), { responseCode: 552 }));
          const recipients = session.envelope.rcptTo.map((a) => a.address);
          this.store(Buffer.concat(chunks), recipients).then(
            () => cb(),
            (e: Error) => {
              this.logger.warn(`could not store a message: ${e.message}`);
              cb(Object.assign(new Error('mailbox unavailable, try again later'), { responseCode: 451 }));
            },
          );
        });
      },
    });
    server.on('error', (e) => this.logger.warn(`SMTP sink: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`the demo mailbox cannot listen on ${host}:${port} (SMTP_URL): ${e.message}`));
      (server as unknown as { server: NodeJS.EventEmitter }).server.once('error', onError);
      server.listen(port, host, () => {
        (server as unknown as { server: NodeJS.EventEmitter }).server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`demo mailbox listening on smtp://${host}:${port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async store(raw: Buffer, recipients: string[]): Promise<void> {
    const mail = parseMail(raw.toString('latin1'));
    await this.messages.insert({
      businessId: mail.headers.get('x-comeback-business')?.trim() ?? null,
      from: mail.from,
      to: mail.to || recipients.join(', '),
      recipients,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
  }
}
