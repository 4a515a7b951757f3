import { BEFORE_DATA_END, createPooledTransport, MailTransport } from '../../src/actions/channels/email/smtp-transport';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// The precision the crash recovery relies on (docs/reliability.md "Deliveries and 'in doubt'"):
// the hand-over of an email is recorded after the relay has the message's body and before the
// DATA terminator lets it accept the message, and a refused hand-over aborts the message.

describe('the SMTP hand-over point', () => {
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = createPooledTransport(sink.url, 2);
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
  });

  const mail = (to: string, beforeEnd: () => Promise<void>) => transport.sendMail({ from: 'a@example.test', to, subject: 'Hi', text: 'x'.repeat(100_000), [BEFORE_DATA_END]: beforeEnd } as never);

  it('should run the hand-over once the relay has the whole body, before it can accept the message', async () => {
    const seen: Array<{ started: boolean; accepted: number }> = [];
    await mail('gate@example.test', async () => {
      seen.push({ started: sink.dataStarted.includes('gate@example.test'), accepted: sink.count() });
    });
    expect(seen).toEqual([{ started: true, accepted: 0 }]);
    expect(sink.to('gate@example.test')).toHaveLength(1);
    expect(sink.to('gate@example.test')[0].text).toContain('x'.repeat(1000));
  });

  it('should abort the message, never accepted by the relay, when the hand-over is refused', async () => {
    const before = sink.count();
    await expect(mail('refused@example.test', async () => Promise.reject(new Error('taken over by another run')))).rejects.toThrow(/taken over/);
    expect(sink.dataStarted).toContain('refused@example.test');
    // the pool goes on with a fresh connection
    await mail('after@example.test', async () => undefined);
    expect(sink.to('refused@example.test')).toHaveLength(0);
    expect(sink.count()).toBe(before + 1);
  });
});
