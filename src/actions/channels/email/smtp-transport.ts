import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

export type MailTransport = ReturnType<typeof createTransport>;

/**
 * A message option read by the transport's stream plugin: awaited once the whole message body
 * has been written to the SMTP connection and before the DATA terminator ("." on its own line) is,
 * so the sender can record, durably, that the relay may now accept the message. Until the
 * terminator arrives no relay may accept it (RFC 5321 4.1.1.4); a rejection aborts the message:
 * the connection is dropped mid-DATA and the relay discards what it got.
 */
export const BEFORE_DATA_END = 'comebackBeforeDataEnd';

/**
 * The pooled SMTP transport (SMTP_URL, SMTP_POOL_SIZE). The benchmark's baseline builds its
 * transport with this same function, so both sides send through identical settings.
 */
export function createPooledTransport(url: string, poolSize: number): MailTransport {
  const transport = createTransport({ url, pool: true, maxConnections: poolSize, maxMessages: 1000 } as never);
  transport.use('stream', (mail, done) => {
    const beforeEnd = (mail.data as Record<string, unknown>)[BEFORE_DATA_END] as (() => Promise<void>) | undefined;
    // the outermost stage: what the SMTP connection pipes into the DATA stream once the relay answered DATA with 354
    if (beforeEnd) (mail.message as unknown as { processFunc(f: (input: Readable) => Readable): void }).processFunc((input) => new EndGate(input, beforeEnd));
    done();
  });
  return transport;
}

/**
 * Passes the message through and holds its end until `beforeEnd` resolves. It reads nothing
 * before its consumer does, and nodemailer starts consuming only after the relay's 354, so
 * `beforeEnd` runs when the body has been handed to the socket, just before the terminator.
 */
class EndGate extends Readable {
  private wanted = false;
  private ended = false;
  private gating = false;

  constructor(
    private readonly input: Readable,
    private readonly beforeEnd: () => Promise<void>,
  ) {
    super();
    input.on('readable', () => this.pump());
    input.on('end', () => {
      this.ended = true;
      this.pump();
    });
    input.on('error', (e) => this.destroy(e));
  }

  override _read(): void {
    this.wanted = true;
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.input.destroy();
    cb(err);
  }

  private pump(): void {
    if (!this.wanted || this.gating) return;
    for (let chunk = this.input.read(); chunk !== null; chunk = this.input.read()) {
      if (!this.push(chunk)) {
        this.wanted = false;
        return;
      }
    }
    if (!this.ended) return;
    this.gating = true;
    this.beforeEnd().then(
      () => this.push(null),
      (e) => this.destroy(e instanceof Error ? e : new Error(String(e))),
    );
  }
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
