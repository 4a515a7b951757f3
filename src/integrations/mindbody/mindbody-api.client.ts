import {
  MbAppointment,
  MbClass,
  MbClient,
  MbClientContract,
  MbErrorBody,
  MbGetClassesResponse,
  MbGetClassVisitsResponse,
  MbGetClientContractsResponse,
  MbGetClientsResponse,
  MbGetClientVisitsResponse,
  MbGetLocationsResponse,
  MbGetSalesResponse,
  MbGetStaffAppointmentsResponse,
  MbIssueTokenResponse,
  MbLocation,
  MbPaginationResponse,
  MbSale,
  MbVisit,
} from './mindbody-api.types';

/** Mindbody caps Limit at 200 and defaults to 100. */
export const MINDBODY_MAX_LIMIT = 200;

export interface MindbodyApiClientOptions {
  /** e.g. https://api.mindbodyonline.com/public/v6 (no trailing slash needed). */
  baseUrl: string;
  apiKey: string;
  siteId: string | number;
  /** Staff (or owner) credentials for POST /usertoken/issue. */
  username: string;
  password: string;
  fetchImpl?: typeof fetch;
  /** Retries after a 429 before MindbodyRateLimitError. Default 5. */
  maxRetries?: number;
  /** Injected so tests don't wait. */
  sleep?: (ms: number) => Promise<void>;
  /** First exponential back-off step when there is no Retry-After. Default 1000 ms. */
  backoffBaseMs?: number;
  /** Upper bound for one wait. Default 60 s. */
  backoffMaxMs?: number;
  /** Injected for deterministic jitter in tests. Default Math.random. */
  random?: () => number;
}

/** One page of a list endpoint; nextOffset null = that was the last page. */
export interface MbPage<T> {
  items: T[];
  nextOffset: number | null;
  total: number;
}

export interface MbPageRequest {
  offset: number;
  limit: number;
}

/** A non-2xx answer other than an exhausted 429 (or a network failure: status 0). */
export class MindbodyApiError extends Error {
  constructor(
    readonly status: number,
    /** Mindbody's Error.Code, e.g. InvalidParameter, DeniedAccess. */
    readonly code: string | null,
    /** Mindbody's Error.Message, or the raw body when it isn't the documented shape. */
    readonly apiMessage: string | null,
    readonly path: string,
  ) {
    super(`Mindbody ${path} failed with ${status}${code ? ` ${code}` : ''}${apiMessage ? `: ${apiMessage}` : ''}`);
    this.name = 'MindbodyApiError';
  }
}

/** Still 429 after maxRetries back-offs; the job should be retried later (cursor is intact). */
export class MindbodyRateLimitError extends Error {
  constructor(
    readonly path: string,
    readonly attempts: number,
    /** The last Retry-After Mindbody asked for, if any. */
    readonly retryAfterMs: number | null,
  ) {
    super(`Mindbody ${path} still rate limited after ${attempts} attempts`);
    this.name = 'MindbodyRateLimitError';
  }
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read-only client for the Mindbody Public API v6 endpoints the batched sync uses.
 * Every list method takes an explicit offset so a sync job can resume from a stored cursor.
 */
export class MindbodyApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly random: () => number;
  private token: { value: string; expiresAt: number | null } | null = null;

  constructor(private readonly opts: MindbodyApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.sleep = opts.sleep ?? defaultSleep;
    this.maxRetries = opts.maxRetries ?? 5;
    this.backoffBaseMs = opts.backoffBaseMs ?? 1000;
    this.backoffMaxMs = opts.backoffMaxMs ?? 60_000;
    this.random = opts.random ?? Math.random;
  }

  /** POST /usertoken/issue; the token is cached until it expires or a request gets a 401. */
  async issueToken(): Promise<string> {
    const res = await this.send<MbIssueTokenResponse>(
      'POST',
      '/usertoken/issue',
      {},
      {
        body: { Username: this.opts.username, Password: this.opts.password },
      },
    );
    if (!res.AccessToken) throw new MindbodyApiError(200, null, 'token response without AccessToken', '/usertoken/issue');
    const expires = res.Expires ? Date.parse(res.Expires) : NaN;
    this.token = { value: res.AccessToken, expiresAt: Number.isNaN(expires) ? null : expires };
    return res.AccessToken;
  }

