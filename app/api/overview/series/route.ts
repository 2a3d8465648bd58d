import { overviewSeriesQuerySchema } from '@/lib/schemas/overview';
import { getOverviewSeries, parseSearchParams } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/overview/series?range=15m|1h|3h|6h → OverviewSeriesDto */
export const GET = handle((request) => getOverviewSeries(parseSearchParams(request.url, overviewSeriesQuerySchema)));
