'use client';

/**
 * The live tail of a topic in the browser: a fetch stream of server-sent events, read into the bounded buffer
 * of `tail-buffer.ts`. Reconnects after a dropped stream or a server error with Last-Event-ID, so the server
 * replays what it still holds; an answer such as 429 (too many tails) or 404 is shown and not retried. The
 * page re-renders at most every `RENDER_MS`, not per event: at thousands of messages a second the table
 * would otherwise re-render faster than it can paint.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiRequestError } from '../api/fetch-json';
import type { LiveTailBatchDto, LiveTailFilterDto, LiveTailProblemDto, LiveTailReadyDto } from '../dto/live-tail';
import { parseSseFrames } from '../live-tail/sse-parser';
import { addBatch, emptyTailBuffer, newConnection, type TailBufferState } from '../live-tail/tail-buffer';

const RENDER_MS = 300;
const RETRY_MS = 2_000;

export type LiveTailStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

export interface LiveTailState {
  status: LiveTailStatus;
  buffer: TailBufferState;
  /** Why the stream failed for good (status `failed`), or the last reconnect reason. */
  error: string | null;
  /** A read problem the server reports while the stream stays open. */
  problem: string | null;
  /** A reconnect that could not get every missed message (the server no longer held them). */
  gap: boolean;
}

export function tailUrl(topic: string, f: LiveTailFilterDto): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return `/api/topics/${encodeURIComponent(topic)}/tail${s ? `?${s}` : ''}`;
}

const initial = (): LiveTailState => ({ status: 'connecting', buffer: emptyTailBuffer(), error: null, problem: null, gap: false });

/** Streams the tail while mounted; a change of topic or filter starts a fresh tail. `retry` reconnects after a failure. */
export function useLiveTail(topic: string, filter: LiveTailFilterDto): LiveTailState & { retry: () => void } {
  const [state, setState] = useState<LiveTailState>(initial);
  const [attempt, setAttempt] = useState(0);
  const live = useRef<LiveTailState>(initial());
  const dirty = useRef(false);
  const key = tailUrl(topic, filter);

  useEffect(() => {
    const abort = new AbortController();
    live.current = initial();
    setState(live.current);
    const update = (patch: Partial<LiveTailState>) => {
      live.current = { ...live.current, ...patch };
      dirty.current = true;
    };
    const timer = setInterval(() => {
      if (!dirty.current) return;
      dirty.current = false;
      setState(live.current);
    }, RENDER_MS);

    let lastEventId: string | null = null;
    let retryMs = RETRY_MS;
    const onFrame = (event: string | undefined, data: string, id: string | undefined) => {
      if (id) lastEventId = id;
      if (event === 'ready') {
        const ready = JSON.parse(data) as LiveTailReadyDto;
        update({ status: 'live', error: null, gap: live.current.gap || (lastEventId !== null && !ready.resumed) });
      } else if (event === 'messages') {
        const batch = JSON.parse(data) as LiveTailBatchDto;
        update({ buffer: addBatch(live.current.buffer, batch.messages, batch.dropped) });
      } else if (event === 'problem') {
        update({ problem: (JSON.parse(data) as LiveTailProblemDto).message || null });
      }
    };

    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch(key, {
            headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
            signal: abort.signal,
            cache: 'no-store',
          });
          if (!res.ok || !res.body) {
            const err = await toApiRequestError(res);
            // Input, not-found and the watcher cap are not cured by retrying on our own.
            if (res.status < 500) {
              update({ status: 'failed', error: err.message });
              return;
            }
            throw err;
          }
          update({ buffer: newConnection(live.current.buffer) });
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let rest = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseSseFrames(rest + value);
            rest = parsed.rest;
            for (const f of parsed.frames) {
              if (f.retry !== undefined) retryMs = f.retry;
              onFrame(f.event, f.data, f.id);
            }
          }
          update({ status: 'reconnecting', error: 'the stream ended' });
        } catch (err) {
          if (abort.signal.aborted) return;
          update({ status: 'reconnecting', error: err instanceof Error ? err.message : String(err) });
        }
        await new Promise((r) => setTimeout(r, retryMs));
      }
    };
    void run();
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
