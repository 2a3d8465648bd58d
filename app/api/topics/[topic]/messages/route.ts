import { sendMessageInputSchema, topicNameSchema } from '@/lib/schemas/admin';
import { parseJsonBody, sendTestMessage } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** POST /api/topics/:topic/messages { body, tags?, keys? } → SendResultDto */
export const POST = handle<RouteContext<'topic'>>(async (request, ctx) =>
  sendTestMessage(await routeParam(ctx, 'topic', topicNameSchema), await parseJsonBody(request, sendMessageInputSchema)),
);
