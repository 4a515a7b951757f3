import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

// While the API is down or failing (network error, 5xx), reads keep retrying with backoff up to
// 15 s apart, and the page says so (QueryState, ConnectionBanner); 4xx answers are final.
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (_n, e) => e instanceof ApiError && e.transient,
        retryDelay: (n) => Math.min(1000 * 2 ** n, 15_000),
        staleTime: 15_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
