import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from './client';

// The demo mailbox (contract "Page APIs"): what the local SMTP sink caught, newest first, paged
// by cursor. Outside the demo the API answers 404 "The mailbox runs only in the demo".

export const MAILBOX_PAGE_SIZE = 25;

export function useMailbox(after: string | null) {
  return useQuery({
    queryKey: ['mailbox', 'list', after],
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
    queryFn: () => call(api.GET('/api/v1/mailbox', { params: { query: { limit: MAILBOX_PAGE_SIZE, ...(after ? { after } : {}) } } })),
  });
}

export function useMailboxMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['mailbox', 'message', id],
    enabled: !!id,
    staleTime: Infinity,
    queryFn: () => call(api.GET('/api/v1/mailbox/{id}', { params: { path: { id: id! } } })),
  });
}
