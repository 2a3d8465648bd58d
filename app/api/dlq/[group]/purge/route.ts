import { groupNameSchema } from '@/lib/schemas/admin';
import { purgeInputSchema } from '@/lib/schemas/replay';
import { parseJsonBody, purgeDlq } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/dlq/:group/purge { confirm: <live count> } → PurgeResultDto (audited as dlq.purge) */
export const POST = handle<RouteContext<'group'>>(async (request, ctx) => {
  const group = await routeParam(ctx, 'group', groupNameSchema);
  return purgeDlq(group, (await parseJsonBody(request, purgeInputSchema)).confirm);
});
