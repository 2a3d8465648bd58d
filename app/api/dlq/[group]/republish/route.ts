import { groupNameSchema } from '@/lib/schemas/admin';
import { republishStartSchema } from '@/lib/schemas/replay';
import { parseJsonBody, startRepublish } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/dlq/:group/republish { signature | ids, to, ratePerSec, confirm? } → { job } (audited as dlq.republish) */
export const POST = handle<RouteContext<'group'>>(async (request, ctx, principal) =>
  startRepublish(await routeParam(ctx, 'group', groupNameSchema), await parseJsonBody(request, republishStartSchema), principal?.user ?? 'anonymous'),
);
