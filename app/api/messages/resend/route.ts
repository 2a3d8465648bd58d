import { resendInputSchema } from '@/lib/schemas/admin';
import { parseJsonBody, resendMessages } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** POST /api/messages/resend { ids, topic?, group? } → { results: ResendOutcomeDto[] } (one outcome per id) */
export const POST = handle(async (request) => resendMessages(await parseJsonBody(request, resendInputSchema)));
