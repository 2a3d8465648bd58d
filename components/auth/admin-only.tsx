'use client';

import type { ReactNode } from 'react';
import { useSession } from '@/lib/hooks/use-session';

/** Renders its children only for users who may change things (admins; everyone in open mode). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { canMutate } = useSession();
  return canMutate ? <>{children}</> : null;
}
