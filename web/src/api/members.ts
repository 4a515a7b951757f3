import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// The members list and a member's profile (web.md "Pages" 2 and 3). Filters are the API's own
// query parameters (GET /clients); the page keeps them in the URL.

type Schemas = components['schemas'];
export type ClientListItem = Schemas['ClientListItemDto'];
export type ClientDetail = Schemas['ClientDetailDto'];
export type Reason = { code: string; value: number | string | null };
export type Staff = Schemas['StaffDto'];

export const PAGE_SIZE = 50;

export const STATUSES = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
export const MANUAL_STATUSES = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan'] as const;
export const TAGS = ['in_trouble', 'low_user', 'absent', 'new_member'] as const;
export const BANDS = ['green', 'yellow', 'red'] as const;
export const CONSENT_CHANNELS = ['email', 'sms', 'push'] as const;

/** The list's filters, as GET /clients takes them. */
export interface MemberFilters {
  q?: string;
  status?: string[];
  tags?: string[];
  band?: string[];
  churnMin?: number;
  churnMax?: number;
  expectedMin?: number;
  expectedMax?: number;
  location?: string;
  owner?: string;
  joinedFrom?: string;
  joinedTo?: string;
  statusChangedFrom?: string;
  statusChangedTo?: string;
}

export const memberKeys = {
  all: ['members'] as const,
  list: (f: MemberFilters, after: string | undefined) => ['members', 'list', f, after ?? null] as const,
  count: (f: MemberFilters) => ['members', 'count', f] as const,
  one: (id: string) => ['members', 'one', id] as const,
  part: (id: string, part: string, extra?: unknown) => ['members', 'one', id, part, extra ?? null] as const,
};

/** One page of members (cursor paging: `after` is the previous page's nextCursor). */
export function useMembers(filters: MemberFilters, after: string | undefined) {
  return useQuery({
    queryKey: memberKeys.list(filters, after),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/clients', { params: { query: { ...filters, after, limit: PAGE_SIZE } } })),
  });
}

/** How many members match the filters (the API counts; the page pages). */
export function useMemberCount(filters: MemberFilters) {
  return useQuery({
    queryKey: memberKeys.count(filters),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/clients/count', { params: { query: filters } })),
  });
}

export function useStaffList() {
  return useQuery({ queryKey: ['staff'], queryFn: () => call(api.GET('/api/v1/staff')), staleTime: 5 * 60_000 });
}

export function useLocations() {
  return useQuery({ queryKey: ['locations'], queryFn: () => call(api.GET('/api/v1/locations')), staleTime: 5 * 60_000 });
}

// ---- one member -------------------------------------------------------------------------

const path = (id: string) => ({ params: { path: { id } } });

export function useMember(id: string) {
  return useQuery({ queryKey: memberKeys.one(id), queryFn: () => call(api.GET('/api/v1/clients/{id}', path(id))) });
}

export function useStatusHistory(id: string) {
  return useQuery({
    queryKey: memberKeys.part(id, 'status-history'),
    queryFn: () => call(api.GET('/api/v1/clients/{id}/status-history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

export function useHealth(id: string) {
  return useQuery({ queryKey: memberKeys.part(id, 'health'), queryFn: () => call(api.GET('/api/v1/clients/{id}/health', path(id))) });
}

export function useVisitDays(id: string, from: string, to: string) {
  return useQuery({
    queryKey: memberKeys.part(id, 'visit-days', [from, to]),
    queryFn: () => call(api.GET('/api/v1/clients/{id}/visit-days', { params: { path: { id }, query: { from, to } } })),
  });
}

export function useInvoices(id: string) {
  return useQuery({
    queryKey: memberKeys.part(id, 'invoices'),
    queryFn: () => call(api.GET('/api/v1/clients/{id}/invoices', { params: { path: { id }, query: { limit: 24 } } })),
  });
}

export function useTouches(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: memberKeys.part(clientId, 'touches'),
    enabled,
    queryFn: () => call(api.GET('/api/v1/touches', { params: { query: { clientId, limit: 50 } } })),
  });
}

export function useMemberTasks(clientId: string) {
  return useQuery({
    queryKey: ['tasks', 'client', clientId],
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query: { clientId, state: 'all', limit: 50 } } })),
  });
}

