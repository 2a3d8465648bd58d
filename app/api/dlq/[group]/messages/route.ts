import { z } from 'zod';
import { groupNameSchema } from '@/lib/schemas/admin';
import { browseGroupQueue, parseSearchParams } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ which: z.enum(['dlq', 'retry']).default('dlq'), limit: z.coerce.number().int().min(1).max(2000).default(200) });

/** GET /api/dlq/:group/messages?which=dlq|retry&limit= → MessageListDto (oldest first) */
export const GET = handle<RouteContext<'group'>>(async (request, ctx) => {
  const q = parseSearchParams(request.url, querySchema);
  return browseGroupQueue(await routeParam(ctx, 'group', groupNameSchema), q.which, q.limit);
});
