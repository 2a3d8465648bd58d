import { messageByKeyQuerySchema } from '@/lib/schemas/admin';
import { parseSearchParams, searchMessagesByKey } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/messages/by-key?topic=&key=[&begin=&end=] → MessageListDto */
export const GET = handle((request) => searchMessagesByKey(parseSearchParams(request.url, messageByKeyQuerySchema)));
