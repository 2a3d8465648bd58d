/** React Query keys of the console, in one place so invalidation stays consistent. */
export const queryKeys = {
  clusterOverview: ['cluster', 'overview'] as const,
  namesrvSetting: ['settings', 'namesrv'] as const,
};
