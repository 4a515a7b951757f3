import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Segments (web.md page 4): the catalogue the builder's forms come from, the live preview and
// "why is this member in?", and saved segments with their members.

type Schemas = components['schemas'];
export type CatalogueCondition = Schemas['CatalogueConditionDto'];
export type CatalogueParam = Schemas['CatalogueParamDto'];
export type Segment = Schemas['SegmentDto'];
export type SegmentPreview = Schemas['SegmentPreviewDto'];
export type SegmentExplain = Schemas['SegmentExplainDto'];
/** A condition tree as the API takes it: {and: [...]}, {or: [...]}, {not: {...}} or {condition, ...params}. */
export type ApiTree = Record<string, unknown>;

export const MEMBERS_PAGE_SIZE = 50;

export const segmentKeys = {
  all: ['segments'] as const,
  catalogue: ['segments', 'catalogue'] as const,
  list: ['segments', 'list'] as const,
  one: (id: string) => ['segments', 'one', id] as const,
  members: (id: string, after: string | undefined) => ['segments', 'one', id, 'members', after ?? null] as const,
  // keyed by the tree itself: an answer is stored under the tree it was asked for, so a slow
  // answer to an older tree can never be shown as the count of the newer one
  preview: (tree: string) => ['segments', 'preview', tree] as const,
  explain: (tree: string, clientId: string) => ['segments', 'explain', tree, clientId] as const,
};

export function useCatalogue() {
  return useQuery({ queryKey: segmentKeys.catalogue, staleTime: Infinity, queryFn: () => call(api.GET('/api/v1/segments/catalogue')) });
}

export function useSegments() {
  return useQuery({ queryKey: segmentKeys.list, queryFn: () => call(api.GET('/api/v1/segments')) });
}

export function useSegment(id: string | undefined) {
  return useQuery({ queryKey: segmentKeys.one(id ?? ''), enabled: !!id, queryFn: () => call(api.GET('/api/v1/segments/{id}', { params: { path: { id: id! } } })) });
}

export function useSegmentMembers(id: string, after: string | undefined) {
  return useQuery({
    queryKey: segmentKeys.members(id, after),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/segments/{id}/members', { params: { path: { id }, query: { after, limit: MEMBERS_PAGE_SIZE } } })),
  });
}

/**
 * The count and sample of an unsaved tree. `tree` is the debounced tree as JSON (null while the
 * tree is incomplete); the previous tree's answer stays on screen, dimmed, until the new one comes.
 */
export function usePreview(tree: string | null) {
  return useQuery({
    queryKey: segmentKeys.preview(tree ?? ''),
    enabled: tree !== null,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: ({ signal }) => call(api.POST('/api/v1/segments/preview', { body: { conditions: JSON.parse(tree!) as ApiTree }, signal })),
  });
}

/** Each node's result and the member's own values for one tree and member. */
export function useExplain(tree: string | null, clientId: string | null) {
  return useQuery({
    queryKey: segmentKeys.explain(tree ?? '', clientId ?? ''),
    enabled: tree !== null && clientId !== null,
    retry: false,
    queryFn: ({ signal }) => call(api.POST('/api/v1/segments/explain', { body: { conditions: JSON.parse(tree!) as ApiTree, clientId: clientId! }, signal })),
  });
}

export function useCreateSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; conditions: ApiTree }) => call(api.POST('/api/v1/segments', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

export function useUpdateSegment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; conditions?: ApiTree }) => call(api.PATCH('/api/v1/segments/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

export function useDeleteSegment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/segments/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

/** Members matching a search, for the "why is this member in?" picker. */
export function useMemberSearch(q: string) {
  return useQuery({
    queryKey: ['segments', 'member-search', q],
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/clients', { params: { query: { q: q.trim(), limit: 10 } } })),
  });
}
