import { z } from 'zod';
import { replayModeSchema, replayStartSchema } from '@/lib/schemas/replay';
import { parseJsonBody, startReplay } from '@/server/console';
import { handle } from '../../_lib/handle';
import { routeParam, type RouteContext } from '../../_lib/params';

export const dynamic = 'force-dynamic';

/**
 * POST /api/replay/group|exact|copy { topic, from, to, group | target, ratePerSec?, confirm? } → ReplayStartDto
 * (audited as replay.group / replay.exact / replay.copy; the path names the mode).
 */
export const POST = handle<RouteContext<'mode'>>(async (request, ctx, principal) => {
  const mode = await routeParam(ctx, 'mode', replayModeSchema);
  const body = await parseJsonBody(request, z.record(z.string(), z.unknown()));
  return startReplay(replayStartSchema.parse({ ...body, mode }), principal?.user ?? 'anonymous');
});
