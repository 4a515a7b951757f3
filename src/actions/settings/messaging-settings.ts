import { isSupportedCountry } from 'libphonenumber-js';
import { Channel, ConsentChannel } from '../actions.types';
import { isHhMm, QuietHours } from '../guards/quiet-hours';

/** Per-business guard and rate settings (business.settings.messaging); defaults from actions.md. */
export interface MessagingSettings {
  /** null: no quiet hours. */
  quietHours: QuietHours | null;
  /** At most `max` marketing messages per client per `days` across email, SMS and push; null: no cap. */
  frequencyCap: { max: number; days: number } | null;
  /** Automated sends of a business whose booking data is older than this are held; null: never. */
  staleHoldHours: number | null;
  /** Consent when neither the ledger nor the booking system says anything. */
  unknownConsent: Record<ConsentChannel, boolean>;
  /** Messages per second per business and channel (token bucket in Redis). */
  ratePerSecond: Record<Exclude<Channel, 'mailchimp'>, number>;
  /** Concurrent requests to one Mailchimp account (Mailchimp allows 10). */
  mailchimpConcurrency: number;
  /** ISO 3166 country (e.g. SE) for phone numbers stored without a country code; null: send them as stored. */
  smsDefaultCountry: string | null;
  /** Adds a 1x1 open pixel to HTML email (docs/actions.md "Engagement"); off unless the business turns it on. */
  openPixel: boolean;
}

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  quietHours: { start: '21:00', end: '08:00' },
  frequencyCap: { max: 2, days: 7 },
  staleHoldHours: 6,
  // email to an existing customer is soft opt-in; SMS needs an explicit opt-in
  unknownConsent: { email: true, sms: false, push: true },
  // Twilio: 1 message/s per long-code number
  ratePerSecond: { email: 1000, sms: 1, push: 50 },
  mailchimpConcurrency: 10,
  smsDefaultCountry: null,
  // actions.md: on by default, off per business; opens are a hint (some mail clients open everything)
  openPixel: true,
};

export type MessagingSettingsPatch = { [K in keyof MessagingSettings]?: MessagingSettings[K] | null };

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of a patch, by path; an empty list means it is valid. Keys not known are problems too. */
export function validateMessagingPatch(patch: unknown): Array<{ path: string; reason: string }> {
  const out: Array<{ path: string; reason: string }> = [];
  if (!isObj(patch)) return [{ path: '', reason: 'must be an object' }];
  const known = new Set(Object.keys(DEFAULT_MESSAGING_SETTINGS));
  for (const k of Object.keys(patch)) if (!known.has(k)) out.push({ path: k, reason: 'is not a messaging setting' });
  const bad = (path: string, reason: string) => out.push({ path, reason });
  const qh = patch.quietHours;
  if (qh !== undefined && qh !== null) {
    if (!isObj(qh)) bad('quietHours', 'must be {start, end} or null');
    else {
      if (!isHhMm(qh.start)) bad('quietHours.start', 'must be HH:MM (00:00-23:59)');
      if (!isHhMm(qh.end)) bad('quietHours.end', 'must be HH:MM (00:00-23:59)');
      for (const k of Object.keys(qh)) if (k !== 'start' && k !== 'end') bad(`quietHours.${k}`, 'is not a quiet hours field');
    }
  }
  const cap = patch.frequencyCap;
  if (cap !== undefined && cap !== null) {
    if (!isObj(cap)) bad('frequencyCap', 'must be {max, days} or null');
    else {
      if (!isInt(cap.max, 1, 100)) bad('frequencyCap.max', 'must be an integer from 1 to 100');
      if (!isInt(cap.days, 1, 365)) bad('frequencyCap.days', 'must be an integer from 1 to 365');
    }
  }
  if (patch.staleHoldHours !== undefined && patch.staleHoldHours !== null && !isInt(patch.staleHoldHours, 1, 24 * 30)) {
    bad('staleHoldHours', 'must be an integer from 1 to 720, or null to never hold');
  }
  const uc = patch.unknownConsent;
  if (uc !== undefined && uc !== null) {
    if (!isObj(uc)) bad('unknownConsent', 'must be an object of booleans per channel');
    else
      for (const [k, v] of Object.entries(uc)) {
        if (!['email', 'sms', 'push'].includes(k)) bad(`unknownConsent.${k}`, 'is not a consent channel (email, sms, push)');
        else if (typeof v !== 'boolean') bad(`unknownConsent.${k}`, 'must be true or false');
      }
  }
  const rates = patch.ratePerSecond;
  if (rates !== undefined && rates !== null) {
    if (!isObj(rates)) bad('ratePerSecond', 'must be an object of numbers per channel');
    else
      for (const [k, v] of Object.entries(rates)) {
        if (!['email', 'sms', 'push'].includes(k)) bad(`ratePerSecond.${k}`, 'is not a rate-limited channel (email, sms, push)');
        else if (typeof v !== 'number' || !(v > 0) || v > 100_000) bad(`ratePerSecond.${k}`, 'must be a number above 0 and at most 100000');
      }
  }
  if (patch.mailchimpConcurrency !== undefined && patch.mailchimpConcurrency !== null && !isInt(patch.mailchimpConcurrency, 1, 10)) {
    bad('mailchimpConcurrency', 'must be an integer from 1 to 10 (Mailchimp allows 10)');
  }
  const country = patch.smsDefaultCountry;
  if (country !== undefined && country !== null && !(typeof country === 'string' && /^[A-Z]{2}$/.test(country) && isSupportedCountry(country))) {
    bad('smsDefaultCountry', 'must be an ISO 3166 country code with a telephone numbering plan (e.g. SE, RU, US), or null');
  }
  if (patch.openPixel !== undefined && patch.openPixel !== null && typeof patch.openPixel !== 'boolean') bad('openPixel', 'must be true or false, or null for the default (on)');
  return out;
}

/** Stored overrides applied over the defaults; a null restores the default. */
export function mergeMessagingSettings(base: MessagingSettings, stored: MessagingSettingsPatch | undefined | null): MessagingSettings {
  if (!stored) return base;
  const has = (k: keyof MessagingSettings) => Object.prototype.hasOwnProperty.call(stored, k);
  return {
    quietHours: has('quietHours') ? (stored.quietHours ?? null) : base.quietHours,
    frequencyCap: has('frequencyCap') ? (stored.frequencyCap ?? null) : base.frequencyCap,
    staleHoldHours: has('staleHoldHours') ? (stored.staleHoldHours ?? null) : base.staleHoldHours,
    unknownConsent: { ...base.unknownConsent, ...(stored.unknownConsent ?? {}) },
    ratePerSecond: { ...base.ratePerSecond, ...(stored.ratePerSecond ?? {}) },
    mailchimpConcurrency: stored.mailchimpConcurrency ?? base.mailchimpConcurrency,
    smsDefaultCountry: has('smsDefaultCountry') ? (stored.smsDefaultCountry ?? null) : base.smsDefaultCountry,
    openPixel: stored.openPixel ?? base.openPixel,
  };
}
