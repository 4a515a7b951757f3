import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';

// The overview's data (web.md "Pages" 1): headline counts and freshness (GET /overview, which
// queues a sync when the data is stale and says so), the retention report (status mix, churn and
// retention per month), the actions ranking and the integrations' freshness per source.

/** While a sync the page triggered runs: ask again this often, at most this many times. */
export const REFRESH_POLL_MS = 4000;
export const REFRESH_POLL_MAX = 30;

export const overviewKeys = {
  overview: ['overview'] as const,
  retention: ['reports', 'retention'] as const,
  actions: ['reports', 'actions'] as const,
  integrations: ['integrations'] as const,
};

/** GET /overview; polls while `refreshing` (up to REFRESH_POLL_MAX times), so the banner goes away when the sync is done. */
export function useOverview() {
  return useQuery({
    queryKey: overviewKeys.overview,
    queryFn: () => call(api.GET('/api/v1/overview')),
    refetchInterval: (q) => (q.state.data?.refreshing && q.state.dataUpdateCount < REFRESH_POLL_MAX ? REFRESH_POLL_MS : false),
  });
}

/** The retention report over its default range: the last 12 full months and the current one. */
export function useRetention() {
  return useQuery({ queryKey: overviewKeys.retention, queryFn: () => call(api.GET('/api/v1/reports/retention')), staleTime: 5 * 60_000 });
}

/** Which actions worked best over the default range (the last 90 days). */
export function useActionsRanking() {
  return useQuery({ queryKey: overviewKeys.actions, queryFn: () => call(api.GET('/api/v1/reports/actions')), staleTime: 5 * 60_000 });
}

/** Per connected source: last webhook, last sync and staleness. */
export function useIntegrations(refreshing: boolean) {
  return useQuery({
    queryKey: overviewKeys.integrations,
    queryFn: () => call(api.GET('/api/v1/integrations')),
    refetchInterval: refreshing ? REFRESH_POLL_MS : false,
  });
}
