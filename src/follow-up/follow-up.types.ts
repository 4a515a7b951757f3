// The vocabulary of follow-up reports (docs/follow-up.md).

export const SOURCE_KINDS = ['campaign', 'automation'] as const;
/** What exposes clients to an action: a one-off campaign or an automation. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** One arm (contacted or control) of a group of exposures, as counted in SQL. */
export interface ArmCounts {
  n: number;
  converted: number;
  medianDays: number | null;
  /** minor units per month, each converted client counted once */
  revenue: number;
  /** exposures whose window has not ended: their conversion can still change */
  open: number;
}

/** Touches and staff tasks of a group, by what became of them. */
export interface ItemCounts {
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  blocked: number;
  pending: number;
  /** touches the goal followed within their own window */
  converted: number;
  creditedLast: number;
  creditedFirst: number;
  /** delivered messages through a channel with links (email, SMS, Mailchimp) */
  linkDelivered: number;
  /** of those, touches whose member clicked at least one of its links */
  clicked: number;
  smsDelivered: number;
  /** of those, touches the member replied to by SMS within the report window */
  replied: number;
  /** delivered email (own or Mailchimp) */
  mailDelivered: number;
  /** of those, touches with an open reported (pixel or Mailchimp) */
  opened: number;
}

export const EMPTY_ARM: ArmCounts = { n: 0, converted: 0, medianDays: null, revenue: 0, open: 0 };
export const EMPTY_ITEMS: ItemCounts = {
  total: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  blocked: 0,
  pending: 0,
  converted: 0,
  creditedLast: 0,
  creditedFirst: 0,
  linkDelivered: 0,
  clicked: 0,
  smsDelivered: 0,
  replied: 0,
  mailDelivered: 0,
  opened: 0,
};

/** An action step of a source as the reports show it. */
export interface ReportStep {
  key: string;
  type: 'send' | 'task' | 'door_alert';
  channel: string;
  variants: string[];
}
