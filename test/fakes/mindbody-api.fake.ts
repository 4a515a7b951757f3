import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MbAppointment, MbClass, MbClient, MbClientContract, MbLocation, MbSale, MbVisit } from '../../src/integrations/mindbody/mindbody-api.types';

// Loopback fake of the Mindbody Public API v6 routes the sync reads, with the documented
// headers, envelopes, PaginationResponse and {"Error":{Message,Code}} bodies. Tests seed the
// dataset and steer failures (429 with Retry-After, 5xx on a given page, revoked tokens).

export interface MindbodyFakeDataset {
  locations: MbLocation[];
  clients: MbClient[];
  /** Keyed by client Id (RSSID), as GET /client/clientcontracts is. */
  contracts: Record<string, MbClientContract[]>;
  /** Classes with their roster in Visits. */
  classes: MbClass[];
  appointments: MbAppointment[];
  sales: MbSale[];
}

export interface MindbodyFakeOptions {
  apiKey?: string;
  siteId?: string;
  username?: string;
  password?: string;
  data?: Partial<MindbodyFakeDataset>;
}

export interface FakeRequestLog {
  method: string;
  /** Path without /public/v6, e.g. /client/clients. */
  path: string;
  /** Query keys lower-cased with any `request.` prefix removed. */
  query: Record<string, string[]>;
  headers: Record<string, string | undefined>;
  status: number;
}

