import { topicNameSchema } from '@/lib/schemas/admin';
import { liveTailQuerySchema } from '@/lib/schemas/live-tail';
import { openLiveTail, parseSearchParams } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/**
 * GET /api/topics/:topic/tail?tag=&key=&body= → text/event-stream of new messages (events `ready`, `messages`,
 * `problem`). A reconnect sends `Last-Event-ID` (or `lastEventId=`) to get what it missed, when still held.
 */
export const GET = handle<RouteContext<'topic'>>(async (request, ctx) => {
  const topic = await routeParam(ctx, 'topic', topicNameSchema);
  const { lastEventId, ...filter } = parseSearchParams(request.url, liveTailQuerySchema);
  return openLiveTail(topic, filter, request.headers.get('last-event-id') ?? lastEventId ?? null, request.signal);
});
