/**
 * The live tail as the route handler sees it: one registry per console process (on globalThis, since Next.js
 * may load this module once per route bundle) reading through the admin client of the name servers in force.
 */
import type { LiveTailFilterDto } from '../../../lib/dto/live-tail';
import { currentNamesrvAddr } from '../console-settings';
import { getAdminClient } from '../admin-client-cache';
import { TailRegistry } from './tail-registry';
import { tailEventStream, type TailStreamOptions } from './tail-sse';

const REGISTRY_KEY = Symbol.for('orbit.console.liveTail');
type Holder = { [REGISTRY_KEY]?: TailRegistry };
const holder = globalThis as typeof globalThis & Holder;

const STREAM: TailStreamOptions = { batchMax: 500, keepAliveMs: 5_000 };

export function liveTailRegistry(): TailRegistry {
  return (holder[REGISTRY_KEY] ??= new TailRegistry((namesrvAddr) => getAdminClient(namesrvAddr)));
}

/** Opens a tail of `topic` for one browser; the answer streams until the browser goes (or the console stops). */
export async function openLiveTail(topic: string, filter: LiveTailFilterDto, lastEventId: string | null, signal?: AbortSignal): Promise<Response> {
  const sub = await liveTailRegistry().watch(currentNamesrvAddr(), topic, filter, lastEventId);
  if (signal?.aborted) {
    sub.release();
    return new Response(null, { status: 204 });
  }
  return new Response(tailEventStream(sub, STREAM, signal), {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // Proxies such as nginx would otherwise hold the stream back in their buffers.
      'x-accel-buffering': 'no',
    },
  });
}

/** Stops every tailer (console shutdown). */
export function stopLiveTails(): Promise<void> {
  return liveTailRegistry().close();
}
