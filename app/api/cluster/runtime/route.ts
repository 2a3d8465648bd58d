import { getBrokerRuntime } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/cluster/runtime → BrokerRuntimeListDto */
export const GET = handle(() => getBrokerRuntime());
