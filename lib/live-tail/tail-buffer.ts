/**
 * The browser's bounded view of a tail: the newest `capacity` messages, newest first, and the counters the
 * page shows. Pure, so the page's state updates are plain reducers and tests need no DOM.
 */
import type { LiveTailMessageDto } from '../dto/live-tail';

export const LIVE_TAIL_SHOWN = 500;

export interface TailBufferState {
  /** Newest first, at most `capacity`. */
  messages: LiveTailMessageDto[];
  /** Messages that reached this page. */
  received: number;
  /** Received but pushed out of the buffer by newer ones. */
  dropped: number;
  /** Dropped on the server because this connection fell behind (its latest count, per stream). */
  serverDropped: number;
  /** Server drops of earlier connections of this tail (each connection counts from 0). */
  serverDroppedBefore: number;
}

export function emptyTailBuffer(): TailBufferState {
  return { messages: [], received: 0, dropped: 0, serverDropped: 0, serverDroppedBefore: 0 };
}

/** Adds a batch (oldest first, as the stream sends it). */
export function addBatch(s: TailBufferState, batch: LiveTailMessageDto[], serverDropped: number, capacity = LIVE_TAIL_SHOWN): TailBufferState {
  const incoming = batch.length > capacity ? batch.slice(batch.length - capacity) : batch;
  const merged = [...incoming].reverse().concat(s.messages);
  const kept = merged.length > capacity ? merged.slice(0, capacity) : merged;
  return {
    ...s,
    messages: kept,
    received: s.received + batch.length,
    dropped: s.dropped + batch.length - (kept.length - s.messages.length),
    serverDropped,
  };
}

/** A new connection starts its server count at 0; what the old one dropped is kept. */
export function newConnection(s: TailBufferState): TailBufferState {
  return { ...s, serverDroppedBefore: s.serverDroppedBefore + s.serverDropped, serverDropped: 0 };
}

export const totalServerDropped = (s: TailBufferState) => s.serverDroppedBefore + s.serverDropped;