export interface FakeFailure {
  /** Path without /public/v6. */
  path: string;
  /** Only when the requested Offset equals this. */
  offset?: number;
  status: number;
  /** JSON body, or a string sent raw as text/plain; default a Mindbody InternalError body. */
  body?: unknown;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export interface MindbodyFakeState {
  data: MindbodyFakeDataset;
  requests: FakeRequestLog[];
  issuedTokens: string[];
  /** Answer the next n requests with 429 (+ Retry-After seconds when given). */
  rateLimitNext(n: number, retryAfterSeconds?: number | null): void;
  /** Fail matching requests, e.g. 500 on the page at Offset 200 of /client/clients. */
  failOn(failure: FakeFailure): void;
  /** Invalidate all issued tokens (as if they expired server-side). */
  revokeTokens(): void;
  /** Requests to a path (without /public/v6), excluding the 429s. */
  countRequests(path: string, opts?: { includeRateLimited?: boolean }): number;
}

export interface MindbodyApiFake {
  /** Base URL for MindbodyApiClient, ending in /public/v6. */
  url: string;
  state: MindbodyFakeState;
  close(): Promise<void>;
}

export const MINDBODY_FAKE_DEFAULTS = { apiKey: 'test-api-key', siteId: '-99', username: 'owner', password: 'secret' };

const PREFIX = '/public/v6';

export async function startMindbodyApiFake(opts: MindbodyFakeOptions = {}): Promise<MindbodyApiFake> {
  const cfg = { ...MINDBODY_FAKE_DEFAULTS, ...stripUndefined(opts) };
  const data: MindbodyFakeDataset = { ...defaultDataset(), ...(opts.data ?? {}) };
  const validTokens = new Set<string>();
  const failures: Array<FakeFailure & { left: number }> = [];
  let rateLimit = { left: 0, retryAfter: null as number | null };
  let tokenSeq = 0;

  const state: MindbodyFakeState = {
    data,
    requests: [],
    issuedTokens: [],
    rateLimitNext(n, retryAfterSeconds = null) {
      rateLimit = { left: n, retryAfter: retryAfterSeconds };
    },
    failOn(f) {
      failures.push({ ...f, left: f.times ?? 1 });
    },
    revokeTokens() {
      validTokens.clear();
    },
    countRequests(path, o = {}) {
      return state.requests.filter((r) => r.path === path && (o.includeRateLimited || r.status !== 429)).length;
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => send(res, 500, { Error: { Message: String(err), Code: 'InternalError' } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.toLowerCase().startsWith(PREFIX) ? url.pathname.slice(PREFIX.length).toLowerCase() : url.pathname;
    const query = normaliseQuery(url.searchParams);
    const body = await readBody(req);
    const log: FakeRequestLog = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: { 'api-key': header(req, 'api-key'), siteid: header(req, 'siteid'), authorization: header(req, 'authorization') },
      status: 0,
    };
    state.requests.push(log);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      send(res, status, payload, headers);
    };

    if (rateLimit.left > 0) {
      rateLimit.left--;
      const headers: Record<string, string> = rateLimit.retryAfter !== null ? { 'Retry-After': String(rateLimit.retryAfter) } : {};
      return reply(429, { Error: { Message: 'Too many requests', Code: 'TooManyRequests' } }, headers);
    }
    if (header(req, 'api-key') !== cfg.apiKey) return reply(401, mbError('DeniedAccess', 'Missing or invalid Api-Key header.'));
    if (header(req, 'siteid') !== cfg.siteId) return reply(401, mbError('DeniedAccess', 'Missing or invalid SiteId header.'));

    const offset = intParam(query, 'offset', 0);
    const failure = failures.find((f) => f.left > 0 && f.path.toLowerCase() === path && (f.offset === undefined || f.offset === offset));
    if (failure) {
      failure.left--;
      return reply(failure.status, failure.body ?? mbError('InternalError', 'Injected failure'));
    }

    if (req.method === 'POST' && path === '/usertoken/issue') {
      const creds = (body ?? {}) as { Username?: string; Password?: string };
      if (creds.Username !== cfg.username || creds.Password !== cfg.password) {
        return reply(401, mbError('InvalidCredentials', 'The username or password is incorrect.'));
      }
      const token = `tok-${++tokenSeq}`;
      validTokens.add(token);
      state.issuedTokens.push(token);
      return reply(200, {
        TokenType: 'Bearer',
        AccessToken: token,
        Expires: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
        User: { Id: 1, FirstName: 'Site', LastName: 'Owner', Type: 'Owner' },
      });
    }
    if (req.method !== 'GET') return reply(404, mbError('NotFound', `No route ${req.method} ${path}`));

    const auth = (header(req, 'authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (!validTokens.has(auth)) return reply(401, mbError('DeniedAccess', 'Authorization token is invalid or expired.'));

    const limit = Math.min(intParam(query, 'limit', 100), 200);
    const page = <T>(key: string, rows: T[]) => {
      const items = rows.slice(offset, offset + limit);
      return reply(200, {
        PaginationResponse: { RequestedLimit: limit, RequestedOffset: offset, PageSize: items.length, TotalResults: rows.length },
        [key]: items,
      });
    };

    switch (path) {
      case '/site/locations':
        return page('Locations', data.locations);
      case '/client/clients': {
        let rows = [...data.clients].sort((a, b) => (a.UniqueId ?? 0) - (b.UniqueId ?? 0));
        const since = first(query, 'lastmodifieddate');
        if (since) rows = rows.filter((c) => !!c.LastModifiedDateTime && cmpDateTime(c.LastModifiedDateTime, since) >= 0);
        const ids = query['clientids'];
        if (ids?.length) rows = rows.filter((c) => ids.includes(c.Id));
        if (first(query, 'includeinactive') !== 'true') rows = rows.filter((c) => c.Active !== false);
        return page('Clients', rows);
      }
      case '/client/clientcontracts': {
        const clientId = first(query, 'clientid');
        if (!clientId) return reply(400, mbError('MissingRequiredFields', 'ClientId is required.'));
        return page('Contracts', data.contracts[clientId] ?? []);
      }
      case '/client/clientvisits': {
        const clientId = first(query, 'clientid');
        if (!clientId) return reply(400, mbError('MissingRequiredFields', 'ClientId is required.'));
        const rows = data.classes
          .flatMap((c) => (c.Visits ?? []).map((v) => ({ ...v, ClassId: c.Id })))
          .filter((v) => v.ClientId === clientId && inRange(v.StartDateTime, first(query, 'startdate'), first(query, 'enddate')));
        return page('Visits', rows);
      }
      case '/class/classes': {
        let rows = data.classes.filter((c) => inRange(c.StartDateTime, first(query, 'startdatetime'), first(query, 'enddatetime')));
        const since = first(query, 'lastmodifieddate');
        if (since) rows = rows.filter((c) => !!c.LastModifiedDateTime && cmpDateTime(c.LastModifiedDateTime, since) >= 0);
        // The class list carries no roster; GET /class/classvisits does.
        return page(
          'Classes',
          rows.map(({ Visits: _v, ...c }) => ({ ...c, Visits: [] as MbVisit[] })),
        );
      }
      case '/class/classvisits': {
        const classId = intParam(query, 'classid', NaN);
        const cls = data.classes.find((c) => c.Id === classId);
        if (!cls) return reply(400, mbError('InvalidClassId', `Class ${first(query, 'classid')} not found.`));
        const since = first(query, 'lastmodifieddate');
        const visits = (cls.Visits ?? []).filter((v) => !since || (!!v.LastModifiedDateTime && cmpDateTime(v.LastModifiedDateTime, since) >= 0));
        return reply(200, { Class: { ...cls, Visits: visits } });
      }
      case '/appointment/staffappointments': {
        const locationIds = (query['locationids'] ?? []).map(Number);
        const rows = data.appointments.filter((a) => inRange(a.StartDateTime, first(query, 'startdate'), first(query, 'enddate')) && (!locationIds.length || locationIds.includes(a.LocationId ?? -1)));
        return page('Appointments', rows);
      }
      case '/sale/sales': {
        const rows = data.sales.filter((s) => inRange(s.SaleDateTime, first(query, 'startsaledatetime'), first(query, 'endsaledatetime')));
        return page('Sales', rows);
      }
      default:
        return reply(404, mbError('NotFound', `No route GET ${path}`));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function mbError(code: string, message: string) {
  return { Error: { Message: message, Code: code } };
}

// A string payload goes out raw (text/plain), to exercise non-JSON error bodies.
function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const raw = typeof payload === 'string';
  res.writeHead(status, { 'Content-Type': raw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
  res.end(raw ? payload : JSON.stringify(payload));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

// Mindbody binds query keys case-insensitively, with or without the `request.` prefix.
function normaliseQuery(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) {
    const key = k.toLowerCase().replace(/^request\./, '');
    (out[key] ??= []).push(v);
  }
  return out;
}

function first(q: Record<string, string[]>, key: string): string | undefined {
  return q[key]?.[0];
}

function intParam(q: Record<string, string[]>, key: string, fallback: number): number {
  const v = first(q, key);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

// Offset-less datetimes are compared as wall-clock values, the way Mindbody compares site-local times.
function toMillis(v: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(v);
  return Date.parse(hasZone ? v : v.length === 10 ? `${v}T00:00:00Z` : `${v}Z`);
}

function cmpDateTime(a: string, b: string): number {
  return toMillis(a) - toMillis(b);
}

function inRange(v: string | null | undefined, start?: string, end?: string): boolean {
  if (!v) return false;
  if (start && cmpDateTime(v, start) < 0) return false;
  // A date-only end means "through that day".
  if (end && cmpDateTime(v, end.length === 10 ? `${end}T23:59:59` : end) > 0) return false;
  return true;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && typeof v !== 'object')) as Partial<T>;
}

/** A small site: two locations, three clients, one class with a roster, an appointment, a sale. */
export function defaultDataset(): MindbodyFakeDataset {
  return {
    locations: [
      { Id: 1, Name: 'Downtown', SiteID: -99 },
      { Id: 2, Name: 'Riverside', SiteID: -99 },
    ],
    clients: [
      {
        Id: 'A100',
        UniqueId: 100001,
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Email: 'ada@example.com',
        MobilePhone: '+46700000001',
        BirthDate: '1990-05-15T00:00:00',
        Gender: 'Female',
        Status: 'Active',
        Active: true,
        CreationDate: '2024-01-10T09:00:00',
        LastModifiedDateTime: '2025-03-01T10:00:00',
        HomeLocation: { Id: 1, Name: 'Downtown' },
        SendPromotionalEmails: true,
        SendPromotionalTexts: false,
      },
      {
        Id: 'B200',
        UniqueId: 100002,
        FirstName: 'Bo',
        LastName: 'Berg',
        Email: 'bo@example.com',
        Status: 'Non-Member',
        Active: true,
        CreationDate: '2024-06-01T12:00:00',
        LastModifiedDateTime: '2025-02-01T08:30:00',
        HomeLocation: { Id: 2, Name: 'Riverside' },
      },
      {
        Id: 'C300',
        UniqueId: 100003,
        FirstName: 'Cy',
        LastName: 'Cole',
        Status: 'Terminated',
        Active: false,
        CreationDate: '2023-03-03T07:00:00',
        LastModifiedDateTime: '2025-03-05T16:45:00',
      },
    ],
    contracts: {
      A100: [
        {
          Id: 5001,
          ContractID: 12,
          ContractName: 'Monthly Unlimited',
          AgreementDate: '2024-01-10T00:00:00',
          StartDate: '2024-01-10T00:00:00',
          EndDate: '2025-01-09T00:00:00',
          AutoRenewing: true,
          IsMonthToMonth: true,
          AutopayStatus: 'Active',
          NormalAutoPay: 59.9,
          MinimumCommitmentEndDate: '2024-07-09T00:00:00',
          OriginationLocationId: 1,
        },
      ],
    },
    classes: [
      {
        Id: 9001,
        StartDateTime: '2025-03-03T18:00:00',
        EndDateTime: '2025-03-03T19:00:00',
        LastModifiedDateTime: '2025-03-03T19:05:00',
        IsCanceled: false,
        Location: { Id: 1, Name: 'Downtown' },
        ClassDescription: { Id: 77, Name: 'Power Yoga', Program: { Id: 3, Name: 'Yoga' }, SessionType: { Id: 8, Name: 'Yoga Class' } },
        Visits: [
          {
            Id: 70001,
            ClassId: 9001,
            ClientId: 'A100',
            ClientUniqueId: 100001,
            StartDateTime: '2025-03-03T18:00:00',
            LocationId: 1,
            SignedIn: true,
            LateCancelled: false,
            Missed: false,
            WebSignup: true,
            Name: 'Power Yoga',
            LastModifiedDateTime: '2025-03-03T18:02:00',
          },
          {
            Id: 70002,
            ClassId: 9001,
            ClientId: 'B200',
            ClientUniqueId: 100002,
            StartDateTime: '2025-03-03T18:00:00',
            LocationId: 1,
            SignedIn: false,
            LateCancelled: true,
            Missed: false,
            Name: 'Power Yoga',
            LastModifiedDateTime: '2025-03-03T12:00:00',
          },
        ],
      },
    ],
    appointments: [{ Id: 3001, Status: 'Completed', StartDateTime: '2025-03-04T10:00:00', EndDateTime: '2025-03-04T11:00:00', ClientId: 'B200', LocationId: 2, StaffId: 5, SessionTypeId: 20 }],
    sales: [
      {
        Id: 8001,
        SaleDateTime: '2025-03-02T14:30:00',
        ClientId: 'A100',
        LocationId: 1,
        PurchasedItems: [
          { SaleDetailId: 1, Id: 12, IsService: true, Description: 'Monthly Unlimited', ContractId: 12, UnitPrice: 59.9, Quantity: 1, TotalAmount: 59.9, Returned: false },
          { SaleDetailId: 2, Id: 400, IsService: false, Description: 'Water bottle', UnitPrice: 12.5, Quantity: 2, TotalAmount: 25, Returned: false },
        ],
      },
    ],
  };
}
