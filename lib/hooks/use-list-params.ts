'use client';

import { useEffect, useState } from 'react';
import type { ListParams } from '../queries/admin';

/** Search text (debounced), page and the system toggle of a paged list. */
export function useListParams(pageSize: number) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [page, setPage] = useState(1);
  const [showSystem, setShowSystem] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const params: ListParams = { q: debounced, system: showSystem ? '1' : '0', page, pageSize };
  return {
    q,
    setQ: (v: string) => {
      setQ(v);
      setPage(1);
    },
    showSystem,
    setShowSystem: (v: boolean) => {
      setShowSystem(v);
      setPage(1);
    },
    page,
    setPage,
    params,
  };
}

