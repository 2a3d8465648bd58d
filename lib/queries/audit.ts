import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { AuditPageDto } from '../dto/audit';

export interface AuditFilterParams {
  user?: string;
  action?: string;
  outcome?: string;
  /** `datetime-local` values or ISO times. */
  from?: string;
  to?: string;
}

export function auditUrl(f: AuditFilterParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (typeof v !== 'string' || !v.trim()) continue;
    // A datetime-local value is local time; send an absolute instant.
    q.set(k, (k === 'from' || k === 'to') && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : v.trim());
  }
  const s = q.toString();
  return s ? `/api/audit?${s}` : '/api/audit';
}

export function useAuditQuery(f: AuditFilterParams) {
  return useQuery({
    queryKey: ['audit', f],
    queryFn: ({ signal }) => fetchJson<AuditPageDto>(auditUrl(f), { signal }),
    refetchInterval: 5_000,
  });
}
