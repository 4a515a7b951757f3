import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Which actions worked (docs/follow-up.md): the ranking over a range of local days and one
// campaign's or automation's report. The page draws the API's figures as they are.

export type ActionsReport = components['schemas']['ActionsReportDto'];
export type RankedAction = components['schemas']['RankedActionDto'];
export type SourceReport = components['schemas']['SourceReportDto'];
/** The figures every group carries (the schema has them only inside each group's type). */
export type ReportFigures = Omit<components['schemas']['ReportChannelFiguresDto'], 'channel'>;
export type Lift = components['schemas']['LiftDto'];
export type SourceKind = 'campaign' | 'automation';

export const reportKeys = {
  actions: (from: string | null, to: string | null) => ['reports', 'actions', from, to] as const,
  source: (kind: SourceKind, id: string) => ['reports', kind, id] as const,
};

/** The ranking; without a range the API's default (the last 90 days). */
export function useActionsReport(from: string | null, to: string | null) {
  return useQuery({
    queryKey: reportKeys.actions(from, to),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/reports/actions', { params: { query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } })),
  });
}

export function useSourceReport(kind: SourceKind, id: string) {
  return useQuery({
    queryKey: reportKeys.source(kind, id),
    queryFn: () =>
      kind === 'campaign' ? call(api.GET('/api/v1/reports/campaigns/{id}', { params: { path: { id } } })) : call(api.GET('/api/v1/reports/automations/{id}', { params: { path: { id } } })),
  });
}
