import { getClusterOverview } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/cluster → ClusterOverviewDto */
export const GET = handle(() => getClusterOverview());
