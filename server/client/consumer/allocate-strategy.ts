/**
 * Queue allocation among the consumers of a group (Java's AllocateMessageQueueStrategy implementations).
 * Every consumer runs the same function on the same sorted inputs, so together they cover each queue once.
 */
import crypto from 'node:crypto';
import { messageQueueToString, type MessageQueue } from '../impl/message';

/** Picks this consumer's share of `mqAll` among `cidAll`. Inputs are sorted by the caller. */
export interface AllocateMessageQueueStrategy {
  readonly name: string;
  allocate(consumerGroup: string, currentCID: string, mqAll: MessageQueue[], cidAll: string[]): MessageQueue[];
}

function check(currentCID: string, mqAll: MessageQueue[], cidAll: string[]): boolean {
  return !!currentCID && mqAll.length > 0 && cidAll.includes(currentCID);
}

/** Contiguous blocks of ⌈n/c⌉ or ⌊n/c⌋ queues, the first consumers taking the larger blocks (the default). */
export class AllocateMessageQueueAveragely implements AllocateMessageQueueStrategy {
  readonly name = 'AVG';

  allocate(_group: string, currentCID: string, mqAll: MessageQueue[], cidAll: string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    const index = cidAll.indexOf(currentCID);
    const n = mqAll.length;
    const c = cidAll.length;
    const mod = n % c;
    const averageSize = n <= c ? 1 : mod > 0 && index < mod ? Math.floor(n / c) + 1 : Math.floor(n / c);
    const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
    const range = Math.min(averageSize, n - startIndex);
    const out: MessageQueue[] = [];
    for (let i = 0; i < range; i++) out.push(mqAll[(startIndex + i) % n]);
    return out;
  }
}

/** Queue i goes to consumer i mod c (round robin). */
export class AllocateMessageQueueAveragelyByCircle implements AllocateMessageQueueStrategy {
  readonly name = 'AVG_BY_CIRCLE';

  allocate(_group: string, currentCID: string, mqAll: MessageQueue[], cidAll: string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    const out: MessageQueue[] = [];
    for (let i = cidAll.indexOf(currentCID); i < mqAll.length; i += cidAll.length) out.push(mqAll[i]);
    return out;
  }
}

/** Java's MD5Hash: the first 4 digest bytes as an unsigned 32-bit value. */
function md5Hash(key: string): number {
  return crypto.createHash('md5').update(key, 'utf8').digest().readUInt32BE(0);
}

/**
 * A hash ring with `virtualNodeCnt` virtual nodes per consumer (`<clientId>-<i>`); a queue goes to the first
 * node at or after the hash of its `MessageQueue [...]` string. Few queues move when consumers come and go.
 */
export class AllocateMessageQueueConsistentHash implements AllocateMessageQueueStrategy {
  readonly name = 'CONSISTENT_HASH';

  constructor(private readonly virtualNodeCnt = 10) {
    if (virtualNodeCnt < 0) throw new RangeError('virtualNodeCnt must be >= 0');
  }

  allocate(_group: string, currentCID: string, mqAll: MessageQueue[], cidAll: string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    const ring: [number, string][] = [];
    for (const cid of cidAll) for (let i = 0; i < this.virtualNodeCnt; i++) ring.push([md5Hash(`${cid}-${i}`), cid]);
    ring.sort((a, b) => a[0] - b[0]);
    const out: MessageQueue[] = [];
    for (const mq of mqAll) {
      const h = md5Hash(messageQueueToString(mq));
      let lo = 0;
      let hi = ring.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ring[mid][0] < h) lo = mid + 1;
        else hi = mid;
      }
      const node = ring[lo === ring.length ? 0 : lo];
      if (node && node[1] === currentCID) out.push(mq);
    }
    return out;
  }
}

/** A fixed list of queues, whatever the group looks like. */
export class AllocateMessageQueueByConfig implements AllocateMessageQueueStrategy {
  readonly name = 'CONFIG';

  constructor(private readonly messageQueueList: MessageQueue[]) {}

  allocate(): MessageQueue[] {
    return [...this.messageQueueList];
  }
}
