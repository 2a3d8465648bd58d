import { auditQuerySchema } from '@/lib/schemas/audit';
import { parseSearchParams, queryAudit } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/audit?user=&action=&outcome=&from=&to=&limit= → AuditPageDto, newest first. */
export const GET = handle((request) => queryAudit(parseSearchParams(request.url, auditQuerySchema)));
