/**
 * A tail subscription as a `text/event-stream` body. The stream is pulled: the next batch is taken from the
 * watcher only when the consumer (Next.js writing to the socket) asks for more, so a browser that reads slowly
 * leaves entries in the watcher's bounded queue, where the oldest are dropped and counted, instead of in
 * buffers that grow.
 */
import type { LiveTailBatchDto, LiveTailProblemDto, LiveTailReadyDto } from '../../../lib/dto/live-tail';
import type { TailSubscription } from './tail-registry';

export interface TailStreamOptions {
  /** Entries per `messages` event. */
  batchMax: number;
  /** A comment goes out after this much silence, so proxies and the browser see the connection alive. */
  keepAliveMs: number;
}

const encoder = new TextEncoder();

function frame(event: string, data: unknown, id?: string): Uint8Array {
  return encoder.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function tailEventStream(sub: TailSubscription, opts: TailStreamOptions, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const { tailer, watcher } = sub;
  let problem: string | null = null;
  signal?.addEventListener('abort', () => sub.release(), { once: true });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const ready: LiveTailReadyDto = { topic: tailer.topic, queues: tailer.queueCount, startedAt: tailer.startedAt, resumed: sub.resumed };
        // The retry hint makes EventSource clients reconnect after 2 s (its default is 3).
        controller.enqueue(encoder.encode('retry: 2000\n\n'));
        controller.enqueue(frame('ready', ready));
      },
      async pull(controller) {
        if (tailer.lastProblem !== problem) {
          problem = tailer.lastProblem;
          controller.enqueue(frame('problem', { message: problem ?? '' } satisfies LiveTailProblemDto));
          return;
        }
        const batch = await watcher.take(opts.batchMax, opts.keepAliveMs);
        if (watcher.isClosed) {
          controller.close();
          sub.release();
          return;
        }
        if (!batch) {
          controller.enqueue(encoder.encode(': keep-alive\n\n'));
          return;
        }
        const body: LiveTailBatchDto = { messages: batch.entries.map((e) => e.message), matched: batch.matched, dropped: batch.dropped };
        controller.enqueue(frame('messages', body, `${tailer.id}:${batch.entries[batch.entries.length - 1].seq}`));
      },
      cancel() {
        sub.release();
      },
    },
    // One chunk ahead at most: everything else waits in the watcher, where it is bounded.
    { highWaterMark: 1 },
  );
}
