import { groupListQuerySchema } from '@/lib/schemas/admin';
import { listDlq, parseSearchParams } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/dlq?q=&system=&page=&pageSize= → Page<DlqRowDto> */
export const GET = handle((request) => listDlq(parseSearchParams(request.url, groupListQuerySchema)));
