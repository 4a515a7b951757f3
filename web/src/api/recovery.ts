import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

// The recovery board (docs/recovery.md): the active group's columns, an entry's life (move against
// its version, assign, note, outcome, seen), the outcome lists, settings and reports.

export type RecoveryBoard = components['schemas']['RecoveryBoardDto'];
export type RecoveryColumn = components['schemas']['RecoveryBoardColumnDto'];
export type RecoveryCard = components['schemas']['RecoveryEntryCardDto'];
export type RecoveryEntry = components['schemas']['RecoveryEntryDto'];
export type RecoveryOutcome = NonNullable<RecoveryCard['outcome']>;
export type RecoveryGroup = components['schemas']['RecoveryPhaseGroupDto'];
export type RecoverySettings = components['schemas']['RecoverySettingsDto'];
export type RecoverySettingsPatch = components['schemas']['UpdateRecoverySettingsDto'];
export type RecoveryReport = components['schemas']['RecoveryReportDto'];
export type RecoveryStats = components['schemas']['RecoveryStatsDto'];

export const RECOVERY_OUTCOMES: RecoveryOutcome[] = ['regained', 'lost', 'not_edited'];
export const RECOVERY_LIST_PAGE_SIZE = 20;
export const BOARD_CARDS = 50;

export const recoveryKeys = {
  all: ['recovery'] as const,
  board: ['recovery', 'board'] as const,
  list: (state: RecoveryOutcome, offset: number) => ['recovery', 'list', state, offset] as const,
  entry: (id: string) => ['recovery', 'entry', id] as const,
  groups: ['recovery', 'groups'] as const,
  settings: ['recovery', 'settings'] as const,
  report: (from: string, to: string) => ['recovery', 'report', from, to] as const,
};

export function useRecoveryBoard() {
  return useQuery({ queryKey: recoveryKeys.board, queryFn: () => call(api.GET('/api/v1/recovery/board', { params: { query: { limit: BOARD_CARDS } } })) });
}

/**
 * A column's cards past the board's first page, fetched when the user asks for more (`enabled`).
 * Kept under the board's key, so every change that refreshes the board refreshes these too.
 */
export function useColumnMore(phaseId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...recoveryKeys.board, 'column', phaseId],
    enabled,
    initialPageParam: BOARD_CARDS,
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/recovery/entries', { params: { query: { phaseId, limit: BOARD_CARDS, offset: pageParam } } })),
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
  });
}

/** The navigation's badge: unseen open entries (re-read each minute and after every change). */
export function useRecoveryUnseen() {
  return useQuery({
    queryKey: [...recoveryKeys.board, 'unseen'],
    staleTime: 30_000,
    refetchInterval: 60_000,
    retry: false,
    queryFn: async () => (await call(api.GET('/api/v1/recovery/board', { params: { query: { limit: 1 } } }))).unseen,
  });
}

export function useRecoveryList(state: RecoveryOutcome, offset: number) {
  return useQuery({
    queryKey: recoveryKeys.list(state, offset),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/recovery/entries', { params: { query: { state, limit: RECOVERY_LIST_PAGE_SIZE, offset } } })),
  });
}

export function useRecoveryEntry(id: string | null) {
  return useQuery({
    queryKey: recoveryKeys.entry(id ?? ''),
    enabled: !!id,
    queryFn: () => call(api.GET('/api/v1/recovery/entries/{id}', { params: { path: { id: id! } } })),
  });
}

/** Every entry mutation answers the entry: kept as the drawer's data, and the board and lists re-read. */
function useEntryMutation<V>(fn: (v: V) => Promise<RecoveryEntry>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (entry) => {
      qc.setQueryData(recoveryKeys.entry(entry.id), entry);
      void qc.invalidateQueries({ queryKey: recoveryKeys.board });
      void qc.invalidateQueries({ queryKey: ['recovery', 'list'] });
    },
  });
}

/** Moves a card to a phase against the version the board showed; the board moves the card at once. */
export function useMoveEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; phaseId: string }) =>
      call(api.PATCH('/api/v1/recovery/entries/{id}', { params: { path: { id: v.id } }, body: { version: v.version, phaseId: v.phaseId } })),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: recoveryKeys.board, exact: true });
      const before = qc.getQueryData<RecoveryBoard>(recoveryKeys.board);
      if (before) qc.setQueryData(recoveryKeys.board, moveCard(before, v.id, v.phaseId));
      return { before };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.before) qc.setQueryData(recoveryKeys.board, ctx.before);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: recoveryKeys.board }),
    onSuccess: (entry) => qc.setQueryData(recoveryKeys.entry(entry.id), entry),
  });
}

/** The board with one card moved to the top of another column (counts follow). */
export function moveCard(board: RecoveryBoard, id: string, phaseId: string): RecoveryBoard {
  const card = board.columns.flatMap((c) => c.entries).find((e) => e.id === id);
  if (!card) return board;
  return {
    ...board,
    columns: board.columns.map((c) => {
      if (c.id === card.phaseId && c.id !== phaseId) return { ...c, count: c.count - 1, unseen: c.unseen - (card.unseen ? 1 : 0), entries: c.entries.filter((e) => e.id !== id) };
      if (c.id === phaseId && c.id !== card.phaseId) return { ...c, count: c.count + 1, unseen: c.unseen + (card.unseen ? 1 : 0), entries: [{ ...card, phaseId }, ...c.entries] };
      return c;
    }),
  };
}

