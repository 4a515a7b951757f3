import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Failed deliveries (docs/reliability.md "Deliveries and 'in doubt'"): the touches that failed,
// newest first (GET /deliveries/failed takes a limit, not a cursor, so "load more" asks for more),
// and the resend of a touch in doubt (POST /touches/:id/resend, admin and marketer).

export type Touch = components['schemas']['FailedTouchDto'];
export type FailedDeliveries = components['schemas']['FailedDeliveriesDto'];

export const FAILED_PAGE_SIZE = 50;
/** The most GET /deliveries/failed returns (its limit's maximum). */
export const FAILED_MAX = 500;

export const deliveryKeys = {
  failed: (limit: number) => ['deliveries', 'failed', limit] as const,
};

export function useFailedDeliveries(limit: number) {
  return useQuery({
    queryKey: deliveryKeys.failed(limit),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/deliveries/failed', { params: { query: { limit } } })),
  });
}

/** Resend one touch in doubt; the answer is the touch, queued again. */
export function useResendTouch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/touches/{id}/resend', { params: { path: { id } } })),
    // the touch stays on the page, now queued and marked resent (a refetch would drop it: it is no
    // longer failed); the member's touches are read again
    onSuccess: (touch) => {
      qc.setQueriesData<FailedDeliveries>({ queryKey: ['deliveries', 'failed'] }, (old) =>
        old
          ? // why it had failed stays on the page (the answer has the failure cleared), with its new state
            { ...old, touches: old.touches.map((x) => (x.id === touch.id ? { ...x, status: touch.status, dueAt: touch.dueAt, resentAt: touch.resentAt, resentBy: touch.resentBy } : x)) }
          : old,
      );
      void qc.invalidateQueries({ queryKey: ['members', 'one', touch.clientId, 'touches'] });
    },
  });
}

/** The name of the campaign or automation that sent a touch (one request per distinct one; the list repeats them). */
export function useSourceName(kind: 'campaign' | 'automation' | undefined, id: string | undefined) {
  return useQuery({
    queryKey: [kind === 'campaign' ? 'campaigns' : 'automations', 'name', id ?? null] as const,
    enabled: kind !== undefined && id !== undefined,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      kind === 'campaign'
        ? (await call(api.GET('/api/v1/campaigns/{id}', { params: { path: { id: id! } } }))).name
        : (await call(api.GET('/api/v1/automations/{id}', { params: { path: { id: id! } } }))).name,
  });
}
