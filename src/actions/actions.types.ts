// Shared vocabulary of the actions module (channels, touch states, guard verdicts).

export const CHANNELS = ['email', 'sms', 'mailchimp', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Consent is kept per contact channel; a Mailchimp sync needs email consent. */
export type ConsentChannel = 'email' | 'sms' | 'push';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'push'];
export const CONSENT_CHANNEL: Record<Channel, ConsentChannel> = { email: 'email', sms: 'sms', mailchimp: 'email', push: 'push' };

// provider: the channel's provider refused the recipient as opted out (Mailchimp's compliance state)
export const CONSENT_SOURCES = ['import', 'form', 'sms_keyword', 'unsubscribe_link', 'staff', 'provider'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export type TouchStatus = 'queued' | 'blocked' | 'deferred' | 'sending' | 'sent' | 'delivered' | 'failed' | 'opened' | 'clicked' | 'replied';

/** Why a send was not made (touch.blocked_reason). */
export type BlockReason = 'client_not_found' | 'no_address' | 'unsubscribed' | 'opted_out' | 'no_consent' | 'sleeping' | 'frequency_cap' | 'quiet_hours' | 'stale_data';

/** Why a send waits (touch.deferred_reason); it is sent when the hold ends. */
export type DeferReason = 'quiet_hours' | 'stale_data' | 'scheduled';

/** Channels whose messages count towards (and are limited by) the frequency cap and quiet hours. */
export const MESSAGE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['email', 'sms', 'push']);
