/** Query and mutation hooks of DLQ triage, replay and the jobs panel. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { DlqPageDto, DlqSummaryDto, PurgeResultDto, RepublishPreviewDto, RepublishStartDto } from '../dto/dlq';
import type { JobDto } from '../dto/jobs';
import type { ReplayPreviewDto, ReplayStartDto } from '../dto/replay';
import type { ReplayMode } from '../schemas/replay';

const seg = (s: string) => encodeURIComponent(s);

export const triageKeys = {
  jobs: ['jobs'] as const,
  summary: (group: string) => ['dlq', 'summary', group] as const,
  page: (group: string, page: number, pageSize: number) => ['dlq', 'page', group, page, pageSize] as const,
  replayPreview: (q: ReplayQuery | null) => ['replay', 'preview', q] as const,
};

export function useJobsQuery() {
  return useQuery({
    queryKey: triageKeys.jobs,
    queryFn: ({ signal }) => fetchJson<{ jobs: JobDto[]; confirmLimit: number }>('/api/jobs', { signal }),
    // Fast while something runs, so the progress bar moves.
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => j.status === 'running') ? 700 : 4_000),
  });
}

export function useCancelJobMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<JobDto>(`/api/jobs/${seg(id)}/cancel`, { method: 'POST', json: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: triageKeys.jobs }),
  });
}

/** Server-rendered data as the query's first value, dated when the server read it. */
function fromServer<T extends { fetchedAt: string }>(initial: T | undefined) {
  if (!initial) return {};
  // Fresh server data is not fetched again at once on hydration; the polling goes on as without it.
  return { initialData: initial, initialDataUpdatedAt: Date.parse(initial.fetchedAt), staleTime: 2_000 };
}

/** `initial`: the summary as the server rendered it, if it was ready in time. */
export function useDlqSummaryQuery(group: string, initial?: DlqSummaryDto) {
  return useQuery({
    queryKey: triageKeys.summary(group),
    queryFn: ({ signal }) => fetchJson<DlqSummaryDto>(`/api/dlq/${seg(group)}/summary`, { signal }),
    // Poll quickly while the scan catches up.
    refetchInterval: (q) => (q.state.data && !q.state.data.complete ? 1_000 : 5_000),
    ...fromServer(initial?.group === group ? initial : undefined),
  });
}

/** `initial`: the first page as the server rendered it; used for that page only. */
export function useDlqPageQuery(group: string, page: number, pageSize: number, initial?: DlqPageDto) {
  const use = initial && page === 1 && initial.page === 1 && initial.pageSize === pageSize ? initial : undefined;
  return useQuery({
    queryKey: triageKeys.page(group, page, pageSize),
    queryFn: ({ signal }) => fetchJson<DlqPageDto>(`/api/dlq/${seg(group)}/page?page=${page}&pageSize=${pageSize}`, { signal }),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
    ...fromServer(use),
  });
}

export type RepublishSelection = { signature: string; ids?: undefined } | { ids: string[]; signature?: undefined };
export type RepublishRequest = RepublishSelection & { to: 'original' | 'retry' };

export function useRepublishPreviewMutation(group: string) {
  return useMutation({
    mutationFn: (input: RepublishRequest) => fetchJson<RepublishPreviewDto>(`/api/dlq/${seg(group)}/republish/preview`, { method: 'POST', json: input }),
  });
}

export function useStartRepublishMutation(group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RepublishRequest & { ratePerSec: number; confirm?: number }) =>
      fetchJson<RepublishStartDto>(`/api/dlq/${seg(group)}/republish`, { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: triageKeys.jobs }),
  });
}

export function usePurgeMutation(group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (confirm: number) => fetchJson<PurgeResultDto>(`/api/dlq/${seg(group)}/purge`, { method: 'POST', json: { confirm } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['dlq'] }),
  });
}

export interface ReplayQuery {
  mode: ReplayMode;
  topic: string;
  from: number;
  to: number;
  group?: string;
  target?: string;
}

function replayQs(q: ReplayQuery): string {
  const u = new URLSearchParams({ mode: q.mode, topic: q.topic, from: String(q.from), to: String(q.to) });
  if (q.group) u.set('group', q.group);
  if (q.target) u.set('target', q.target);
  return u.toString();
}

export function useReplayPreviewQuery(q: ReplayQuery | null) {
  return useQuery({
    queryKey: triageKeys.replayPreview(q),
    enabled: q !== null,
    queryFn: ({ signal }) => fetchJson<ReplayPreviewDto>(`/api/replay/preview?${replayQs(q!)}`, { signal }),
    retry: false,
  });
}

export function useStartReplayMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ mode, ...input }: ReplayQuery & { ratePerSec: number; confirm?: number }) =>
      fetchJson<ReplayStartDto>(`/api/replay/${mode}`, { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: triageKeys.jobs }),
  });
}
