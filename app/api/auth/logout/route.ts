import { CSRF_COOKIE, isHttpsRequest, logout, serializeCookie, SESSION_COOKIE } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** POST /api/auth/logout → ends the session and clears its cookies. */
export const POST = handle(
  async (request, _ctx, principal) => {
    logout(principal?.session?.id);
    const secure = isHttpsRequest(request);
    const response = Response.json({ ok: true });
    response.headers.append('set-cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }));
    response.headers.append('set-cookie', serializeCookie(CSRF_COOKIE, '', { secure, maxAge: 0 }));
    return response;
  },
  { anyRole: true },
);
