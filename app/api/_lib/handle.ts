/** The one wrapper every API route goes through: same-origin check for changes, JSON answers, errors mapped by `toApiError`. */
import { assertSameOrigin, toApiError } from '@/server/console';

type Handler<Ctx> = (request: Request, context: Ctx) => Promise<unknown>;

export function handle<Ctx = unknown>(fn: Handler<Ctx>): (request: Request, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    try {
      assertSameOrigin(request);
      const result = await fn(request, context);
      return Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      const { status, body } = toApiError(err);
      return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
    }
  };
}
