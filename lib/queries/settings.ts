import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { NamesrvSettingDto } from '../dto/settings';
import type { NamesrvSettingInput } from '../schemas/namesrv';
import { queryKeys } from './keys';

export function namesrvSettingQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.namesrvSetting,
    queryFn: ({ signal }) => fetchJson<NamesrvSettingDto>('/api/settings/namesrv', { signal }),
  });
}

export function useNamesrvSettingQuery() {
  return useQuery(namesrvSettingQueryOptions());
}

/** Saves the name server list; on success the cached setting is replaced and cluster views refetch. */
export function useNamesrvSettingMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NamesrvSettingInput) =>
      fetchJson<NamesrvSettingDto>('/api/settings/namesrv', { method: 'PUT', json: input }),
    onSuccess: async (setting) => {
      queryClient.setQueryData(queryKeys.namesrvSetting, setting);
      await queryClient.invalidateQueries({ queryKey: ['cluster'] });
    },
  });
}
