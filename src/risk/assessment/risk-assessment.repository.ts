import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AssessmentParams, assessmentParamValues, assessmentSql } from './assessment-sql';

export interface StatusChange {
  clientId: string;
  from: string | null;
  to: string | null;
  tags: string[];
  score: number;
  changedAt: Date;
}

export interface AssessmentResult {
  assessed: number;
  rowsWritten: number;
  rowsRemoved: number;
  changes: StatusChange[];
}

export type ClientSelection = { ids: string[] } | { fromId: string; toId: string };

const SQL = { ids: assessmentSql('ids'), range: assessmentSql('range') };
const AS_OF_SQL = { ids: assessmentSql('ids', 'asOf'), range: assessmentSql('range', 'asOf') };

/** Runs the set-based assessment over a selection of one business's clients. */
@Injectable()
export class RiskAssessmentRepository {
  constructor(private readonly ds: DataSource) {}

  async assess(
    businessId: string,
    selection: ClientSelection,
    params: AssessmentParams,
    opts: {
      today?: string;
      /** Replay: the pass a run at local midnight at the start of this day would have made (assessmentSql 'asOf'). */
      asOf?: string;
      reason?: 'rule' | 'event';
      m?: EntityManager;
    } = {},
  ): Promise<AssessmentResult> {
    if (opts.asOf && opts.today) throw new Error('assess: give today or asOf, not both');
    const ids = 'ids' in selection ? selection.ids : null;
    const [from, to] = 'ids' in selection ? [null, null] : [selection.fromId, selection.toId];
    const [row]: Array<{ assessed: number; rowsWritten: number; rowsRemoved: number; changedAt: Date; changes: Array<Omit<StatusChange, 'changedAt'>> }> = await (opts.m ?? this.ds).query(
      (opts.asOf ? AS_OF_SQL : SQL)['ids' in selection ? 'ids' : 'range'],
      [businessId, ids, from, to, opts.asOf ?? opts.today ?? null, ...assessmentParamValues(params), opts.reason ?? 'rule', params.lowUser.windowDays],
    );
    return {
      assessed: row.assessed,
      rowsWritten: row.rowsWritten,
      rowsRemoved: row.rowsRemoved,
      changes: row.changes.map((c) => ({ ...c, changedAt: row.changedAt })),
    };
  }
}
