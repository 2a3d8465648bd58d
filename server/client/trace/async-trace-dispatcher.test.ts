import { describe, expect, it } from 'vitest';
import type { Message } from '../impl/message';
import { AsyncTraceDispatcher, type TraceSender } from './async-trace-dispatcher';
import { decodeTraceData, emptyBean, type TraceContext } from './trace-codec';

function fakeSender(fail = false): TraceSender & { sent: Message[] } {
  const sent: Message[] = [];
  return {
    sent,
    start: async () => {},
    shutdown: async () => {},
    sendAsync: async (m) => {
      if (fail) throw new Error('broker down');
      sent.push(m);
    },
  };
}

const sub = (msgId: string, keys = ''): TraceContext => ({
  traceType: 'SubBefore',
  timeStamp: 1,
  regionId: 'R',
  groupName: 'g',
  costTime: 0,
  success: true,
  requestId: 'q',
  contextCode: 0,
  beans: [emptyBean({ msgId, keys })],
});

describe('AsyncTraceDispatcher', () => {
  it('joins queued contexts into one trace message keyed by every msgId and key', async () => {
    const sender = fakeSender();
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender });
    d.append(sub('A', 'k1 k2'));
    d.append(sub('B'));
    await d.flush();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].topic).toBe('TT');
    expect(new Set(sender.sent[0].keys as string[])).toEqual(new Set(['A', 'k1', 'k2', 'B']));
    expect(decodeTraceData((sender.sent[0].body as Buffer).toString()).map((c) => c.beans[0].msgId)).toEqual(['A', 'B']);
    expect(d.stats()).toEqual({ appended: 2, dropped: 0, sentMessages: 1, sendFailed: 0 });
  });

  it("keys a Pub's trace message by its offset msgId too", async () => {
    const sender = fakeSender();
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender });
    d.append({ ...sub('A'), traceType: 'Pub', beans: [emptyBean({ msgId: 'A', offsetMsgId: 'OFF' })] });
    await d.flush();
    expect(new Set(sender.sent[0].keys as string[])).toEqual(new Set(['A', 'OFF']));
  });

  it('drops and counts contexts beyond the bounded queue instead of waiting', () => {
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender: fakeSender(), queueSize: 2 });
    expect([d.append(sub('A')), d.append(sub('B')), d.append(sub('C'))]).toEqual([true, true, false]);
    expect(d.stats().dropped).toBe(1);
  });

  it('sends a batch as soon as it nears the size limit', async () => {
    const sender = fakeSender();
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender, maxMsgSize: 10_000 + 60 });
    d.append(sub('A'.repeat(40)));
    d.append(sub('B'.repeat(40)));
    await d.flush();
    expect(sender.sent).toHaveLength(2);
  });

  it('starts a new trace message before its keys would pass what a broker takes as properties', async () => {
    const sender = fakeSender();
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender });
    for (let i = 0; i < 1000; i++) d.append(sub(`MSG${String(i).padStart(29, '0')}`));
    await d.flush();
    expect(sender.sent.length).toBeGreaterThan(1);
    for (const m of sender.sent) expect((m.keys as string[]).join(' ').length).toBeLessThanOrEqual(16_000);
    expect(sender.sent.flatMap((m) => decodeTraceData((m.body as Buffer).toString()))).toHaveLength(1000);
  });

  it('counts a failed trace send and never throws to the caller', async () => {
    const d = new AsyncTraceDispatcher({ traceTopic: 'TT', sender: fakeSender(true) });
    d.append(sub('A'));
    await expect(d.flush()).resolves.toBeUndefined();
    expect(d.stats()).toMatchObject({ sentMessages: 0, sendFailed: 1 });
  });
});
