import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

export type MailTransport = ReturnType<typeof createTransport>;

/**
 * The pooled SMTP transport (SMTP_URL, SMTP_POOL_SIZE). The benchmark's baseline builds its
 * transport with this same function, so both sides send through identical settings.
 */
export function createPooledTransport(url: string, poolSize: number): MailTransport {
  return createTransport({ url, pool: true, maxConnections: poolSize, maxMessages: 1000 } as never);
}

/** One pool per process, shared by every email job of every business. */
@Injectable()
export class SmtpTransport implements OnModuleDestroy {
  private transport: MailTransport | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(): MailTransport {
    this.transport ??= createPooledTransport(this.config.SMTP_URL, this.config.SMTP_POOL_SIZE);
    return this.transport;
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