  /** GET /site/locations. Small; the sync re-reads all of them each run. */
  async getLocations(page: MbPageRequest): Promise<MbPage<MbLocation>> {
    const res = await this.get<MbGetLocationsResponse>('/site/locations', pageQuery(page));
    return toPage(res.Locations, res.PaginationResponse, page);
  }

  /**
   * GET /client/clients. modifiedSince maps to LastModifiedDate (on or after). Inactive
   * clients are included by default so deactivations reach us.
   */
  async getClients(req: MbPageRequest & { modifiedSince?: string; includeInactive?: boolean }): Promise<MbPage<MbClient>> {
    const res = await this.get<MbGetClientsResponse>('/client/clients', {
      ...pageQuery(req),
      LastModifiedDate: req.modifiedSince,
      IncludeInactive: req.includeInactive ?? true,
    });
    return toPage(res.Clients, res.PaginationResponse, req);
  }

  /**
   * GET /client/clients by RSSIDs (at most 20 per call, Mindbody's limit), to resolve the
   * UniqueId of clients that visits, appointments or sales reference only by Id.
   */
  async getClientsByIds(clientIds: readonly string[]): Promise<MbClient[]> {
    if (clientIds.length > 20) throw new RangeError('Mindbody accepts at most 20 ClientIds per call');
    if (clientIds.length === 0) return [];
    const res = await this.get<MbGetClientsResponse>('/client/clients', {
      ClientIds: clientIds,
      IncludeInactive: true,
      Limit: clientIds.length,
      Offset: 0,
    });
    return res.Clients ?? [];
  }

  /** GET /client/clientcontracts: the contracts one client bought (there is no bulk variant). */
  async getClientContracts(req: MbPageRequest & { clientId: string }): Promise<MbPage<MbClientContract>> {
    const res = await this.get<MbGetClientContractsResponse>('/client/clientcontracts', {
      ...pageQuery(req),
      ClientId: req.clientId,
    });
    return toPage(res.Contracts, res.PaginationResponse, req);
  }

  /** GET /client/clientvisits: one client's class and appointment visits in [startDate, endDate]. */
  async getClientVisits(req: MbPageRequest & { clientId: string; startDate?: string; endDate?: string }): Promise<MbPage<MbVisit>> {
    const res = await this.get<MbGetClientVisitsResponse>('/client/clientvisits', {
      ...pageQuery(req),
      ClientId: req.clientId,
      StartDate: req.startDate,
      EndDate: req.endDate,
    });
    return toPage(res.Visits, res.PaginationResponse, req);
  }

  /** GET /class/classes: scheduled classes in [startDateTime, endDateTime], without rosters. */
  async getClasses(req: MbPageRequest & { startDateTime: string; endDateTime: string; modifiedSince?: string }): Promise<MbPage<MbClass>> {
    const res = await this.get<MbGetClassesResponse>('/class/classes', {
      ...pageQuery(req),
      StartDateTime: req.startDateTime,
      EndDateTime: req.endDateTime,
      LastModifiedDate: req.modifiedSince,
    });
    return toPage(res.Classes, res.PaginationResponse, req);
  }

  /** GET /class/classvisits: the roster of one class (not paginated by Mindbody). */
  async getClassVisits(req: { classId: number; modifiedSince?: string }): Promise<{ class: MbClass; visits: MbVisit[] }> {
    const res = await this.get<MbGetClassVisitsResponse>('/class/classvisits', {
      ClassId: req.classId,
      LastModifiedDate: req.modifiedSince,
    });
    return { class: res.Class, visits: res.Class?.Visits ?? [] };
  }

  /** GET /appointment/staffappointments for all staff in [startDate, endDate]. */
  async getStaffAppointments(req: MbPageRequest & { startDate: string; endDate: string; locationIds?: readonly number[] }): Promise<MbPage<MbAppointment>> {
    const res = await this.get<MbGetStaffAppointmentsResponse>('/appointment/staffappointments', {
      ...pageQuery(req),
      StartDate: req.startDate,
      EndDate: req.endDate,
      LocationIds: req.locationIds,
    });
    return toPage(res.Appointments, res.PaginationResponse, req);
  }

