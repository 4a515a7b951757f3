import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, AnyRole } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { ClientHistoryRepository } from './client-history.repository';
import { ClientInvoicesDto, ClientInvoicesQuery } from './dto/client-invoices.dto';
import { LocationListDto } from './dto/location.dto';
import { VisitDaysDto, VisitDaysQuery } from './dto/visit-days.dto';
import { RowIdPipe } from '../common/row-id';

/** The calendar shows 12 months; two years is the most one answer covers. */
const MAX_VISIT_DAYS_SPAN = 731;

const invalid = (field: string, reason: string) => new DomainError(ErrorCode.Invalid, `${field}: ${reason}`, { problems: [{ path: field, reason }] });

/** The profile page's histories: the visit calendar and every invoice (the client view: any role). */
@AnyRole()
@ApiTags('Clients')
@Controller('api/v1/clients/:id')
export class ClientHistoryController {
  constructor(private readonly history: ClientHistoryRepository) {}

  /** Business-local days with visits in [from, to] (default: the 12 months up to today). */
  @Get('visit-days')
  async visitDays(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Query() q: VisitDaysQuery): Promise<VisitDaysDto> {
    const today = await this.history.clientToday(p.businessId, id);
    if (!today) throw notFound('client');
    const to = q.to ?? today;
    const from = q.from ?? addDays(addMonths(to, -12), 1);
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isCalendarDay(day)) throw invalid(field, 'is not a calendar date');
    if (from > to) throw invalid('from', 'must not be after to');
    if (daysBetween(from, to) >= MAX_VISIT_DAYS_SPAN) throw invalid('from', `the range spans at most ${MAX_VISIT_DAYS_SPAN} days`);
    const days = await this.history.visitDays(p.businessId, id, from, to);
    const months = monthsBetween(from, to).map((month) => {
      const mine = days.filter((d) => d.day.startsWith(month));
      return { month, days: mine.length, visits: mine.reduce((n, d) => n + d.visits, 0) };
    });
    return { clientId: id, from, to, days, months, totalDays: days.length, totalVisits: days.reduce((n, d) => n + d.visits, 0) };
  }

  /** Every invoice of the client, paid and open, the latest due date first. */
  @Get('invoices')
  async invoices(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Query() q: ClientInvoicesQuery): Promise<ClientInvoicesDto> {
    const today = await this.history.clientToday(p.businessId, id);
    if (!today) throw notFound('client');
    const { items, total } = await this.history.invoices(p.businessId, id, q.limit);
    return { clientId: id, items, total };
  }
}

/** The business's locations (the members page's location filter). */
@AnyRole()
@Controller('api/v1/locations')
export class LocationsController {
  constructor(private readonly history: ClientHistoryRepository) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<LocationListDto> {
    return { items: await this.history.locations(p.businessId) };
  }
}

function parse(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function isCalendarDay(day: string): boolean {
  const d = parse(day);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function addDays(day: string, n: number): string {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The same day n months away, clamped to the month's last day (31 March - 1 month = 28/29 February). */
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** 'YYYY-MM' of every month from the one of `from` to the one of `to`. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);
}
