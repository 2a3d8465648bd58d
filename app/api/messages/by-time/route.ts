import { messageByTimeQuerySchema } from '@/lib/schemas/admin';
import { parseSearchParams, searchMessagesByTime } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/messages/by-time?topic=&begin=&end=&limit= → MessageListDto (newest first) */
export const GET = handle((request) => searchMessagesByTime(parseSearchParams(request.url, messageByTimeQuerySchema)));
