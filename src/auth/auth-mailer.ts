import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthEmail } from './auth-emails';

/** The auth module's pooled SMTP transport (SMTP_URL, SMTP_POOL_SIZE, MAIL_FROM). */
@Injectable()
export class AuthMailer implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(businessId: string, to: string, email: AuthEmail): Promise<void> {
    this.transport ??= createTransport({
      pool: true,
      url: this.config.SMTP_URL,
      maxConnections: this.config.SMTP_POOL_SIZE,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // the demo mailbox files every message under its business
      headers: { 'X-Comeback-Business': businessId },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
