import { groupListQuerySchema, subscriptionGroupInputSchema } from '@/lib/schemas/admin';
import { listGroups, parseJsonBody, parseSearchParams, saveSubscriptionGroup } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/groups?q=&system=0|1&page=&pageSize= → Page<GroupRowDto> */
export const GET = handle((request) => listGroups(parseSearchParams(request.url, groupListQuerySchema)));

/** POST /api/groups SubscriptionGroupInput → create or update the subscription group on every master */
export const POST = handle(async (request) => saveSubscriptionGroup(await parseJsonBody(request, subscriptionGroupInputSchema)));
