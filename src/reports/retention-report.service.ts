import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { RISK_STATUSES } from '../risk';
import { RetentionQueryDto } from './dto/retention-query.dto';
import { RetentionRaw, RetentionReportRepository } from './retention-report.repository';

const MAX_REPORT_MONTHS = 36;
/** Default range: the last 12 full months plus the current one. */
const DEFAULT_FULL_MONTHS = 12;

type StatusMix = Record<(typeof RISK_STATUSES)[number], number>;

export interface RetentionMonth {
  month: string;
  membersAtStart: number;
  membersAtEnd: number;
  newMembers: number;
  cancelled: number;
  /** cancelled / membersAtStart; null when nobody was a member at the start */
  churnRate: number | null;
  retentionRate: number | null;
  statusMix: StatusMix;
}

interface RetentionCohort {
  month: string;
  size: number;
  /** after k months: members at the end of month + k (up to `to`); share null for an empty cohort */
  retention: Array<{ after: number; members: number; share: number | null }>;
}

interface RetentionReport {
  from: string;
  to: string;
  location: string | null;
  /** the business's local date the report was computed for */
  asOf: string;
  months: RetentionMonth[];
  cohorts: RetentionCohort[];
}

const invalid = (field: string, reason: string) => new DomainError(ErrorCode.Invalid, `${field}: ${reason}`, { problems: [{ path: field, reason }] });

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

@Injectable()
export class RetentionReportService {
  constructor(private readonly repo: RetentionReportRepository) {}

  /** `today` (YYYY-MM-DD) pins the business's local date, for tests; defaults to now in its time zone. */
  async report(businessId: string, query: RetentionQueryDto, opts: { today?: string } = {}): Promise<RetentionReport> {
    const today = opts.today ?? (await this.repo.localToday(businessId));
    if (!today) throw notFound('business');
    const current = monthIndex(today.slice(0, 7));
    const to = query.to ? monthIndex(query.to) : current;
    const from = query.from ? monthIndex(query.from) : to - DEFAULT_FULL_MONTHS;
    if (to > current) throw invalid('to', `must not be after the current month ${monthOf(current)}`);
    if (from > to) throw invalid('from', 'must not be after to');
    if (to - from + 1 > MAX_REPORT_MONTHS) throw invalid('from', `the range spans at most ${MAX_REPORT_MONTHS} months`);
    if (query.location && !(await this.repo.locationExists(businessId, query.location))) throw notFound('location');

    const raw = await this.repo.compute(businessId, { from: `${monthOf(from)}-01`, to: `${monthOf(to)}-01`, location: query.location, today });
    return {
      from: monthOf(from),
      to: monthOf(to),
      location: query.location ?? null,
      asOf: today,
      months: buildMonths(raw),
      cohorts: buildCohorts(raw, from, to),
    };
  }
}

function buildMonths(raw: RetentionRaw): RetentionMonth[] {
  return raw.months.map((m) => {
    const statusMix = Object.fromEntries(RISK_STATUSES.map((s) => [s, 0])) as StatusMix;
    for (const x of raw.statusMix) if (x.month === m.month && x.status in statusMix) statusMix[x.status as keyof StatusMix] = x.clients;
    const churnRate = ratio(m.cancelled, m.membersAtStart);
    return { ...m, churnRate, retentionRate: churnRate === null ? null : Math.round((1 - churnRate) * 10000) / 10000, statusMix };
  });
}

function buildCohorts(raw: RetentionRaw, from: number, to: number): RetentionCohort[] {
  const cohorts: RetentionCohort[] = [];
  for (let j = from; j <= to; j++) {
    const month = monthOf(j);
    const size = raw.cohortSizes.find((c) => c.cohort === month)?.size ?? 0;
    const retention = [];
    for (let k = 1; j + k <= to; k++) {
      const members = raw.cohortRetained.find((r) => r.cohort === month && r.month === monthOf(j + k))?.members ?? 0;
      retention.push({ after: k, members, share: ratio(members, size) });
    }
    cohorts.push({ month, size, retention });
  }
  return cohorts;
}
