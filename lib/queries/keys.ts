/** React Query keys of the console, in one place so invalidation stays consistent. */
export const queryKeys = {
  clusterOverview: ['cluster', 'overview'] as const,
  brokerRuntime: ['cluster', 'runtime'] as const,
  replication: ['cluster', 'replication'] as const,
  namesrvSetting: ['settings', 'namesrv'] as const,
  topics: (params: Record<string, string | number>) => ['topics', 'list', params] as const,
  topic: (topic: string) => ['topics', 'detail', topic] as const,
  groups: (params: Record<string, string | number>) => ['groups', 'list', params] as const,
  group: (group: string) => ['groups', 'detail', group] as const,
  resetPreview: (group: string, topic: string, timestamp: number) => ['groups', 'reset-preview', group, topic, timestamp] as const,
  dlq: (params: Record<string, string | number>) => ['dlq', 'list', params] as const,
  dlqMessages: (group: string, which: string) => ['dlq', 'messages', group, which] as const,
  producers: (group: string) => ['producers', group] as const,
  messages: (mode: string, params: Record<string, string | number | undefined>) => ['messages', mode, params] as const,
};
