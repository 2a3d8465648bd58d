import { groupNameSchema } from '@/lib/schemas/admin';
import { getGroupLagTrend } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/alerts/lag/:group → LagTrendDto (asking keeps the group sampled for a few minutes) */
export const GET = handle<RouteContext<'group'>>(async (_req, ctx) => getGroupLagTrend(await routeParam(ctx, 'group', groupNameSchema)));
