import { groupNameSchema, resetOffsetInputSchema } from '@/lib/schemas/admin';
import { parseJsonBody, resetGroupOffset } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/groups/:group/reset-offset { topic?, timestamp (ms, −1 = skip backlog) } → ResetOffsetResultDto */
export const POST = handle<RouteContext<'group'>>(async (request, ctx) =>
  resetGroupOffset(await routeParam(ctx, 'group', groupNameSchema), await parseJsonBody(request, resetOffsetInputSchema)),
);
