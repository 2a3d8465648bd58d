/** The overview's history: TPS over time, busiest topics, groups furthest behind (sampled on the server). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { OverviewSeriesDto } from '../dto/overview';
import type { OverviewRange } from '../schemas/overview';

/** The server samples every 10 s; the page asks a little more often so a new sample shows soon. */
export const OVERVIEW_SERIES_REFRESH_MS = 5_000;

export const overviewSeriesKey = (range: OverviewRange) => ['overview', 'series', range] as const;

export function useOverviewSeriesQuery(range: OverviewRange) {
  return useQuery({
    queryKey: overviewSeriesKey(range),
    queryFn: ({ signal }) => fetchJson<OverviewSeriesDto>(`/api/overview/series?range=${range}`, { signal }),
    refetchInterval: OVERVIEW_SERIES_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
