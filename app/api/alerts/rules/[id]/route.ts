import { alertRuleIdSchema } from '@/lib/schemas/alerts';
import { deleteAlertRule } from '@/server/console';
import { handle } from '../../../_lib/handle';
import { routeParam, type RouteContext } from '../../../_lib/params';

export const dynamic = 'force-dynamic';

/** DELETE /api/alerts/rules/:id → { deleted } (its alerts end without a notification) */
export const DELETE = handle<RouteContext<'id'>>(async (_req, ctx) => deleteAlertRule(await routeParam(ctx, 'id', alertRuleIdSchema)));
