import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Settings (web.md "Pages" 10, admin): users and invitations, API keys, integrations, channels,
// messaging guards, risk rules (with the worked examples recomputed by the API) and billing.

type S = components['schemas'];

export type User = S['UserDto'];
export type Role = User['role'];
export type ApiKey = S['ApiKeyDto'];
export type CreatedApiKey = S['CreatedApiKeyDto'];
export type RiskExamples = S['RiskExamplesDto'];
export type WorkedExample = S['WorkedExampleDto'];

/** A write that refreshes one or more queries when it lands. */
function useWrite<V, R>(fn: (v: V) => Promise<R>, refresh: QueryKey[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(refresh.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
}

// ---- users and invitations (contract "Auth API")

const USERS: QueryKey = ['settings', 'users'];
export const useUsers = () => useQuery({ queryKey: USERS, queryFn: () => call(api.GET('/api/v1/users')) });
export const useInviteUser = () => useWrite((body: { email: string; name?: string; role: Role; staffId?: string }) => call(api.POST('/api/v1/users/invitations', { body })), [USERS]);
export const useResendInvitation = () => useWrite((id: string) => call(api.POST('/api/v1/users/{id}/invitation', { params: { path: { id } } })), [USERS]);
export const useUpdateUser = () =>
  useWrite(
    (v: { id: string; role?: Role; staffId?: string | null; disabled?: boolean; name?: string | null }) => {
      const { id, ...body } = v;
      return call(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
    },
    [USERS],
  );

// ---- API keys

const KEYS: QueryKey = ['settings', 'api-keys'];
export const useApiKeys = () => useQuery({ queryKey: KEYS, queryFn: () => call(api.GET('/api/v1/api-keys')) });
export const useCreateApiKey = () => useWrite((body: { name: string; role: Role; staffId?: string }) => call(api.POST('/api/v1/api-keys', { body })), [KEYS]);
export const useRevokeApiKey = () => useWrite((id: string) => call(api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id } } })), [KEYS]);
export type RotatedApiKey = S['RotatedApiKeyDto'];
/** A new secret for the key, answered once; the old one works graceMinutes longer (0: stops now). */
export const useRotateApiKey = () =>
  useWrite((v: { id: string; graceMinutes: number }) => call(api.POST('/api/v1/api-keys/{id}/rotate', { params: { path: { id: v.id } }, body: { graceMinutes: v.graceMinutes } })), [KEYS]);

// ---- audit log (admins): newest first, one page of 50 at a time

