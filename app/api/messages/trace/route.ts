import { messageTraceQuerySchema } from '@/lib/schemas/trace';
import { getMessageTrace, parseSearchParams } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/messages/trace?id=[&topic=][&traceTopic=] → MessageTraceDto (trace records merged, plus what the broker knows) */
export const GET = handle((request) => getMessageTrace(parseSearchParams(request.url, messageTraceQuerySchema)));
