import { groupNameSchema } from '@/lib/schemas/admin';
import { getDlqSummary } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/dlq/:group/summary → DlqSummaryDto (failure signatures and trend; `complete: false` while the scan runs) */
export const GET = handle<RouteContext<'group'>>(async (_request, ctx) => getDlqSummary(await routeParam(ctx, 'group', groupNameSchema)));
