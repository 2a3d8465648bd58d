/** Query hook of the message trace view. */
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { MessageTraceDto } from '../dto/trace';
import { queryKeys } from './keys';

/** Trace records arrive up to a second after the client acts (the dispatcher batches): refresh while on screen. */
export const TRACE_REFRESH_MS = 3_000;

/** Path of the trace page of a message, for plain links. */
export function messageTraceHref(id: string, topic?: string | null): string {
  const u = new URLSearchParams({ id });
  if (topic) u.set('topic', topic);
  return `/messages/trace?${u.toString()}`;
}

export function useMessageTraceQuery(id: string | null, topic?: string, traceTopic?: string) {
  return useQuery({
    queryKey: queryKeys.messages('trace', { id: id ?? '', topic, traceTopic }),
    enabled: !!id,
    refetchInterval: TRACE_REFRESH_MS,
    queryFn: ({ signal }) => {
      const u = new URLSearchParams({ id: id! });
      if (topic) u.set('topic', topic);
      if (traceTopic) u.set('traceTopic', traceTopic);
      return fetchJson<MessageTraceDto>(`/api/messages/trace?${u.toString()}`, { signal });
    },
  });
}
