import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// The Reconnect page (docs/reconnect.md, docs/rhythm.md): categories with their overdue counts,
// a category's overdue clients, its message (with the server's preview), the button, the report
// and the settings of both reconnect and rhythm.

type Schemas = components['schemas'];
export type RhythmCategory = Schemas['RhythmCategoryDto'];
export type OverdueClient = Schemas['OverdueClientDto'];
export type OverdueSort = 'days_overdue' | 'last_appointment' | 'name' | 'usual_interval';
export type ReconnectTemplate = Schemas['ReconnectTemplateDto'];
export type ReconnectChannel = ReconnectTemplate['channel'];
export type ReconnectPreview = Schemas['ReconnectPreviewResultDto'];
export type ReconnectBatch = Schemas['ReconnectBatchDto'];
export type ReconnectContactAll = Schemas['ReconnectContactAllResultDto'];
export type ReconnectReportRow = Schemas['ReconnectReportRowDto'];
export type ReconnectSettings = Schemas['ReconnectSettingsResultDto'];
export type RhythmSettings = Schemas['RhythmSettingsValuesDto'];

export const OVERDUE_PAGE_SIZE = 25;
export const MERGE_FIELDS = ['first_name', 'service_category', 'usual_interval_weeks', 'booking_link'] as const;

export const reconnectKeys = {
  all: ['reconnect'] as const,
  categories: ['reconnect', 'categories'] as const,
  clients: (category: string, sort: string, order: string, offset: number) => ['reconnect', 'clients', category, sort, order, offset] as const,
  template: (category: string) => ['reconnect', 'template', category] as const,
  report: ['reconnect', 'report'] as const,
  settings: ['reconnect', 'settings'] as const,
  rhythmSettings: ['rhythm', 'settings'] as const,
};

export function useReconnectCategories() {
  return useQuery({ queryKey: reconnectKeys.categories, queryFn: () => call(api.GET('/api/v1/reconnect/categories')) });
}

export function useOverdueClients(category: string, sort: OverdueSort, order: 'asc' | 'desc', offset: number) {
  return useQuery({
    queryKey: reconnectKeys.clients(category, sort, order, offset),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/reconnect/categories/{category}/clients', { params: { path: { category }, query: { sort, order, limit: OVERDUE_PAGE_SIZE, offset } } })),
  });
}

export function useReconnectTemplate(category: string) {
  return useQuery({ queryKey: reconnectKeys.template(category), queryFn: () => call(api.GET('/api/v1/reconnect/templates/{category}', { params: { path: { category } } })) });
}

export function useSaveReconnectTemplate(category: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReconnectTemplate) => call(api.PUT('/api/v1/reconnect/templates/{category}', { params: { path: { category } }, body })),
    onSuccess: (saved) => qc.setQueryData(reconnectKeys.template(category), saved),
  });
}

/** The message as the client would get it, rendered by the server (a draft, or the stored one). */
export function useReconnectPreview(category: string) {
  return useMutation({
    mutationFn: (body: { clientId: string; template?: ReconnectTemplate }) => call(api.POST('/api/v1/reconnect/templates/{category}/preview', { params: { path: { category } }, body })),
  });
}

/** After a press the counts, lists and report change: everything of reconnect is read again. */
function useAfterContact() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: reconnectKeys.all });
}

export function useContactCategory() {
  const after = useAfterContact();
  return useMutation({ mutationFn: (serviceCategory: string) => call(api.POST('/api/v1/reconnect/contact', { body: { serviceCategory } })), onSuccess: after });
}

export function useContactAll() {
  const after = useAfterContact();
  return useMutation({ mutationFn: () => call(api.POST('/api/v1/reconnect/contact-all')), onSuccess: after });
}

export function useReconnectReport() {
  return useQuery({ queryKey: reconnectKeys.report, queryFn: () => call(api.GET('/api/v1/reconnect/report')) });
}

export function useReconnectSettings() {
  return useQuery({ queryKey: reconnectKeys.settings, queryFn: () => call(api.GET('/api/v1/reconnect/settings')) });
}

export function useSaveReconnectSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ReconnectSettingsDto']) => call(api.PUT('/api/v1/reconnect/settings', { body })),
    onSuccess: (s) => {
      qc.setQueryData(reconnectKeys.settings, s);
      // the booking link shows in previews
      void qc.invalidateQueries({ queryKey: ['reconnect', 'template'] });
    },
  });
}

export function useRhythmSettings() {
  return useQuery({ queryKey: reconnectKeys.rhythmSettings, queryFn: () => call(api.GET('/api/v1/rhythm/settings')) });
}

export function useSaveRhythmSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RhythmSettingsDto']) => call(api.PUT('/api/v1/rhythm/settings', { body })),
    onSuccess: (s) => {
      qc.setQueryData(reconnectKeys.rhythmSettings, s);
      void qc.invalidateQueries({ queryKey: reconnectKeys.all });
    },
  });
}
