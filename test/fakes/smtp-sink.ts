import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';

// A real SMTP server on 127.0.0.1 (the smtp-server package) that keeps or counts what arrives.
// Tests steer failures the way real relays answer: 5xx for a recipient, 421 for a while.

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  /** Header lookup (case-insensitive, unfolded, encoded words decoded). */
  header(name: string): string | undefined;
  subject: string;
  html: string | null;
  text: string | null;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Recipients of every message whose DATA began (answered 354), whether or not it was completed. */
  dataStarted: string[];
  /** Messages accepted (kept or not). */
  count(): number;
  /** RCPT TO of matching addresses answers this code (e.g. 550 no such user). */
  rejectRecipient(match: RegExp, code: number, message?: string): void;
  /** The next n messages are refused at DATA with this code (421: try again later). */
  failNext(n: number, code: number, message?: string): void;
  /** How many of the failures failNext set up are still to come. */
  failuresLeft(): number;
  /** Messages kept whose envelope names this recipient. */
  to(address: string): ReceivedMail[];
  /** Wait this long before accepting each message (a slow relay). */
  setDelay(ms: number): void;
  onMessage?: (m: { envelopeTo: string[] }) => void;
  close(): Promise<void>;
}

export async function startSmtpSink(opts: { keep?: boolean } = {}): Promise<SmtpSink> {
  const keep = opts.keep ?? true;
  const messages: ReceivedMail[] = [];
  const dataStarted: string[] = [];
  let accepted = 0;
  let delay = 0;
  const rejects: Array<{ match: RegExp; code: number; message: string }> = [];
  let failing = { n: 0, code: 421, message: 'try again later' };
  const sink: SmtpSink = {
    url: '',
    port: 0,
    messages,
    dataStarted,
    count: () => accepted,
    rejectRecipient: (match, code, message = 'no such user') => void rejects.push({ match, code, message }),
    failNext: (n, code, message = 'service not available, try again later') => void (failing = { n, code, message }),
    failuresLeft: () => failing.n,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address)),
    setDelay: (ms) => void (delay = ms),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      const r = rejects.find((x) => x.match.test(address.address));
      if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
      cb();
    },
    onData(stream, session, cb) {
      for (const a of session.envelope.rcptTo) dataStarted.push(a.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => keep && chunks.push(c));
      stream.on('end', () => {
        const finish = () => {
          if (failing.n > 0) {
            failing.n--;
            return cb(Object.assign(new Error(failing.message), { responseCode: failing.code }));
          }
          accepted++;
          const envelopeTo = session.envelope.rcptTo.map((a) => a.address);
          if (keep) messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.mailFrom ? session.envelope.mailFrom.address : '', envelopeTo));
          sink.onMessage?.({ envelopeTo });
          cb();
        };
        if (delay) setTimeout(finish, delay);
        else finish();
      });
    },
  };
  const server = new SMTPServer(options);
  // a client that dies mid-session (a killed worker) resets its socket; a real relay shrugs
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  sink.port = port;
  sink.url = `smtp://127.0.0.1:${port}`;
  return sink;
}

// ---- a small MIME reader: enough for what nodemailer writes (multipart/alternative, QP, base64)

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(i + 1).trim()));
  }
  return { headers, body };
}

function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*(?==\?)?/g, (_, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')),
  );
}

export function decodeQp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function leafText(headers: Map<string, string>, body: string): string {
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'quoted-printable') return decodeQp(body);
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function collect(headers: Map<string, string>, body: string, out: { html: string | null; text: string | null }): void {
  const ct = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (/^multipart\//i.test(ct) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const p of parts) {
      if (p.startsWith('--')) break;
      const { headers: h, body: b } = splitHead(p.replace(/^\r\n/, ''));
      collect(h, b.replace(/\r\n$/, ''), out);
    }
  } else if (/^text\/html/i.test(ct)) out.html ??= leafText(headers, body);
  else if (/^text\/plain/i.test(ct)) out.text ??= leafText(headers, body);
}

export function parseMail(raw: string, envelopeFrom: string, envelopeTo: string[]): ReceivedMail {
  const { headers, body } = splitHead(raw);
  const out = { html: null as string | null, text: null as string | null };
  collect(headers, body, out);
  return {
    envelopeFrom,
    envelopeTo,
    raw,
    header: (name) => headers.get(name.toLowerCase()),
    subject: headers.get('subject') ?? '',
    html: out.html,
    text: out.text,
  };
}
