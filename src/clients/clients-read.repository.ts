import { Inject, Injectable } from '@nestjs/common';
import { InteractiveDb, Queryable } from '../database/interactive-db';
import { clientReasonsSql } from './client-reasons.sql';
import { ClientDetailDto, ClientListDto } from './dto/client.dto';

const CLIENT_COLUMNS = `
  c.id::text AS "id", c.source, c.external_id AS "externalId", c.alt_external_id AS "altExternalId", c.first_name AS "firstName",
  c.last_name AS "lastName", c.email, c.phone, c.birth_date::text AS "birthDate", c.gender,
  c.customer_type AS "customerType", c.is_member AS "isMember",
  c.home_location_id::text AS "homeLocationId", c.owner_staff_id::text AS "ownerStaffId",
  c.suspended, c.email_consent AS "emailConsent", c.sms_consent AS "smsConsent",
  c.registered_at AS "registeredAt", c.first_visit_on::text AS "firstVisitOn",
  c.last_visit_on::text AS "lastVisitOn", c.deleted_at AS "deletedAt", c.is_stub AS "isStub", c.erased_at AS "erasedAt",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

export interface ClientListQuery {
  source?: string;
  externalId?: string;
  q?: string;
  status?: string[];
  tags?: string[];
  band?: string[];
  churnMin?: number;
  churnMax?: number;
  expectedMin?: number;
  expectedMax?: number;
  joinedFrom?: string;
  joinedTo?: string;
  statusChangedFrom?: string;
  statusChangedTo?: string;
  location?: string;
  owner?: string;
  after?: string;
  limit: number;
}

// The list also shows (and filters by) the client's risk status, health and BG/NBD estimate:
// rows of client_status / status_change (canonical, domain.md) and client_health /
// client_estimate (written by risk).
const LIST_EXTRAS = `, cs.status, cs.tags AS "statusTags", cs.score AS "riskScore",
  e.churn_probability AS "churnProbability", e.expected_visits_30d AS "expectedVisits30d",
  h.score AS "healthScore", h.band AS "healthBand"`;

/**
 * The list's filters as a WHERE over CLIENT_LIST_FROM with its parameters ($1 = businessId);
 * shared by the list and its count (client-count.repository.ts), so both always agree.
 */
export function clientListWhere(businessId: string, query: Omit<ClientListQuery, 'limit'>): { where: string[]; params: unknown[] } {
  const where = ['c.business_id = $1'];
  const params: unknown[] = [businessId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace(/\?/g, `$${params.length}`));
  };
  if (query.source) add('c.source = ?', query.source);
  if (query.externalId) add('c.external_id = ?', query.externalId);
  if (query.after) add('c.id > ?', query.after);
  if (query.q) {
    // name or email contains the text; wildcards in the input are matched literally
    const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    add(`(lower(c.email) LIKE ? OR lower(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) LIKE ?)`, like);
  }
  if (query.status?.length) add('cs.status = ANY(?::text[])', query.status);
  if (query.tags?.length) add('cs.tags @> ?::text[]', query.tags);
  if (query.band?.length) add('h.band = ANY(?::text[])', query.band);
  if (query.churnMin !== undefined) add('e.churn_probability >= ?', query.churnMin);
  if (query.churnMax !== undefined) add('e.churn_probability <= ?', query.churnMax);
  if (query.expectedMin !== undefined) add('e.expected_visits_30d >= ?', query.expectedMin);
  if (query.expectedMax !== undefined) add('e.expected_visits_30d <= ?', query.expectedMax);
  if (query.joinedFrom) add('(c.registered_at AT TIME ZONE b.timezone)::date >= ?::date', query.joinedFrom);
  if (query.joinedTo) add('(c.registered_at AT TIME ZONE b.timezone)::date <= ?::date', query.joinedTo);
  if (query.statusChangedFrom || query.statusChangedTo) {
    params.push(query.statusChangedFrom ?? null, query.statusChangedTo ?? null);
    const [from, to] = [`$${params.length - 1}::date`, `$${params.length}::date`];
    where.push(`EXISTS (SELECT 1 FROM status_change sc WHERE sc.client_id = c.id
                AND (${from} IS NULL OR sc.changed_at >= (${from}::timestamp AT TIME ZONE b.timezone))
                AND (${to} IS NULL OR sc.changed_at < ((${to} + 1)::timestamp AT TIME ZONE b.timezone)))`);
  }
  if (query.location) add('c.home_location_id = ?', query.location);
  if (query.owner) add('c.owner_staff_id = ?', query.owner);
  return { where, params };
}

/** The tables the list's filters read: the client, its business, status, estimate and health. */
export const CLIENT_LIST_FROM = `client c JOIN business b ON b.id = c.business_id
                 LEFT JOIN client_status cs ON cs.client_id = c.id
                 LEFT JOIN client_estimate e ON e.client_id = c.id
                 LEFT JOIN client_health h ON h.client_id = c.id`;

/** Read side of the canonical client data, always scoped to one business. */
@Injectable()
export class ClientsReadRepository {
  // the interactive pool: a person waits for these (docs/reliability.md "Database load")
  constructor(@Inject(InteractiveDb) private readonly db: Queryable) {}

  async list(businessId: string, query: ClientListQuery): Promise<ClientListDto> {
    const { where, params } = clientListWhere(businessId, query);
    params.push(query.limit + 1);
    // the reasons are looked up for the page's rows only, after the limit
    const rows: ClientListDto['items'] = await this.db.query(
      `SELECT page.*, COALESCE(${clientReasonsSql('page.id::bigint')}, '[]'::jsonb) AS reasons
         FROM (SELECT ${CLIENT_COLUMNS}${LIST_EXTRAS}
                 FROM ${CLIENT_LIST_FROM}
                WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT $${params.length}) page
        ORDER BY page.id::bigint`,
      params,
    );
    const more = rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit) : rows;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }

  /**
   * The client with subscriptions (and freezes), quotas, last 50 visits and bookings, open
   * invoices, and its status, health score, BG/NBD estimate and the reasons for its status.
   */
  async detail(businessId: string, clientId: string): Promise<ClientDetailDto | undefined> {
    const rows = await this.db.query(
      `SELECT ${CLIENT_COLUMNS},
        (SELECT coalesce(json_agg(s ORDER BY s."startsOn" DESC), '[]') FROM (
           SELECT s.id::text AS id, s.external_id AS "externalId", s.name, p.name AS "productName",
                  p.labels AS "productLabels", s.starts_on::text AS "startsOn", s.ends_on::text AS "endsOn",
                  s.binding_ends_on::text AS "bindingEndsOn", s.auto_renew AS "autoRenew",
                  s.payment_method AS "paymentMethod", s.price, s.billing_unit AS "billingUnit",
                  s.billing_interval AS "billingInterval", s.billed, s.trailing_billing AS "trailingBilling",
                  s.cancelled_at AS "cancelledAt", s.cancellation_kind AS "cancellationKind",
                  s.cancellation_reason AS "cancellationReason",
                  (SELECT coalesce(json_agg(json_build_object('id', f.id::text, 'startsOn', f.starts_on, 'endsOn', f.ends_on)
                                            ORDER BY f.starts_on), '[]')
                     FROM subscription_freeze f WHERE f.subscription_id = s.id) AS freezes
             FROM subscription s LEFT JOIN product p ON p.id = s.product_id
            WHERE s.client_id = c.id) s) AS subscriptions,
        (SELECT coalesce(json_agg(q ORDER BY q."expiresOn" NULLS LAST), '[]') FROM (
           SELECT q.id::text AS id, q.external_id AS "externalId", coalesce(q.name, p.name) AS name,
                  q.total_units AS "totalUnits", q.used_units AS "usedUnits", q.expires_on::text AS "expiresOn"
             FROM quota q LEFT JOIN product p ON p.id = q.product_id WHERE q.client_id = c.id) q) AS quotas,
        (SELECT coalesce(json_agg(v ORDER BY v."visitedAt" DESC), '[]') FROM (
           SELECT v.id::text AS id, v.external_id AS "externalId", v.visited_at AS "visitedAt",
                  v.visited_on::text AS "visitedOn", v.kind, l.name AS location
             FROM visit v LEFT JOIN location l ON l.id = v.location_id
            WHERE v.client_id = c.id ORDER BY v.visited_on DESC, v.visited_at DESC LIMIT 50) v) AS visits,
        (SELECT coalesce(json_agg(b ORDER BY b."startsAt" DESC), '[]') FROM (
           SELECT b.id::text AS id, b.external_id AS "externalId", b.kind, b.name,
                  b.service_category AS "serviceCategory", b.starts_at AS "startsAt", b.booked_at AS "bookedAt",
                  b.state, b.no_show_active AS "noShowActive"
             FROM booking b WHERE b.client_id = c.id ORDER BY b.starts_at DESC LIMIT 50) b) AS bookings,
        (SELECT coalesce(json_agg(i ORDER BY i."dueOn"), '[]') FROM (
           SELECT i.id::text AS id, i.external_id AS "externalId", i.amount, i.due_on::text AS "dueOn",
                  i.direct_debit AS "directDebit"
             FROM invoice i WHERE i.client_id = c.id AND i.paid_at IS NULL) i) AS "openInvoices",
        (SELECT json_build_object('status', cs.status, 'since', cs.since, 'tags', cs.tags, 'score', cs.score,
                                  'manual', cs.reason = 'manual', 'note', cs.note)
           FROM client_status cs WHERE cs.client_id = c.id) AS status,
        (SELECT json_build_object('score', h.score, 'band', h.band, 'contributions', h.contributions)
           FROM client_health h WHERE h.client_id = c.id) AS health,
        (SELECT json_build_object('churnProbability', e.churn_probability, 'expectedVisits30d', e.expected_visits_30d)
           FROM client_estimate e WHERE e.client_id = c.id) AS estimate,
        COALESCE(${clientReasonsSql('c.id')}, '[]'::jsonb) AS reasons
       FROM client c WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, clientId],
    );
    return rows[0];
  }
}
