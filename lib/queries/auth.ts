/** Session, login and logout for the console's pages. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { SessionDto } from '../dto/auth';
import type { LoginInput } from '../schemas/auth';

export const sessionQueryKey = ['auth', 'session'] as const;

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchJson<SessionDto>('/api/auth/session', { signal }),
    staleTime: 60_000,
  });
}

export function useSessionQuery() {
  return useQuery(sessionQueryOptions());
}

export function useLoginMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => fetchJson<{ user: string; role: string }>('/api/auth/login', { method: 'POST', json: input }),
    onSuccess: () => queryClient.clear(),
  });
}

export function useLogoutMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<{ ok: true }>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => queryClient.clear(),
  });
}
