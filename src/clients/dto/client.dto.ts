import { ApiProperty } from '@nestjs/swagger';
// Answers of GET /api/v1/clients and GET /api/v1/clients/:id (docs/overview.md "Members").

/** One fact behind a client's status; codes: REASON_CODES in src/clients/client-reasons.sql.ts. */
/** One fact behind a client's status (docs/overview.md lists the codes); the page words it. */
export class ReasonDto {
  code: string;
  // a union the plugin cannot express: days, counts and percents are numbers, dates and notes strings
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true })
  value: number | string | null;
}

export class ClientDto {
  id: string;
  source: string;
  externalId: string;
  altExternalId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  gender: string;
  customerType: string | null;
  /** The source's member flag; null where the source has none (then: an active package). */
  isMember: boolean | null;
  homeLocationId: string | null;
  ownerStaffId: string | null;
  suspended: boolean | null;
  emailConsent: boolean | null;
  smsConsent: boolean | null;
  /** The first subscription ever started. */
  registeredAt: Date | null;
  firstVisitOn: string | null;
  lastVisitOn: string | null;
  deletedAt: Date | null;
  isStub: boolean;
  /** set when the member's personal data was erased on request (docs/privacy.md) */
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export class ClientListItemDto extends ClientDto {
  /** Risk status now; null: not a member, or not assessed yet. */
  status: string | null;
  statusTags: string[] | null;
  riskScore: number | null;
  churnProbability: number | null;
  expectedVisits30d: number | null;
  healthScore: number | null;
  healthBand: string | null;
  /** Why the client has this status, as facts the page words. */
  reasons: ReasonDto[];
}

export class ClientListDto {
  items: ClientListItemDto[];
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}

export class ClientStatusInfoDto {
  status: string;
  /** When the client got this status. */
  since: Date;
  tags: string[];
  score: number;
  /** Set by hand (reason manual); holds until the rules next produce In Trouble or At Risk. */
  manual: boolean;
  /** The note given with a status set by hand. */
  note: string | null;
}

export class ClientHealthInfoDto {
  score: number;
  /** green, yellow or red */
  band: string;
  /** Weighted points per signal (frequency, recency, trend, bookingsAhead, reliability, payments). */
  contributions: Record<string, number | null>;
}

export class ClientEstimateDto {
  /** Percent, 0-100 (BG/NBD: 1 - P(alive)). */
  churnProbability: number;
  expectedVisits30d: number;
}

export class FreezeDto {
  id: string;
  startsOn: string;
  endsOn: string | null;
}

export class ClientSubscriptionDto {
  id: string;
  externalId: string;
  name: string | null;
  productName: string | null;
  productLabels: string[] | null;
  startsOn: string;
  endsOn: string | null;
  bindingEndsOn: string | null;
  autoRenew: boolean;
  paymentMethod: string;
  /** Minor units of the business's currency. */
  price: string;
  billingUnit: string;
  billingInterval: number;
  billed: boolean;
  trailingBilling: boolean;
  cancelledAt: Date | null;
  cancellationKind: string | null;
  cancellationReason: string | null;
  freezes: FreezeDto[];
}

export class ClientQuotaDto {
  id: string;
  externalId: string;
  name: string | null;
  totalUnits: number;
  usedUnits: number;
  expiresOn: string | null;
}

export class ClientVisitDto {
  id: string;
  externalId: string;
  visitedAt: Date;
  visitedOn: string;
  kind: string;
  location: string | null;
}

export class ClientBookingDto {
  id: string;
  externalId: string;
  kind: string;
  name: string | null;
  serviceCategory: string | null;
  startsAt: Date;
  bookedAt: Date | null;
  state: string;
  noShowActive: boolean;
}

export class ClientOpenInvoiceDto {
  id: string;
  externalId: string;
  /** Minor units of the business's currency. */
  amount: string;
  dueOn: string;
  directDebit: boolean;
}

export class ClientDetailDto extends ClientDto {
  subscriptions: ClientSubscriptionDto[];
  quotas: ClientQuotaDto[];
  /** The last 50. */
  visits: ClientVisitDto[];
  /** The last 50. */
  bookings: ClientBookingDto[];
  openInvoices: ClientOpenInvoiceDto[];
  /** null: no status (not a member, or not assessed yet). */
  status: ClientStatusInfoDto | null;
  /** null: no health score (not scored: not a member, suspended, not computed yet). */
  health: ClientHealthInfoDto | null;
  /** null: no BG/NBD estimate (no fit yet, or no visit history). */
  estimate: ClientEstimateDto | null;
  reasons: ReasonDto[];
}