  /** GET /sale/sales in [startSaleDateTime, endSaleDateTime]. */
  async getSales(req: MbPageRequest & { startSaleDateTime: string; endSaleDateTime: string }): Promise<MbPage<MbSale>> {
    const res = await this.get<MbGetSalesResponse>('/sale/sales', {
      ...pageQuery(req),
      StartSaleDateTime: req.startSaleDateTime,
      EndSaleDateTime: req.endSaleDateTime,
    });
    return toPage(res.Sales, res.PaginationResponse, req);
  }

  private async get<T>(path: string, query: Query): Promise<T> {
    let token = await this.currentToken();
    try {
      return await this.send<T>('GET', path, query, { token });
    } catch (err) {
      // Tokens expire or get revoked server-side; re-issue once, then let a second 401 surface.
      if (!(err instanceof MindbodyApiError) || err.status !== 401) throw err;
      this.token = null;
      token = await this.issueToken();
      return this.send<T>('GET', path, query, { token });
    }
  }

  private async currentToken(): Promise<string> {
    // 60 s of slack so a token doesn't expire between check and use.
    if (this.token && (this.token.expiresAt === null || this.token.expiresAt - 60_000 > Date.now())) {
      return this.token.value;
    }
    return this.issueToken();
  }

  private async send<T>(method: 'GET' | 'POST', path: string, query: Query, opts: { token?: string; body?: unknown }): Promise<T> {
    const url = this.baseUrl + path + toQueryString(query);
    const headers: Record<string, string> = {
      'Api-Key': this.opts.apiKey,
      SiteId: String(this.opts.siteId),
      Accept: 'application/json',
    };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

    let lastRetryAfter: number | null = null;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        });
      } catch (err) {
        throw new MindbodyApiError(0, 'NetworkError', err instanceof Error ? err.message : String(err), path);
      }
      if (res.status === 429) {
        await res.arrayBuffer().catch(() => undefined);
        lastRetryAfter = parseRetryAfter(res.headers.get('retry-after'));
        if (attempt >= this.maxRetries) throw new MindbodyRateLimitError(path, attempt + 1, lastRetryAfter);
        await this.sleep(lastRetryAfter ?? this.backoff(attempt));
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        const { code, message } = parseErrorBody(text);
        throw new MindbodyApiError(res.status, code, message, path);
      }
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new MindbodyApiError(res.status, 'InvalidJson', text.slice(0, 200), path);
      }
    }
  }

  // Full jitter: a random wait in [step/2, step], capped, so parallel jobs spread out.
  private backoff(attempt: number): number {
    const step = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return Math.round(step / 2 + this.random() * (step / 2));
  }
}

function pageQuery(page: MbPageRequest): Query {
  if (!Number.isInteger(page.offset) || page.offset < 0) throw new RangeError(`invalid offset ${page.offset}`);
  if (!Number.isInteger(page.limit) || page.limit < 1) throw new RangeError(`invalid limit ${page.limit}`);
  return { Limit: Math.min(page.limit, MINDBODY_MAX_LIMIT), Offset: page.offset };
}

function toPage<T>(items: T[] | null | undefined, p: MbPaginationResponse | null | undefined, req: MbPageRequest): MbPage<T> {
  const list = items ?? [];
  const offset = p?.RequestedOffset ?? req.offset;
  const total = p?.TotalResults ?? offset + list.length;
  const next = offset + list.length;
  // An empty page ends the walk even if TotalResults disagrees, so we never loop forever.
  return { items: list, nextOffset: list.length > 0 && next < total ? next : null, total };
}

function toQueryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Mindbody (ASP.NET binding) reads arrays as repeated keys.
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Retry-After as delta-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function parseErrorBody(text: string): { code: string | null; message: string | null } {
  try {
    const body = JSON.parse(text) as MbErrorBody;
    if (body && typeof body === 'object' && body.Error && typeof body.Error === 'object') {
      return { code: body.Error.Code ?? null, message: body.Error.Message ?? null };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { code: null, message: text ? text.slice(0, 500) : null };
}
