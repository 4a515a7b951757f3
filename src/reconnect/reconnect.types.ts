// Shared vocabulary of reconnect (docs/reconnect.md): settings, templates and their defaults.

export const RECONNECT_CHANNELS = ['sms', 'email', 'both'] as const;
export type ReconnectChannel = (typeof RECONNECT_CHANNELS)[number];

export interface ReconnectSettings {
  /** https URL offered as {{booking_link}}; null until set. */
  bookingLink: string | null;
  /** Days after the first message for the one automatic follow-up; null: no follow-up. */
  followUpDays: number | null;
  /** A reconnect succeeds with a booking or package within this many days of the first message. */
  successWindowDays: number;
  /** Share of overdue clients kept as a control group (never contacted), 0-50. */
  holdoutPercent: number;
}

export const DEFAULT_SETTINGS: ReconnectSettings = { bookingLink: null, followUpDays: 7, successWindowDays: 30, holdoutPercent: 0 };

export interface ReconnectTemplate {
  channel: ReconnectChannel;
  sms: { body: string } | null;
  email: { subject: string; body: string } | null;
}

/** Used for a category until the business writes its own (so "Contact all" works on day one). */
export const DEFAULT_TEMPLATE: ReconnectTemplate = {
  channel: 'sms',
  sms: { body: 'Hi {{first_name | there}}, it has been a while since your last {{service_category}}. You usually come every {{usual_interval_weeks}} weeks; book your next visit: {{booking_link}}' },
  email: {
    subject: 'Time for your next {{service_category}}, {{first_name | there}}?',
    body: 'Hi {{first_name | there}},\n\nYou usually come for {{service_category}} every {{usual_interval_weeks}} weeks, and it has been a little longer this time.\nBook your next visit here: {{booking_link}}',
  },
};

/** One overdue client in a category, as rhythm reports it. */
export interface OverdueClient {
  clientId: string;
  serviceCategory: string;
  usualIntervalDays: number;
}
