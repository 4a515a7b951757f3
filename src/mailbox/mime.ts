// A small MIME reader for the demo mailbox: enough for what nodemailer writes (and most mail):
// folded headers, RFC 2047 encoded words, nested multipart, quoted-printable and base64 bodies,
// and the charsets TextDecoder knows. Not a general-purpose parser: attachments are skipped.

interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  html: string | null;
  text: string | null;
}

function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder((charset ?? 'utf-8').trim().toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Quoted-printable to bytes (soft line breaks removed). */
function decodeQuotedPrintable(s: string): Buffer {
  const src = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const hex = src.slice(i + 1, i + 3);
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(...Buffer.from(src[i], 'latin1'));
    }
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words ("=?utf-8?Q?Hej_d=C3=A5?="); whitespace between two of them is dropped. */
export function decodeWords(v: string): string {
  return v
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) =>
      decodeBytes(enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' ')), charset),
    );
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(i + 1).trim());
  }
  return { headers, body };
}

function param(header: string, name: string): string | undefined {
  return new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i')
    .exec(header)
    ?.slice(1)
    .find((x) => x !== undefined);
}

function leaf(headers: Map<string, string>, body: string): string {
  const ct = headers.get('content-type') ?? 'text/plain';
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes = cte === 'quoted-printable' ? decodeQuotedPrintable(body) : cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body, 'latin1');
  return decodeBytes(bytes, param(ct, 'charset'));
}

function collect(headers: Map<string, string>, body: string, out: { html: string | null; text: string | null }, depth: number): void {
  const ct = headers.get('content-type') ?? 'text/plain';
  const attachment = /^attachment/i.test(headers.get('content-disposition') ?? '');
  const boundary = param(ct, 'boundary');
  if (/^multipart\//i.test(ct) && boundary && depth < 10) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const p of parts) {
      if (p.startsWith('--')) break;
      const { headers: h, body: b } = splitHead(p.replace(/^\r?\n/, ''));
      collect(h, b.replace(/\r?\n$/, ''), out, depth + 1);
    }
  } else if (!attachment && /^text\/html/i.test(ct)) out.html ??= leaf(headers, body);
  else if (!attachment && /^text\/plain/i.test(ct)) out.text ??= leaf(headers, body);
}

/**
 * Reads a raw message. `raw` is the message as received, decoded as latin1 so every byte
 * survives until the charset of its part is known.
 */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHead(raw);
  const out = { html: null as string | null, text: null as string | null };
  collect(headers, body, out, 0);
  // raw 8-bit header bytes are read as UTF-8 first; encoded words are ASCII, decoded after
  const header = (name: string) => decodeWords(decodeBytes(Buffer.from(headers.get(name) ?? '', 'latin1'), 'utf-8'));
  return { headers, subject: header('subject'), from: header('from'), to: header('to'), html: out.html, text: out.text };
}
