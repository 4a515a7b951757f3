import { inboundIntent } from './sms-keywords';

describe('inbound SMS keywords', () => {
  it.each(['STOP', 'stop', ' Stop ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT', 'stop.'])('should read %j as an opt-out', (body) => {
    expect(inboundIntent(body, undefined)).toBe('opt_out');
  });

  it.each(['START', 'unstop', 'Start'])('should read %j as an opt-in', (body) => {
    expect(inboundIntent(body, undefined)).toBe('opt_in');
  });

  it('should treat anything else as a reply, and let OptOutType decide when Twilio sends it', () => {
    expect(inboundIntent('please stop texting me at night', undefined)).toBe('reply');
    expect(inboundIntent('See you Monday', undefined)).toBe('reply');
    expect(inboundIntent('HELP', undefined)).toBe('help');
    // a custom keyword configured in Advanced Opt-Out
    expect(inboundIntent('ARRET', 'STOP')).toBe('opt_out');
    expect(inboundIntent('stop', 'HELP')).toBe('help');
    expect(inboundIntent('yes', 'START')).toBe('opt_in');
  });
});
