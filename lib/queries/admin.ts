/** Query and mutation hooks of the topic, group, message, DLQ, producer and broker views. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type {
  BrokerRuntimeListDto,
  DlqRowDto,
  GroupDetailDto,
  GroupRowDto,
  MessageDetailDto,
  MessageListDto,
  Page,
  ProducerConnectionsDto,
  ResendOutcomeDto,
  ResetOffsetResultDto,
  ResetPreviewDto,
  SendResultDto,
  TopicDetailDto,
  TopicRowDto,
} from '../dto/admin';
import type { ResendInput, ResetOffsetInput, SendMessageInputDto, SubscriptionGroupInput, TopicInput } from '../schemas/admin';
import { queryKeys } from './keys';

/** Lists and details refresh while on screen. */
export const ADMIN_REFRESH_MS = 4_000;

export type ListParams = { q: string; system: '0' | '1'; page: number; pageSize: number };

function qs(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  return u.toString();
}

const seg = (s: string) => encodeURIComponent(s);

/** A list's first page, unfiltered, as the server rendered it (so the page shows rows before any fetch). */
const isFirstPage = (p: ListParams) => p.q === '' && p.system === '0' && p.page === 1;

function initialPage<T>(p: ListParams, initial: Page<T> | undefined) {
  const use = initial && isFirstPage(p) && initial.pageSize === p.pageSize ? initial : undefined;
  return {
    initialData: use,
    initialDataUpdatedAt: use ? Date.parse(use.fetchedAt) : undefined,
    // Fresh server data is not fetched again at once on hydration.
    staleTime: 2_000,
  };
}

export function useTopicsQuery(p: ListParams, initial?: Page<TopicRowDto>) {
  return useQuery({
    queryKey: queryKeys.topics(p),
    queryFn: ({ signal }) => fetchJson<Page<TopicRowDto>>(`/api/topics?${qs(p)}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
    placeholderData: keepPreviousData,
    ...initialPage(p, initial),
  });
}

export function useTopicQuery(topic: string) {
  return useQuery({
    queryKey: queryKeys.topic(topic),
    queryFn: ({ signal }) => fetchJson<TopicDetailDto>(`/api/topics/${seg(topic)}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
  });
}

export function useSaveTopicMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TopicInput) => fetchJson<{ topic: string; brokers: string[] }>('/api/topics', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['topics'] }),
  });
}

export function useDeleteTopicMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (topic: string) => fetchJson<{ topic: string }>(`/api/topics/${seg(topic)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['topics'] }),
  });
}

export function useSendMessageMutation(topic: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SendMessageInputDto) => fetchJson<SendResultDto>(`/api/topics/${seg(topic)}/messages`, { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.topic(topic) }),
  });
}

export function useGroupsQuery(p: ListParams, initial?: Page<GroupRowDto>) {
  return useQuery({
    queryKey: queryKeys.groups(p),
    queryFn: ({ signal }) => fetchJson<Page<GroupRowDto>>(`/api/groups?${qs(p)}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
    placeholderData: keepPreviousData,
    ...initialPage(p, initial),
  });
}

export function useGroupQuery(group: string) {
  return useQuery({
    queryKey: queryKeys.group(group),
    queryFn: ({ signal }) => fetchJson<GroupDetailDto>(`/api/groups/${seg(group)}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
  });
}

export function useSaveGroupMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionGroupInput) => fetchJson<{ group: string }>('/api/groups', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['groups'] }),
  });
}

export function useDeleteGroupMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (group: string) => fetchJson<{ group: string }>(`/api/groups/${seg(group)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['groups'] }),
  });
}

export function useResetOffsetMutation(group: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResetOffsetInput) => fetchJson<ResetOffsetResultDto>(`/api/groups/${seg(group)}/reset-offset`, { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['groups'] }),
  });
}

/** What a reset to `timestamp` (−1 = skip backlog) would do per queue; `topic` '' = every topic of the group. */
export function useResetPreviewQuery(group: string, topic: string, timestamp: number | null) {
  return useQuery({
    queryKey: queryKeys.resetPreview(group, topic, timestamp ?? 0),
    enabled: timestamp !== null,
    queryFn: ({ signal }) =>
      fetchJson<ResetPreviewDto>(`/api/groups/${seg(group)}/reset-preview?${qs({ timestamp: timestamp!, topic })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export type MessageSearch =
  | { mode: 'time'; topic: string; begin: number; end: number }
  | { mode: 'key'; topic: string; key: string }
  | { mode: 'id'; id: string; topic?: string };

export function useMessageSearchQuery(search: MessageSearch | null) {
  return useQuery({
    queryKey: queryKeys.messages(search?.mode ?? 'none', (search ?? {}) as Record<string, string | number | undefined>),
    enabled: search !== null,
    queryFn: async ({ signal }): Promise<MessageListDto | MessageDetailDto> => {
      const s = search!;
      if (s.mode === 'time') return fetchJson<MessageListDto>(`/api/messages/by-time?${qs({ topic: s.topic, begin: s.begin, end: s.end })}`, { signal });
      if (s.mode === 'key') return fetchJson<MessageListDto>(`/api/messages/by-key?${qs({ topic: s.topic, key: s.key })}`, { signal });
      return fetchJson<MessageDetailDto>(`/api/messages/by-id?${qs({ id: s.id, topic: s.topic })}`, { signal });
    },
  });
}

export function useMessageQuery(id: string | null, topic?: string) {
  return useQuery({
    queryKey: queryKeys.messages('detail', { id: id ?? '', topic }),
    enabled: !!id,
    queryFn: ({ signal }) => fetchJson<MessageDetailDto>(`/api/messages/by-id?${qs({ id: id!, topic })}`, { signal }),
  });
}

export function useResendMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResendInput) => fetchJson<{ results: ResendOutcomeDto[] }>('/api/messages/resend', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['dlq'] }),
  });
}

export function useDlqQuery(p: ListParams) {
  return useQuery({
    queryKey: queryKeys.dlq(p),
    queryFn: ({ signal }) => fetchJson<Page<DlqRowDto>>(`/api/dlq?${qs(p)}`, { signal }),
    refetchInterval: ADMIN_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useDlqMessagesQuery(group: string | null, which: 'dlq' | 'retry', limit = 500) {
  return useQuery({
    queryKey: queryKeys.dlqMessages(group ?? '', which),
    enabled: !!group,
    queryFn: ({ signal }) => fetchJson<MessageListDto>(`/api/dlq/${seg(group!)}/messages?${qs({ which, limit })}`, { signal }),
    refetchInterval: 5_000,
  });
}

export function useProducersQuery(group: string | null) {
  return useQuery({
    queryKey: queryKeys.producers(group ?? ''),
    enabled: !!group,
    queryFn: ({ signal }) => fetchJson<ProducerConnectionsDto>(`/api/producers?${qs({ group: group! })}`, { signal }),
    refetchInterval: 5_000,
  });
}

export function useBrokerRuntimeQuery() {
  return useQuery({
    queryKey: queryKeys.brokerRuntime,
    queryFn: ({ signal }) => fetchJson<BrokerRuntimeListDto>('/api/cluster/runtime', { signal }),
    refetchInterval: 3_000,
  });
}
