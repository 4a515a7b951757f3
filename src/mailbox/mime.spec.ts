import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeWords, parseMail } from './mime';

async function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<string> {
  const buf: Buffer = await new Promise((resolve, reject) => new MailComposer(mail).compile().build((e, m) => (e ? reject(e) : resolve(m))));
  return buf.toString('latin1');
}

describe('parseMail', () => {
  it('should read what nodemailer writes: encoded subject and names, html and text alternatives', async () => {
    const html = `<p>Hej Åsa! ${'Lång rad med text. '.repeat(20)}</p>`;
    const raw = await compose({
      from: { name: 'Gym Söder', address: 'no-reply@comeback.local' },
      to: 'åsa@example.com, bo@example.com',
      subject: 'Vi saknar dig – kom tillbaka 💪',
      text: 'Hej Åsa!\nVälkommen tillbaka.',
      html,
      headers: { 'X-Comeback-Business': '5f0c4a0e-1111-4222-8333-944455556666' },
    });
    const m = parseMail(raw);
    expect(m.subject).toBe('Vi saknar dig – kom tillbaka 💪');
    expect(m.from).toBe('Gym Söder <no-reply@comeback.local>');
    expect(m.to).toContain('bo@example.com');
    expect(m.html).toBe(html);
    expect(m.text).toBe('Hej Åsa!\nVälkommen tillbaka.');
    expect(m.headers.get('x-comeback-business')).toBe('5f0c4a0e-1111-4222-8333-944455556666');
  });

  it('should read base64 bodies, skip attachments, and take a single-part text message', async () => {
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'plain',
      text: 'ünïcödé text',
      textEncoding: 'base64',
      attachments: [{ filename: 'x.html', content: '<b>not the body</b>', contentType: 'text/html' }],
    });
    const m = parseMail(raw);
    expect(m.text).toBe('ünïcödé text');
    expect(m.html).toBeNull();
    expect(parseMail('Subject: hi\r\n\r\nbody only').text).toBe('body only');
  });

  it('should decode adjacent encoded words and other charsets', () => {
    expect(decodeWords('=?UTF-8?B?SGVq?= =?UTF-8?Q?_d=C3=A5?=')).toBe('Hej då');
    expect(decodeWords('=?iso-8859-1?Q?K=E4ra?= kund')).toBe('Kära kund');
  });
});
