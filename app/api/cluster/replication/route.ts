import { getReplicationOverview } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/cluster/replication → ReplicationOverviewDto */
export const GET = handle(() => getReplicationOverview());
