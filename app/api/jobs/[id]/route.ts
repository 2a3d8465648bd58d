import { jobIdSchema } from '@/lib/schemas/replay';
import { getJob } from '@/server/console';
import { handle } from '../../_lib/handle';
import { routeParam, type RouteContext } from '../../_lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/jobs/:id → JobDto (404 when unknown) */
export const GET = handle<RouteContext<'id'>>(async (_request, ctx) => getJob(await routeParam(ctx, 'id', jobIdSchema)));
