/** Query and mutation hooks of the alerts page and the lag charts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { AlertRuleDto, AlertsOverviewDto, LagTrendDto } from '../dto/alerts';
import type { AlertRuleInput, SilenceInput } from '../schemas/alerts';

/** The alerts page refreshes this often (evaluation itself runs on the server's interval). */
export const ALERTS_REFRESH_MS = 2_000;

export const alertQueryKeys = {
  all: ['alerts'] as const,
  overview: ['alerts', 'overview'] as const,
  lag: (group: string) => ['alerts', 'lag', group] as const,
};

export function useAlertsQuery() {
  return useQuery({
    queryKey: alertQueryKeys.overview,
    queryFn: ({ signal }) => fetchJson<AlertsOverviewDto>('/api/alerts', { signal }),
    refetchInterval: ALERTS_REFRESH_MS,
  });
}

export function useLagTrendQuery(group: string) {
  return useQuery({
    queryKey: alertQueryKeys.lag(group),
    queryFn: ({ signal }) => fetchJson<LagTrendDto>(`/api/alerts/lag/${encodeURIComponent(group)}`, { signal }),
    refetchInterval: ALERTS_REFRESH_MS,
    enabled: group !== '',
  });
}

export function useCreateAlertRuleMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AlertRuleInput) => fetchJson<AlertRuleDto>('/api/alerts/rules', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertQueryKeys.all }),
  });
}

export function useDeleteAlertRuleMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string }>(`/api/alerts/rules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertQueryKeys.all }),
  });
}

export function useSilenceAlertMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SilenceInput) => fetchJson<{ ruleId: string; until: string | null }>('/api/alerts/silences', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertQueryKeys.all }),
  });
}
