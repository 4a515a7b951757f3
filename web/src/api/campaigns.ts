import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Campaigns (web.md page 5): the list, the composer's checks (pre-send check, a real member's
// preview, "send a test to me"), create and send, and a sent campaign's progress and touches.

type Schemas = components['schemas'];
export type CampaignListItem = Schemas['CampaignListItemDto'];
export type CampaignDetail = Schemas['CampaignDetailDto'];
export type CampaignStepInput = Schemas['CampaignStepDto'];
export type CreateCampaign = Schemas['CreateCampaignDto'];
export type PreSendCheckResult = Schemas['PreSendCheckResultDto'];
export type CampaignPreview = Schemas['CampaignPreviewResultDto'];
export type CampaignTouch = Schemas['CampaignTouchDto'];

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  touches: (id: string) => ['campaigns', 'one', id, 'touches'] as const,
};

/** While a campaign is on its way its numbers move: read them again every 2 s. */
const LIVE_MS = 2000;
const live = (c: { state: string } | undefined, pending = 0) => (c && (c.state === 'sending' || c.state === 'scheduled' || pending > 0) ? LIVE_MS : false);

export function useCampaigns() {
  return useQuery({
    queryKey: campaignKeys.list,
    queryFn: () => call(api.GET('/api/v1/campaigns')),
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.state === 'sending' || (c.state === 'sent' && c.summary.pending > 0 && c.summary.touches > 0)) ? LIVE_MS : false),
  });
}

function pendingOf(c: CampaignDetail | undefined): number {
  if (!c) return 0;
  return c.progress.reduce((n, s) => n + s.variants.reduce((m, v) => m + (v.byStatus.queued ?? 0) + (v.byStatus.sending ?? 0), 0), 0);
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: campaignKeys.one(id ?? ''),
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/campaigns/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (q) => live(q.state.data, pendingOf(q.state.data)),
  });
}

export function useCampaignTouches(id: string, campaign: CampaignDetail | undefined) {
  // read again whenever the campaign's counts move, so the last statuses are never left behind
  const counts = JSON.stringify(campaign?.progress.map((s) => s.variants.map((v) => v.byStatus)) ?? null);
  return useQuery({
    queryKey: [...campaignKeys.touches(id), counts],
    queryFn: () => call(api.GET('/api/v1/campaigns/{id}/touches', { params: { path: { id }, query: { limit: 100 } } })),
    placeholderData: keepPreviousData,
  });
}

export function usePreSendCheck() {
  return useMutation({
    mutationFn: (body: Schemas['PreSendCheckDto']) => call(api.POST('/api/v1/campaigns/pre-send-check', { body })),
  });
}

export function useCampaignPreview() {
  return useMutation({
    mutationFn: (body: Schemas['CampaignPreviewDto']) => call(api.POST('/api/v1/campaigns/preview', { body })),
  });
}

export function useCampaignTestSend() {
  return useMutation({
    mutationFn: (body: Schemas['CampaignTestSendDto']) => call(api.POST('/api/v1/campaigns/test-send', { body })),
  });
}

/** Creates the campaign as a draft, then sends it (now or at its time): two calls, one action for the marketer. */
export function useCreateAndSendCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ campaign, confirmChannelsNotSetUp }: { campaign: CreateCampaign; confirmChannelsNotSetUp: string[] }) => {
      const draft = await call(api.POST('/api/v1/campaigns', { body: campaign }));
      try {
        return await call(api.POST('/api/v1/campaigns/{id}/send', { params: { path: { id: draft.id } }, body: { confirmChannelsNotSetUp } }));
      } catch (e) {
        // a refused send leaves no draft behind to trip over later
        await api.POST('/api/v1/campaigns/{id}/cancel', { params: { path: { id: draft.id } } });
        throw e;
      }
    },
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      void qc.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}

export type UpdateCampaign = Schemas['UpdateCampaignDto'];

/** Saves a draft's changes (PATCH: only a draft can be changed). */
export function useUpdateCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCampaign) => call(api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}

/** Saves a draft's changes, then sends it (now or at its time). */
export function useSaveAndSendCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ campaign, confirmChannelsNotSetUp }: { campaign: UpdateCampaign; confirmChannelsNotSetUp: string[] }) => {
      await call(api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id } }, body: campaign }));
      return call(api.POST('/api/v1/campaigns/{id}/send', { params: { path: { id } }, body: { confirmChannelsNotSetUp } }));
    },
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      void qc.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}

export function useCancelCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/campaigns/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      void qc.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}
