import { groupNameSchema, resetPreviewQuerySchema } from '@/lib/schemas/admin';
import { parseSearchParams, previewResetOffset } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/groups/:group/reset-preview?topic=&timestamp= (ms, −1 = skip backlog) → ResetPreviewDto; viewers may read it */
export const GET = handle<RouteContext<'group'>>(async (request, ctx) =>
  previewResetOffset(await routeParam(ctx, 'group', groupNameSchema), parseSearchParams(request.url, resetPreviewQuerySchema)),
);
