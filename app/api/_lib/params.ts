/** Path parameters of dynamic API routes, validated like any other input. */
import type { z } from 'zod';

export type RouteContext<K extends string> = { params: Promise<Record<K, string>> };

export async function routeParam<K extends string, S extends z.ZodType>(ctx: RouteContext<K>, key: K, schema: S): Promise<z.output<S>> {
  const params = await ctx.params;
  return schema.parse(params[key]);
}
