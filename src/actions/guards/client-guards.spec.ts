import { clientBlockReason, ClientGuardFacts, ClientGuardPolicy, currentConsent } from './client-guards';

const ok: ClientGuardFacts = { exists: true, address: 'a@example.test', ledger: null, bookingConsent: true, sleeping: false, recentContacts: 0 };
const email: ClientGuardPolicy = { channel: 'email', marketing: true, includeSleeping: false, unknownConsent: true, frequencyCap: { max: 2, days: 7 } };

describe('client guards', () => {
  it('should let a consenting, awake, rarely contacted client through', () => {
    expect(clientBlockReason(ok, email)).toBeNull();
  });

  it('should derive consent from the ledger first, then the booking system, then the default', () => {
    expect(currentConsent(null, null, true)).toEqual({ granted: true, from: 'default' });
    expect(currentConsent(null, false, true)).toEqual({ granted: false, from: 'booking_system' });
    expect(currentConsent({ granted: true, source: 'form' }, false, false)).toEqual({ granted: true, from: 'ledger', source: 'form' });
    expect(currentConsent({ granted: false, source: 'staff' }, true, true)).toEqual({ granted: false, from: 'ledger', source: 'staff' });
  });

  it('should name why consent is missing', () => {
    expect(clientBlockReason({ ...ok, bookingConsent: false }, email)).toBe('no_consent');
    expect(clientBlockReason({ ...ok, bookingConsent: null }, { ...email, unknownConsent: false })).toBe('no_consent');
    expect(clientBlockReason({ ...ok, ledger: { granted: false, source: 'unsubscribe_link' } }, email)).toBe('unsubscribed');
    expect(clientBlockReason({ ...ok, ledger: { granted: false, source: 'sms_keyword' } }, { ...email, channel: 'sms' })).toBe('unsubscribed');
    expect(clientBlockReason({ ...ok, ledger: { granted: false, source: 'staff' } }, email)).toBe('opted_out');
    // an opt-in in the ledger overrides the booking system's "no"
    expect(clientBlockReason({ ...ok, bookingConsent: false, ledger: { granted: true, source: 'form' } }, email)).toBeNull();
  });

  it('should skip sleeping members unless a campaign includes them on purpose', () => {
    expect(clientBlockReason({ ...ok, sleeping: true }, email)).toBe('sleeping');
    expect(clientBlockReason({ ...ok, sleeping: true }, { ...email, includeSleeping: true })).toBeNull();
  });

  it('should cap marketing messages across channels, not Mailchimp syncs', () => {
    expect(clientBlockReason({ ...ok, recentContacts: 1 }, email)).toBeNull();
    expect(clientBlockReason({ ...ok, recentContacts: 2 }, email)).toBe('frequency_cap');
    expect(clientBlockReason({ ...ok, recentContacts: 2 }, { ...email, channel: 'push' })).toBe('frequency_cap');
    expect(clientBlockReason({ ...ok, recentContacts: 9 }, { ...email, channel: 'mailchimp' })).toBeNull();
    expect(clientBlockReason({ ...ok, recentContacts: 9 }, { ...email, frequencyCap: null })).toBeNull();
  });

  it("should apply existence, address and the client's own withdrawal to transactional sends", () => {
    const tx = { ...email, marketing: false };
    expect(clientBlockReason({ ...ok, bookingConsent: false, sleeping: true, recentContacts: 5 }, tx)).toBeNull();
    expect(clientBlockReason({ ...ok, address: null }, tx)).toBe('no_address');
    expect(clientBlockReason({ ...ok, exists: false }, tx)).toBe('client_not_found');
    expect(clientBlockReason({ ...ok, ledger: { granted: false, source: 'unsubscribe_link' } }, tx)).toBe('unsubscribed');
    expect(clientBlockReason({ ...ok, ledger: { granted: false, source: 'form' } }, tx)).toBe('opted_out');
    expect(clientBlockReason({ ...ok, ledger: { granted: true, source: 'sms_keyword' }, bookingConsent: false }, tx)).toBeNull();
  });

  it("should let an admin's override reach a client who withdrew, on transactional sends only", () => {
    const gone: ClientGuardFacts = { ...ok, ledger: { granted: false, source: 'sms_keyword' } };
    expect(clientBlockReason(gone, { ...email, marketing: false, consentOverride: true })).toBeNull();
    expect(clientBlockReason(gone, { ...email, marketing: true, consentOverride: true })).toBe('unsubscribed');
  });

  it('should check in a fixed order: missing client, address, consent, sleeping, cap', () => {
    const everything: ClientGuardFacts = { exists: true, address: null, ledger: { granted: false, source: 'staff' }, bookingConsent: false, sleeping: true, recentContacts: 5 };
    expect(clientBlockReason(everything, email)).toBe('no_address');
    expect(clientBlockReason({ ...everything, address: 'x@y.z' }, email)).toBe('opted_out');
    expect(clientBlockReason({ ...everything, address: 'x@y.z', ledger: null, bookingConsent: true }, email)).toBe('sleeping');
    expect(clientBlockReason({ ...everything, address: 'x@y.z', ledger: null, bookingConsent: true, sleeping: false }, email)).toBe('frequency_cap');
    // push needs no stored address (the business's app knows its members)
    expect(clientBlockReason({ ...ok, address: null }, { ...email, channel: 'push' })).toBeNull();
  });
});
