/** Input of the overview's history API. */
import { z } from 'zod';

export const OVERVIEW_RANGES = ['15m', '1h', '3h', '6h'] as const;
export type OverviewRange = (typeof OVERVIEW_RANGES)[number];

export const OVERVIEW_RANGE_MS: Record<OverviewRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '3h': 3 * 3_600_000,
  '6h': 6 * 3_600_000,
};

export const overviewSeriesQuerySchema = z.object({
  range: z.enum(OVERVIEW_RANGES).default('1h'),
});
export type OverviewSeriesQuery = z.infer<typeof overviewSeriesQuerySchema>;
