import { groupNameSchema } from '@/lib/schemas/admin';
import { deleteGroup, getGroupDetail } from '@/server/console';
import { handle } from '../../_lib/handle';
import { routeParam, type RouteContext } from '../../_lib/params';

export const dynamic = 'force-dynamic';

type Ctx = RouteContext<'group'>;

/** GET /api/groups/:group → GroupDetailDto */
export const GET = handle<Ctx>(async (_req, ctx) => getGroupDetail(await routeParam(ctx, 'group', groupNameSchema)));

/** DELETE /api/groups/:group → the subscription group (and its offsets) on every master */
export const DELETE = handle<Ctx>(async (_req, ctx) => deleteGroup(await routeParam(ctx, 'group', groupNameSchema)));
