import { describe, expect, it } from 'vitest';
import type { LiveTailMessageDto } from '../dto/live-tail';
import { addBatch, emptyTailBuffer, newConnection, totalServerDropped } from './tail-buffer';
import { parseSseFrames } from './sse-parser';

const msg = (n: number) => ({ msgId: `m${n}`, offsetMsgId: `o${n}` }) as LiveTailMessageDto;
const batch = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));

describe('tail buffer', () => {
  it('keeps the newest messages first and counts what it pushed out', () => {
    let s = addBatch(emptyTailBuffer(), batch(1, 3), 0, 4);
    expect(s.messages.map((m) => m.msgId)).toEqual(['m3', 'm2', 'm1']);
    s = addBatch(s, batch(4, 6), 0, 4);
    expect(s.messages.map((m) => m.msgId)).toEqual(['m6', 'm5', 'm4', 'm3']);
    expect([s.received, s.dropped]).toEqual([6, 2]);
    s = addBatch(s, batch(7, 16), 5, 4);
    expect(s.messages.map((m) => m.msgId)).toEqual(['m16', 'm15', 'm14', 'm13']);
    expect([s.received, s.messages.length, s.dropped]).toEqual([16, 4, 12]);
  });

  it('adds the server drops of each connection', () => {
    let s = addBatch(emptyTailBuffer(), batch(1, 1), 3);
    s = addBatch(newConnection(s), batch(2, 2), 2);
    expect(totalServerDropped(s)).toBe(5);
  });
});

describe('parseSseFrames', () => {
  it('parses complete frames, joins data lines, skips comments and keeps the unfinished rest', () => {
    const { frames, rest } = parseSseFrames('retry: 2000\n\n: ping\n\nid: a:1\nevent: messages\ndata: {"a":\ndata: 1}\n\nevent: rea');
    expect(frames).toEqual([{ data: '', retry: 2000 }, { id: 'a:1', event: 'messages', data: '{"a":\n1}' }]);
    expect(rest).toBe('event: rea');
  });
});
