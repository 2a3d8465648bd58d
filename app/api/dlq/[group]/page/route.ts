import { groupNameSchema } from '@/lib/schemas/admin';
import { dlqPageQuerySchema } from '@/lib/schemas/replay';
import { getDlqPage, parseSearchParams } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/dlq/:group/page?page=&pageSize= → DlqPageDto (live dead letters, newest first) */
export const GET = handle<RouteContext<'group'>>(async (request, ctx) => {
  const q = parseSearchParams(request.url, dlqPageQuerySchema);
  return getDlqPage(await routeParam(ctx, 'group', groupNameSchema), q.page, q.pageSize);
});
