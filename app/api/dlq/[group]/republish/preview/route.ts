import { groupNameSchema } from '@/lib/schemas/admin';
import { republishPreviewSchema } from '@/lib/schemas/replay';
import { parseJsonBody, previewRepublish } from '@/server/console';
import { handle } from '../../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/dlq/:group/republish/preview { signature | ids, to } → RepublishPreviewDto (nothing is sent) */
export const POST = handle<RouteContext<'group'>>(async (request, ctx) =>
  previewRepublish(await routeParam(ctx, 'group', groupNameSchema), await parseJsonBody(request, republishPreviewSchema)),
);
