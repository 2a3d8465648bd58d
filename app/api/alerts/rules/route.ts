import { alertRuleInputSchema } from '@/lib/schemas/alerts';
import { createAlertRule, listAlertRules, parseJsonBody } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/alerts/rules → AlertRuleDto[] */
export const GET = handle(() => listAlertRules());

/** POST /api/alerts/rules AlertRuleInput → the new AlertRuleDto */
export const POST = handle(async (request) => createAlertRule(await parseJsonBody(request, alertRuleInputSchema)));
