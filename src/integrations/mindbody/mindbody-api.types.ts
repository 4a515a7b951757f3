// Response objects of the Mindbody Public API v6 that the sync reads, with Mindbody's own
// PascalCase field names (docs/mindbody-api.md lists the sources). Only the fields we use
// or assert on are typed; everything is optional/nullable because Mindbody omits or nulls
// fields freely depending on site settings.
//
// Datetimes are strings as Mindbody sends them. Most are site-local without an offset
// ("2025-03-01T18:00:00"); we pass them through untouched.

export interface MbPaginationResponse {
  RequestedLimit: number;
  RequestedOffset: number;
  PageSize: number;
  TotalResults: number;
}

/** Body of every non-2xx answer of the Public API. */
export interface MbErrorBody {
  Error?: { Message?: string | null; Code?: string | null } | null;
}

export interface MbIssueTokenResponse {
  TokenType?: string | null;
  AccessToken: string;
  /** UTC. */
  Expires?: string | null;
  User?: { Id?: number; FirstName?: string | null; LastName?: string | null; Type?: string | null } | null;
}

export interface MbLocation {
  Id: number;
  Name?: string | null;
  SiteID?: number | null;
  Address?: string | null;
  City?: string | null;
  PostalCode?: string | null;
  Phone?: string | null;
  HasClasses?: boolean | null;
}

interface MbClientType {
  Id?: number | null;
  Name?: string | null;
}

export interface MbClient {
  /** The business-editable client id (RSSID, often a barcode). Other endpoints reference clients by this. */
  Id: string;
  /** System-generated, immutable, unique per site. Our external id. */
  UniqueId?: number | null;
  FirstName?: string | null;
  MiddleName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  MobilePhone?: string | null;
  HomePhone?: string | null;
  WorkPhone?: string | null;
  BirthDate?: string | null;
  Gender?: string | null;
  CreationDate?: string | null;
  LastModifiedDateTime?: string | null;
  /** Declined, Non-Member, Active, Expired, Suspended, Terminated. */
  Status?: string | null;
  Active?: boolean | null;
  IsProspect?: boolean | null;
  HomeLocation?: MbLocation | null;
  ClientType?: MbClientType | null;
  SendAccountEmails?: boolean | null;
  SendAccountTexts?: boolean | null;
  SendPromotionalEmails?: boolean | null;
  SendPromotionalTexts?: boolean | null;
  SendScheduleEmails?: boolean | null;
  SendScheduleTexts?: boolean | null;
}

export interface MbClientContract {
  /** Id of this sale of the contract (one per client purchase); our subscription external id. */
  Id: number;
  /** Id of the contract template. */
  ContractID?: number | null;
  ContractName?: string | null;
  AgreementDate?: string | null;
  StartDate?: string | null;
  EndDate?: string | null;
  TerminationDate?: string | null;
  AutoRenewing?: boolean | null;
  IsMonthToMonth?: boolean | null;
  /** Active, Inactive, Suspended. */
  AutopayStatus?: string | null;
  FirstAutoPay?: number | null;
  NormalAutoPay?: number | null;
  LastAutoPay?: number | null;
  MinimumCommitmentValue?: number | null;
  /** Days, Weeks, Months. */
  MinimumCommitmentUnit?: string | null;
  MinimumCommitmentEndDate?: string | null;
  OriginationLocationId?: number | null;
  SiteId?: number | null;
  PayerClientId?: number | null;
  AutoRenewClientContractID?: number | null;
  ContractAutoRenewed?: boolean | null;
  ContractText?: string | null;
  UpcomingAutopayEvents?: MbUpcomingAutopayEvent[] | null;
}

/** An autopay scheduled on a contract. */
interface MbUpcomingAutopayEvent {
  ClientContractId?: number | null;
  ChargeAmount?: number | null;
  /** Other, CreditCard, DebitAccount, ACH. */
  PaymentMethod?: string | null;
  ScheduleDate?: string | null;
  ProductId?: number | null;
}

/** None, Requested, Booked, Completed, Confirmed, Arrived, NoShow, Cancelled, LateCancelled. */
type MbAppointmentStatus = string;

