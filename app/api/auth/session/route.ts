import type { SessionDto } from '@/lib/dto/auth';
import { consoleAuth } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/auth/session → SessionDto (answers without a session too). */
export const GET = handle(
  async (_request, _ctx, principal): Promise<SessionDto> => ({
    mode: consoleAuth().mode,
    authenticated: principal !== undefined,
    user: principal?.user,
    role: principal?.role,
  }),
  { public: true },
);
