'use client';

import { useSessionQuery } from '../queries/auth';

export interface SessionInfo {
  /** Still asking the server. */
  loading: boolean;
  mode?: 'open' | 'users';
  user?: string;
  role?: 'viewer' | 'admin';
  /** Whether this user may change things: admin, or open mode. False while loading, so buttons do not flash. */
  canMutate: boolean;
}

/** Who is using the console; pages hide changes a viewer could not make anyway (the API refuses them, 403). */
export function useSession(): SessionInfo {
  const { data, isPending } = useSessionQuery();
  return {
    loading: isPending,
    mode: data?.mode,
    user: data?.user,
    role: data?.role,
    canMutate: data?.role === 'admin',
  };
}