export type AuditEvent = S['AuditEventDto'];
export type AuditFilters = { action?: string; actor?: string; from?: string; to?: string };
export const useAuditEvents = (filters: AuditFilters) =>
  useInfiniteQuery({
    queryKey: ['settings', 'audit-events', filters],
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/audit-events', { params: { query: { ...filters, limit: 50, before: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

// ---- integrations

const INTEGRATIONS: QueryKey = ['settings', 'integrations'];
export const useIntegrations = () => useQuery({ queryKey: INTEGRATIONS, queryFn: () => call(api.GET('/api/v1/integrations')) });
export type MindbodyBody = { siteId: string; apiKey?: string; username?: string; password?: string; signatureKey?: string };
export const useSaveMindbody = () => useWrite((body: MindbodyBody) => call(api.PUT('/api/v1/integrations/mindbody', { body })), [INTEGRATIONS]);
export type GenericBody = { auth?: 'hmac' | 'static_header'; headerName?: string; signatureHeader?: string; recordSource?: string; signingSecret?: string; staticHeaderValue?: string };
export const useSaveGeneric = () => useWrite((body: GenericBody) => call(api.PUT('/api/v1/integrations/generic', { body })), [INTEGRATIONS]);
/** A new signing secret made by the API, answered once. */
export const useRotateGenericSecret = () => useWrite(() => call(api.POST('/api/v1/integrations/generic/signing-secret')), [INTEGRATIONS]);
export const useSyncMindbody = () => useWrite(() => call(api.POST('/api/v1/integrations/mindbody/sync')), [INTEGRATIONS]);

// PushPress: the connection and the deliveries of the last day, re-read every few seconds so a
// delivery PushPress just sent shows without a reload
export type PushPressStatus = S['PushPressStatusDto'];
const PUSHPRESS: QueryKey = ['settings', 'integrations', 'pushpress'];
export const usePushPress = () => useQuery({ queryKey: PUSHPRESS, queryFn: () => call(api.GET('/api/v1/integrations/pushpress')), refetchInterval: 5000 });
export const useSavePushPress = () => useWrite((body: { signingSecret?: string; companyId?: string }) => call(api.PUT('/api/v1/integrations/pushpress', { body })), [INTEGRATIONS]);
export const useDisconnectPushPress = () => useWrite(() => call(api.DELETE('/api/v1/integrations/pushpress')), [INTEGRATIONS]);

// ---- channels

export type ChannelName = 'email' | 'sms' | 'mailchimp' | 'push';
const CHANNELS: QueryKey = ['settings', 'channels'];
export const useChannels = () => useQuery({ queryKey: CHANNELS, queryFn: () => call(api.GET('/api/v1/channels')) });
export const useSaveEmailChannel = () => useWrite((body: { fromName?: string; replyTo?: string }) => call(api.PUT('/api/v1/channels/email', { body })), [CHANNELS]);
export const useSaveSmsChannel = () =>
  useWrite((body: { accountSid: string; authToken?: string; from?: string; messagingServiceSid?: string }) => call(api.PUT('/api/v1/channels/sms', { body })), [CHANNELS]);
export const useSaveMailchimpChannel = () => useWrite((body: { apiKey?: string; listId: string }) => call(api.PUT('/api/v1/channels/mailchimp', { body })), [CHANNELS]);
export const useSavePushChannel = () => useWrite((body: { url: string; signingSecret?: string }) => call(api.PUT('/api/v1/channels/push', { body })), [CHANNELS]);
export const useTestChannel = () =>
  useMutation({
    mutationFn: (v: { channel: ChannelName; to?: string }) => call(api.POST('/api/v1/channels/{channel}/test', { params: { path: { channel: v.channel } }, body: { to: v.to || undefined } })),
  });

// ---- messaging guards

export type MessagingSettings = S['MessagingSettingsDto'];
const MESSAGING: QueryKey = ['settings', 'messaging'];
export const useMessagingSettings = () => useQuery({ queryKey: MESSAGING, queryFn: () => call(api.GET('/api/v1/settings/messaging')) });
export const useSaveMessaging = () => useWrite((body: Partial<MessagingSettings>) => call(api.PUT('/api/v1/settings/messaging', { body })), [MESSAGING]);

// ---- risk rules

export type RiskSettings = S['RiskSettingsValuesDto'];
const RISK: QueryKey = ['settings', 'risk'];
export const useRiskSettings = () => useQuery({ queryKey: RISK, queryFn: () => call(api.GET('/api/v1/settings/risk')) });
export const useSaveRisk = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RiskSettings) => call(api.PUT('/api/v1/settings/risk', { body })),
    onSuccess: (saved) => {
      qc.setQueryData(RISK, saved);
      return qc.invalidateQueries({ queryKey: ['settings', 'risk-examples'] });
    },
  });
};

/**
 * risk.md's worked examples assessed by the API with `settings` (the saved ones, or the page's
 * unsaved edits). A 400 names the fields the page marks; the last good answer stays on screen.
 */
export function useRiskExamples(settings: RiskSettings | null) {
  return useQuery({
    queryKey: ['settings', 'risk-examples', settings],
    enabled: settings !== null,
    staleTime: Infinity,
    retry: false,
    placeholderData: (prev) => prev,
    queryFn: () => call(api.POST('/api/v1/settings/risk/examples', { body: settings ?? {} })),
  });
}

// ---- billing

export type BillingSettings = S['BillingSettingsValuesDto'];
const BILLING: QueryKey = ['settings', 'billing'];
export const useBillingSettings = () => useQuery({ queryKey: BILLING, queryFn: () => call(api.GET('/api/v1/settings/billing')) });
export const useSaveBilling = () => useWrite((body: BillingSettings) => call(api.PUT('/api/v1/settings/billing', { body })), [BILLING]);
