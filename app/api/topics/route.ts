import { topicInputSchema, topicListQuerySchema } from '@/lib/schemas/admin';
import { listTopics, parseJsonBody, parseSearchParams, saveTopic } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/topics?q=&system=0|1&page=&pageSize= → Page<TopicRowDto> */
export const GET = handle((request) => listTopics(parseSearchParams(request.url, topicListQuerySchema)));

/** POST /api/topics TopicInput → create or update on every master of the cluster */
export const POST = handle(async (request) => saveTopic(await parseJsonBody(request, topicInputSchema)));