export function useAssignEntry() {
  return useEntryMutation((v: { id: string; version: number; assigneeStaffId: string | null }) =>
    call(api.PATCH('/api/v1/recovery/entries/{id}', { params: { path: { id: v.id } }, body: { version: v.version, assigneeStaffId: v.assigneeStaffId } })),
  );
}

export function useAddNote() {
  return useEntryMutation((v: { id: string; text: string }) => call(api.POST('/api/v1/recovery/entries/{id}/notes', { params: { path: { id: v.id } }, body: { text: v.text } })));
}

export function useSetOutcome() {
  return useEntryMutation((v: { id: string; version: number; outcome: RecoveryOutcome }) =>
    call(api.POST('/api/v1/recovery/entries/{id}/outcome', { params: { path: { id: v.id } }, body: { version: v.version, outcome: v.outcome } })),
  );
}

export function useReopenEntry() {
  return useEntryMutation((v: { id: string; version: number }) => call(api.POST('/api/v1/recovery/entries/{id}/reopen', { params: { path: { id: v.id } }, body: { version: v.version } })));
}

export function useSetSeen() {
  return useEntryMutation((v: { id: string; seen: boolean }) =>
    v.seen ? call(api.POST('/api/v1/recovery/entries/{id}/seen', { params: { path: { id: v.id } } })) : call(api.POST('/api/v1/recovery/entries/{id}/unseen', { params: { path: { id: v.id } } })),
  );
}

// settings

export function useRecoverySettings() {
  return useQuery({ queryKey: recoveryKeys.settings, queryFn: () => call(api.GET('/api/v1/recovery/settings')) });
}

export function useUpdateRecoverySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecoverySettingsPatch) => call(api.PATCH('/api/v1/recovery/settings', { body })),
    onSuccess: (s) => qc.setQueryData(recoveryKeys.settings, s),
  });
}

export function usePhaseGroups() {
  return useQuery({ queryKey: recoveryKeys.groups, queryFn: () => call(api.GET('/api/v1/recovery/phase-groups')) });
}

/** Any change to groups or phases: the groups and the board are read again. */
function useGroupMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: recoveryKeys.groups });
      void qc.invalidateQueries({ queryKey: recoveryKeys.board });
    },
  });
}

export function useCreateGroup() {
  return useGroupMutation((v: { name: string; phases: string[] }) => call(api.POST('/api/v1/recovery/phase-groups', { body: v })));
}
export function useRenameGroup() {
  return useGroupMutation((v: { id: string; name: string }) => call(api.PATCH('/api/v1/recovery/phase-groups/{id}', { params: { path: { id: v.id } }, body: { name: v.name } })));
}
export function useDeleteGroup() {
  return useGroupMutation((v: { id: string }) => call(api.DELETE('/api/v1/recovery/phase-groups/{id}', { params: { path: { id: v.id } } })));
}
export function useActivateGroup() {
  return useGroupMutation((v: { id: string; mapping?: Record<string, string> }) =>
    call(api.POST('/api/v1/recovery/phase-groups/{id}/activate', { params: { path: { id: v.id } }, body: { mapping: v.mapping } })),
  );
}
export function useAddPhase() {
  return useGroupMutation((v: { id: string; name: string }) => call(api.POST('/api/v1/recovery/phase-groups/{id}/phases', { params: { path: { id: v.id } }, body: { name: v.name } })));
}
export function useRenamePhase() {
  return useGroupMutation((v: { id: string; phaseId: string; name: string }) =>
    call(api.PATCH('/api/v1/recovery/phase-groups/{id}/phases/{phaseId}', { params: { path: { id: v.id, phaseId: v.phaseId } }, body: { name: v.name } })),
  );
}
export function useDeletePhase() {
  return useGroupMutation((v: { id: string; phaseId: string }) => call(api.DELETE('/api/v1/recovery/phase-groups/{id}/phases/{phaseId}', { params: { path: { id: v.id, phaseId: v.phaseId } } })));
}
export function useReorderPhases() {
  return useGroupMutation((v: { id: string; phaseIds: string[] }) => call(api.PUT('/api/v1/recovery/phase-groups/{id}/order', { params: { path: { id: v.id } }, body: { phaseIds: v.phaseIds } })));
}

/** "Record existing cancellations": starts the job; its progress is polled with useRecordExistingJob. */
export function useRecordExisting() {
  return useMutation({ mutationFn: () => call(api.POST('/api/v1/recovery/record-existing')) });
}

export function useRecordExistingJob(jobId: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['recovery', 'record-existing', jobId],
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && (q.state.data.state === 'done' || q.state.data.state === 'failed') ? false : 1000),
    queryFn: async () => {
      const job = await call(api.GET('/api/v1/recovery/record-existing/{jobId}', { params: { path: { jobId: jobId! } } }));
      if (job.state === 'done') void qc.invalidateQueries({ queryKey: recoveryKeys.board });
      return job;
    },
  });
}

export function useRecoveryReport(from: string, to: string) {
  return useQuery({
    queryKey: recoveryKeys.report(from, to),
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/recovery/reports', { params: { query: { from, to } } })),
  });
}
