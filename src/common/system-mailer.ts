import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface SystemEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Comeback's own mail to staff and users (task notifications, invitations, password resets), as
 * opposed to a business's messages to its members (the email channel). A pooled SMTP transport
 * (SMTP_URL, SMTP_POOL_SIZE) from MAIL_FROM, opened on first use; each module that sends such mail
 * provides its own instance, so one module's pool never waits on another's.
 */
@Injectable()
export class SystemMailer implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `businessId` goes out as X-Comeback-Business (the demo mailbox files the message under it). */
  async send(businessId: string, to: string, email: SystemEmail): Promise<{ messageId: string | null }> {
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
      headers: { 'X-Comeback-Business': businessId },
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
