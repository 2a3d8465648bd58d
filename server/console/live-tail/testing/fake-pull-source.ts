/** An in-memory `TailPullSource` for the live-tail tests: queues of messages, appended with a store time. */
import type { MessageView, PullResultView, ReadableQueue } from '../../../client/admin/types';
import type { TailPullSource } from '../tailer';
import type { TailWatcher } from '../tail-watcher';

export class FakePullSource implements TailPullSource {
  readonly queues = new Map<string, { q: ReadableQueue; messages: MessageView[] }>();
  pulls = 0;
  failPulls = false;
  private appended = 0;

  constructor(
    readonly topic: string,
    queueCount: number,
  ) {
    for (let i = 0; i < queueCount; i++) this.addQueue('broker-a', i);
  }

  addQueue(brokerName: string, queueId: number): void {
    this.queues.set(`${brokerName}/${queueId}`, { q: { brokerName, addr: `${brokerName}:10911`, queueId }, messages: [] });
  }

  /** Appends a message to a queue (round-robin by default) and returns it. */
  append(m: { body?: string | Buffer; tags?: string; keys?: string; queue?: string; storeTimestamp?: number }): MessageView {
    const keys = [...this.queues.keys()];
    const key = m.queue ?? keys[this.appended++ % keys.length];
    const slot = this.queues.get(key)!;
    const offset = slot.messages.length;
    const view: MessageView = {
      topic: this.topic,
      brokerName: slot.q.brokerName,
      queueId: slot.q.queueId,
      queueOffset: offset,
      commitLogOffset: 0,
      msgId: `ID-${key}-${offset}`,
      offsetMsgId: `OFF-${key}-${offset}`,
      bornTimestamp: Date.now(),
      bornHost: '127.0.0.1:1',
      storeTimestamp: m.storeTimestamp ?? Date.now(),
      storeHost: slot.q.addr,
      reconsumeTimes: 0,
      sysFlag: 0,
      flag: 0,
      properties: {},
      tags: m.tags,
      keys: m.keys,
      body: typeof m.body === 'string' || m.body === undefined ? Buffer.from(m.body ?? `m${offset}`) : m.body,
    };
    slot.messages.push(view);
    return view;
  }

  async readableQueues(): Promise<ReadableQueue[]> {
    return [...this.queues.values()].map((s) => s.q);
  }

  async queueMaxOffset(_addr: string, _topic: string, queueId: number): Promise<number> {
    const slot = [...this.queues.values()].find((s) => s.q.queueId === queueId && s.q.addr === _addr)!;
    return slot.messages.length;
  }

  async pullQueue(q: { brokerName: string; queueId: number }, offset: number, maxNums: number): Promise<PullResultView> {
    this.pulls++;
    if (this.failPulls) throw new Error('broker unreachable');
    const slot = this.queues.get(`${q.brokerName}/${q.queueId}`)!;
    const messages = slot.messages.slice(offset, offset + maxNums);
    const status = messages.length > 0 ? 'FOUND' : 'NO_NEW_MSG';
    return { status, nextBeginOffset: offset + messages.length, minOffset: 0, maxOffset: slot.messages.length, messages };
  }
}

/** Polls `cond` until it holds (the loops under test run on timers). */
export async function until(cond: () => boolean, what = 'condition', limitMs = 5_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Reads `w` until `count` messages came (their msgIds, in order); throws when a batch does not come within 2 s. */
export async function drain(w: TailWatcher, count: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const b = await w.take(100, 2_000);
    if (!b) throw new Error(`got ${out.length} of ${count}`);
    out.push(...b.entries.map((e) => e.message.msgId));
  }
  return out;
}
