import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { setBusinessFormat } from '../format';
import { api, ApiError, call, setCsrfToken } from './client';
import type { components } from './schema';

export type Session = components['schemas']['SessionDto'];
export type Role = Session['role'];

export const SESSION_KEY = ['session'] as const;

function remember(s: Session | null): Session | null {
  setCsrfToken(s?.csrfToken ?? null);
  if (s) setBusinessFormat(s.business);
  return s;
}

/** The signed-in user, or null when signed out (a 401 here is an answer, not an error). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return remember(await call(api.GET('/api/v1/auth/session'), { quiet401: true }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return remember(null);
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => call(api.POST('/api/v1/auth/sign-in', { body }), { quiet401: true }),
    onSuccess: (s) => {
      qc.clear();
      qc.setQueryData(SESSION_KEY, remember(s));
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/sign-out')),
    onSettled: () => {
      remember(null);
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}

export function useForgotPassword() {
  return useMutation({ mutationFn: (body: { email: string }) => call(api.POST('/api/v1/auth/password/forgot', { body })) });
}

export function useLinkInfo(token: string | null) {
  return useQuery({
    queryKey: ['auth-link', token],
    enabled: !!token,
    retry: (n, e) => e instanceof ApiError && e.transient && n < 5,
    queryFn: () => call(api.GET('/api/v1/auth/links/{token}', { params: { path: { token: token! } } }), { quiet401: true }),
  });
}

export function useSetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => call(api.POST('/api/v1/auth/password/set', { body }), { quiet401: true }),
    onSuccess: (s) => {
      qc.clear();
      qc.setQueryData(SESSION_KEY, remember(s));
    },
  });
}
