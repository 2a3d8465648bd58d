import { jobIdSchema } from '@/lib/schemas/replay';
import { cancelJob } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/jobs/:id/cancel → JobDto once it stopped (audited as job.cancel) */
export const POST = handle<RouteContext<'id'>>(async (_request, ctx) => cancelJob(await routeParam(ctx, 'id', jobIdSchema)));
