import { Injectable } from '@nestjs/common';
import { Principal } from '../auth';
import { TasksReportQueryDto } from './dto/report-query.dto';
import { TaskAccess } from './task-access';
import { TaskCreateRepository } from './task-create.repository';
import { TasksReportRepository } from './tasks-report.repository';
import { invalidField } from './tasks.errors';

/** A task "led to a return" when the client visited within this many days after it was completed. */
export const RETURN_WINDOW_DAYS = 14;
const DEFAULT_RANGE_DAYS = 30;
const MAX_RANGE_DAYS = 366;

/** GET /api/v1/reports/tasks: tasks per staff member over business-local days. */
@Injectable()
export class TasksReportService {
  constructor(
    private readonly reports: TasksReportRepository,
    private readonly lookups: TaskCreateRepository,
    private readonly access: TaskAccess,
  ) {}

  async report(p: Principal, q: TasksReportQueryDto) {
    this.access.assertManager(p, 'read reports');
    const today = (await this.lookups.localToday(p.businessId))!;
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isCalendarDay(day)) throw invalidField(field, 'is not a calendar date');
    }
    if (from > to) throw invalidField('from', 'must not be after to');
    if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw invalidField('from', `the range must be at most ${MAX_RANGE_DAYS} days`);
    const staff = await this.reports.perStaff(p.businessId, from, to, RETURN_WINDOW_DAYS);
    const sum = (k: 'created' | 'done' | 'dismissed' | 'open' | 'overdueOpen' | 'doneByStaff' | 'ledToReturn' | 'windowOpen') => staff.reduce((n, s) => n + s[k], 0);
    const doneByStaff = sum('doneByStaff');
    const ledToReturn = sum('ledToReturn');
    return {
      from,
      to,
      returnWindowDays: RETURN_WINDOW_DAYS,
      staff,
      totals: {
        created: sum('created'),
        done: sum('done'),
        dismissed: sum('dismissed'),
        open: sum('open'),
        overdueOpen: sum('overdueOpen'),
        doneByStaff,
        ledToReturn,
        windowOpen: sum('windowOpen'),
        returnRate: doneByStaff ? Math.round((ledToReturn / doneByStaff) * 1000) / 1000 : null,
      },
    };
  }
}

function isCalendarDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
