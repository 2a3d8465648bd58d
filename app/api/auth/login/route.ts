import { loginInputSchema } from '@/lib/schemas/auth';
import { clientIpOf, CSRF_COOKIE, isHttpsRequest, login, logout, parseCookies, parseJsonBody, serializeCookie, SESSION_COOKIE } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** POST /api/auth/login {name, password} → {user, role}; sets the HttpOnly session cookie and the CSRF cookie. 401 wrong, 429 throttled. */
export const POST = handle(
  async (request) => {
    const input = await parseJsonBody(request, loginInputSchema);
    const session = await login(input.name, input.password, clientIpOf(request.headers));
    // A fresh id on every login: an old (possibly planted) session cookie is dropped.
    logout(parseCookies(request.headers.get('cookie')).get(SESSION_COOKIE));
    const secure = isHttpsRequest(request);
    const response = Response.json({ user: session.user, role: session.role });
    response.headers.append('set-cookie', serializeCookie(SESSION_COOKIE, session.id, { httpOnly: true, secure }));
    response.headers.append('set-cookie', serializeCookie(CSRF_COOKIE, session.csrfToken, { secure }));
    return response;
  },
  { public: true },
);
