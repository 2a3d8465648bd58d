import { messageByIdQuerySchema } from '@/lib/schemas/admin';
import { getMessageById, parseSearchParams } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/messages/by-id?id=[&topic=] → MessageDetailDto (404 when not found) */
export const GET = handle((request) => getMessageById(parseSearchParams(request.url, messageByIdQuerySchema)));
