import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RenderedEmail } from './task-email';

/** The tasks module's own pooled SMTP transport (SMTP_URL, SMTP_POOL_SIZE, MAIL_FROM). */
@Injectable()
export class TaskMailer implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `businessId` goes out as X-Comeback-Business (the demo mailbox files the message under it). */
  async send(to: string, email: RenderedEmail, businessId?: string): Promise<{ messageId: string | null }> {
    this.transport ??= createTransport({
      pool: true,
      url: this.config.SMTP_URL,
      maxConnections: this.config.SMTP_POOL_SIZE,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    const info = await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: businessId ? { 'X-Comeback-Business': businessId } : undefined,
    });
    return { messageId: info.messageId ?? null };
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** SMTP said no for good: a 5xx reply (mailbox unknown, address refused, message rejected). */
export function isPermanentSmtpError(e: unknown): boolean {
  const code = (e as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
