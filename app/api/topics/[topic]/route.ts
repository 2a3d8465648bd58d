import { topicNameSchema } from '@/lib/schemas/admin';
import { deleteTopic, getTopicDetail } from '@/server/console';
import { handle } from '../../_lib/handle';
import { routeParam, type RouteContext } from '../../_lib/params';

export const dynamic = 'force-dynamic';

type Ctx = RouteContext<'topic'>;

/** GET /api/topics/:topic → TopicDetailDto (404 when the name server has no route) */
export const GET = handle<Ctx>(async (_req, ctx) => getTopicDetail(await routeParam(ctx, 'topic', topicNameSchema)));

/** DELETE /api/topics/:topic → on its brokers and every name server */
export const DELETE = handle<Ctx>(async (_req, ctx) => deleteTopic(await routeParam(ctx, 'topic', topicNameSchema)));
