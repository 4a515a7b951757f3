import { invitationEmail, resetEmail, setPasswordUrl } from './auth-emails';

describe('auth emails', () => {
  it('should build the set-password link from the public base URL, with or without a trailing slash', () => {
    expect(setPasswordUrl('https://app.example.com/', 'abc_-1')).toBe('https://app.example.com/set-password?token=abc_-1');
    expect(setPasswordUrl('https://app.example.com', 'abc')).toBe('https://app.example.com/set-password?token=abc');
  });

  it('should escape the business and invitee names in the HTML and keep the subject on one line', () => {
    const sut = invitationEmail({ businessName: 'Iron & <Co>\r\nBcc: x@y', inviteeName: '<b>Ann</b>', role: 'manager', url: 'https://a.test/set-password?token=t&x=1', hours: 72 });
    expect(sut.subject).toBe('Your invitation to Iron & <Co> Bcc: x@y on Comeback');
    expect(sut.html).toContain('Iron &amp; &lt;Co&gt;');
    expect(sut.html).toContain('Hi &lt;b&gt;Ann&lt;/b&gt;,');
    expect(sut.html).toContain('href="https://a.test/set-password?token=t&amp;x=1"');
    expect(sut.text).toContain('Choose a password to sign in: https://a.test/set-password?token=t&x=1');
    expect(sut.text).toContain('The link works once and for 72 hours.');
  });

  it('should say how long a reset link works and that ignoring it changes nothing', () => {
    const sut = resetEmail({ businessName: 'Gym', url: 'https://a.test/set-password?token=t', minutes: 60 });
    expect(sut.subject).toBe('Set a new password for Gym on Comeback');
    expect(sut.text).toMatch(/works once and for 60 minutes\. If you did not ask, ignore this email/);
  });
});
