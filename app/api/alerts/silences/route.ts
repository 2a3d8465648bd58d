import { silenceInputSchema } from '@/lib/schemas/alerts';
import { parseJsonBody, silenceAlertRule } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** POST /api/alerts/silences { ruleId, minutes } → { ruleId, until } (minutes 0 lifts the silence) */
export const POST = handle(async (request) => silenceAlertRule(await parseJsonBody(request, silenceInputSchema)));
