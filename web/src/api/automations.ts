import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// Automations (docs/automations.md): the list, one automation with its runs, edits, enable /
// pause / archive, and reinstalling the default playbook.

export type Automation = components['schemas']['AutomationDto'];
export type AutomationListItem = components['schemas']['AutomationListItemDto'];
export type AutomationDetail = components['schemas']['AutomationDetailDto'];
export type AutomationUpdate = components['schemas']['UpdateAutomationDto'];
export type AutomationCatalogue = components['schemas']['AutomationCatalogueDto'];
export type TriggerDescription = components['schemas']['TriggerCatalogueEntryDto'];

export const automationKeys = {
  list: (archived: boolean) => ['automations', 'list', archived] as const,
  one: (id: string) => ['automations', 'one', id] as const,
  catalogue: ['automations', 'catalogue'] as const,
};

/** Every trigger kind and branch condition the API accepts, with their parameters: the editor's forms come from it. */
export function useAutomationCatalogue() {
  return useQuery({ queryKey: automationKeys.catalogue, staleTime: Infinity, queryFn: () => call(api.GET('/api/v1/automations/catalogue')) });
}

export function useAutomations(archived = false) {
  return useQuery({
    queryKey: automationKeys.list(archived),
    queryFn: () => call(api.GET('/api/v1/automations', { params: { query: archived ? { archived: 'true' } : {} } })),
  });
}

export function useAutomation(id: string) {
  return useQuery({ queryKey: automationKeys.one(id), queryFn: () => call(api.GET('/api/v1/automations/{id}', { params: { path: { id } } })) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return (a?: AutomationDetail | Automation) => {
    if (a && 'progress' in a) qc.setQueryData(automationKeys.one(a.id), a);
    void qc.invalidateQueries({ queryKey: ['automations'] });
  };
}

export function useUpdateAutomation(id: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: AutomationUpdate) => call(api.PATCH('/api/v1/automations/{id}', { params: { path: { id } }, body })),
    onSuccess: () => done(),
  });
}

export type AutomationAction = 'enable' | 'pause' | 'archive';

export function useAutomationAction(id: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (action: AutomationAction) => {
      const params = { params: { path: { id } } };
      if (action === 'enable') return call(api.POST('/api/v1/automations/{id}/enable', params));
      if (action === 'pause') return call(api.POST('/api/v1/automations/{id}/pause', params));
      return call(api.POST('/api/v1/automations/{id}/archive', params));
    },
    onSuccess: (a) => done(a),
  });
}

export type AutomationCreate = components['schemas']['CreateAutomationDto'];

/** A new automation, disabled: the editor opens on it. */
export function useCreateAutomation() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: AutomationCreate) => call(api.POST('/api/v1/automations', { body })),
    onSuccess: () => done(),
  });
}

/** "Install the default playbook": the ready-made automations the business does not have now, added disabled. */
export function useInstallPlaybook() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/automations/playbook')),
    onSuccess: () => done(),
  });
}