/** A roster entry of a class, or (from client visits) a class or appointment visit. */
export interface MbVisit {
  /** The visit (roster entry) id; the webhooks' classRosterBookingId. */
  Id: number;
  ClassId?: number | null;
  AppointmentId?: number | null;
  AppointmentStatus?: MbAppointmentStatus | null;
  ClientId?: string | null;
  ClientUniqueId?: number | null;
  StartDateTime?: string | null;
  EndDateTime?: string | null;
  LastModifiedDateTime?: string | null;
  LateCancelled?: boolean | null;
  Missed?: boolean | null;
  SignedIn?: boolean | null;
  MakeUp?: boolean | null;
  WebSignup?: boolean | null;
  LocationId?: number | null;
  SiteId?: number | null;
  StaffId?: number | null;
  Name?: string | null;
  ServiceId?: number | null;
  ServiceName?: string | null;
  ProductId?: number | null;
  /** None, Added, Updated, Failed, Removed. */
  Action?: string | null;
}

interface MbProgram {
  Id?: number | null;
  Name?: string | null;
}

interface MbSessionType {
  Id?: number | null;
  Name?: string | null;
}

interface MbClassDescription {
  Id?: number | null;
  Name?: string | null;
  Program?: MbProgram | null;
  SessionType?: MbSessionType | null;
}

export interface MbClass {
  Id: number;
  ClassScheduleId?: number | null;
  StartDateTime?: string | null;
  EndDateTime?: string | null;
  LastModifiedDateTime?: string | null;
  IsCanceled?: boolean | null;
  Location?: MbLocation | null;
  ClassDescription?: MbClassDescription | null;
  TotalBooked?: number | null;
  TotalSignedIn?: number | null;
  /** Filled by GET /class/classvisits only. */
  Visits?: MbVisit[] | null;
}

export interface MbAppointment {
  Id: number;
  Status?: MbAppointmentStatus | null;
  StartDateTime?: string | null;
  EndDateTime?: string | null;
  /** RSSID of the booked client (no UniqueId on appointments). */
  ClientId?: string | null;
  LocationId?: number | null;
  StaffId?: number | null;
  SessionTypeId?: number | null;
  ProgramId?: number | null;
  Duration?: number | null;
  FirstAppointment?: boolean | null;
  ClientServiceId?: number | null;
  OnlineDescription?: string | null;
}

interface MbPurchasedItem {
  /** Id of the line in the cart; not present in webhook sale events. */
  SaleDetailId?: number | null;
  /** Product / pricing option id. */
  Id?: number | null;
  IsService?: boolean | null;
  Description?: string | null;
  ContractId?: number | null;
  UnitPrice?: number | null;
  /** Negative for returned items. */
  Quantity?: number | null;
  DiscountAmount?: number | null;
  TaxAmount?: number | null;
  TotalAmount?: number | null;
  Returned?: boolean | null;
}

export interface MbSalePayment {
  Id?: number | null;
  Amount?: number | null;
  Method?: number | null;
  Type?: string | null;
}

export interface MbSale {
  Id: number;
  SaleDate?: string | null;
  SaleTime?: string | null;
  SaleDateTime?: string | null;
  OriginalSaleDateTime?: string | null;
  /** RSSID of the buyer (no UniqueId on sales). */
  ClientId?: string | null;
  RecipientClientId?: number | null;
  LocationId?: number | null;
  PurchasedItems?: MbPurchasedItem[] | null;
  Payments?: MbSalePayment[] | null;
}

// Response envelopes, one per endpoint we call.
export interface MbGetClientsResponse {
  PaginationResponse: MbPaginationResponse;
  Clients: MbClient[];
}
export interface MbGetLocationsResponse {
  PaginationResponse: MbPaginationResponse;
  Locations: MbLocation[];
}
export interface MbGetClientContractsResponse {
  PaginationResponse: MbPaginationResponse;
  Contracts: MbClientContract[];
}
export interface MbGetClientVisitsResponse {
  PaginationResponse: MbPaginationResponse;
  Visits: MbVisit[];
}
export interface MbGetClassesResponse {
  PaginationResponse: MbPaginationResponse;
  Classes: MbClass[];
}
export interface MbGetClassVisitsResponse {
  Class: MbClass;
}
export interface MbGetStaffAppointmentsResponse {
  PaginationResponse: MbPaginationResponse;
  Appointments: MbAppointment[];
}
export interface MbGetSalesResponse {
  PaginationResponse: MbPaginationResponse;
  Sales: MbSale[];
}