export function useConsent(id: string) {
  return useQuery({ queryKey: memberKeys.part(id, 'consent'), queryFn: () => call(api.GET('/api/v1/clients/{id}/consent', path(id))) });
}

export function useContactPreferences(id: string) {
  return useQuery({ queryKey: memberKeys.part(id, 'contact-preferences'), queryFn: () => call(api.GET('/api/v1/clients/{id}/contact-preferences', path(id))) });
}

// ---- changes ----------------------------------------------------------------------------

export function useSetStatus(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: (typeof MANUAL_STATUSES)[number]; note?: string }) => call(api.PUT('/api/v1/clients/{id}/status', { ...path(id), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export function useCreateTask(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; instructions?: string; due?: string; assigneeStaffId?: string }) => call(api.POST('/api/v1/tasks', { body: { clientId, ...body } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export function useBulkTasks() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { clientIds: string[]; reason: string; instructions?: string; dueOn?: string; assigneeStaffId?: string; priority?: 'low' | 'normal' | 'high' | 'urgent' }) =>
      call(api.POST('/api/v1/tasks/bulk', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export function useRecordConsent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { channel: (typeof CONSENT_CHANNELS)[number]; granted: boolean; source?: 'staff' | 'form' | 'import' }) => call(api.POST('/api/v1/clients/{id}/consent', { ...path(id), body })),
    onSuccess: (data) => qc.setQueryData(memberKeys.part(id, 'consent'), data),
  });
}

export function useSetSleeping(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { sleeping: boolean; note?: string }) => call(api.PUT('/api/v1/clients/{id}/contact-preferences', { ...path(id), body })),
    onSuccess: (data) => qc.setQueryData(memberKeys.part(id, 'contact-preferences'), data),
  });
}

export type MessageChannel = 'email' | 'sms';

/** A fresh origin for a one-off send: the run's idempotency key, made once per composed message (a second click sends nothing twice). */
export function newSendOrigin(): string {
  return `members:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A one-off message to the selected members through every guard (POST /actions/send). */
export function useSendMessage() {
  return useMutation({
    mutationFn: (v: { origin: string; channel: MessageChannel; clientIds: string[]; subject?: string; body: string; includeSleeping?: boolean }) =>
      call(
        api.POST('/api/v1/actions/send', {
          body: {
            origin: v.origin,
            channel: v.channel,
            template: v.channel === 'email' ? { subject: v.subject ?? '', text: v.body } : { body: v.body },
            clientIds: v.clientIds,
            includeSleeping: v.includeSleeping || undefined,
          },
        }),
      ),
  });
}

/** A run's progress: touches per status; polls until nothing is queued or sending. */
export function useRun(runId: string | undefined) {
  return useQuery({
    queryKey: ['runs', runId],
    enabled: !!runId,
    queryFn: () => call(api.GET('/api/v1/actions/runs/{id}', { params: { path: { id: runId! } } })),
    refetchInterval: (q) => {
      const counts = (q.state.data as { counts?: Record<string, number> } | undefined)?.counts ?? {};
      return (counts.queued ?? 0) + (counts.sending ?? 0) > 0 && q.state.dataUpdateCount < 60 ? 2000 : false;
    },
  });
}

// ---- personal data (admins; docs/privacy.md) ------------------------------------------------

export type ClientExport = Schemas['ClientExportDto'];

/** Everything held about the member, as JSON (the page saves it as a file). */
export function useExportMember(id: string) {
  return useMutation({ mutationFn: () => call(api.GET('/api/v1/clients/{id}/export', path(id))) });
}

/** Erases the member's personal data; the reason goes to the audit log. */
export function useEraseMember(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string }) => call(api.POST('/api/v1/clients/{id}/erase', { ...path(id), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}
