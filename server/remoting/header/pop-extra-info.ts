/**
 * The receipt of a popped message ("extraInfo", Apache's ExtraInfoUtil layout) and the per-queue offset lists of
 * a POP response. Fields are space-separated:
 *
 *   ckQueueOffset popTime invisibleTime reviveQid retryFlag brokerName queueId [queueOffset]
 *
 * retryFlag is 0 for the topic itself, 1 for its pop retry topic `%RETRY%<group>_<topic>`, 2 for the v2 name
 * `%RETRY%<group>+<topic>`. Response offset lists are `;`-joined `retryFlag queueId value` entries.
 */
import { MqError } from '../../common/errors';

const RETRY_PREFIX = '%RETRY%';
/** Revive queue id of orderly (FIFO) pops: no checkpoint, the broker's order info tracks them. */
export const POP_ORDER_REVIVE_QUEUE = 999;

export class ExtraInfoError extends MqError {
  constructor(message: string) {
    super('BAD_RECEIPT', message);
  }
}

export type RetryFlag = '0' | '1' | '2';

export interface ExtraInfo {
  ckQueueOffset: number;
  popTime: number;
  invisibleTime: number;
  reviveQid: number;
  retryFlag: RetryFlag;
  brokerName: string;
  queueId: number;
  /** The message's own queue offset (8th field; absent in receipts built by old brokers). */
  queueOffset?: number;
}

export function popRetryTopic(topic: string, group: string): string {
  return `${RETRY_PREFIX}${group}_${topic}`;
}

export function popRetryTopicV2(topic: string, group: string): string {
  return `${RETRY_PREFIX}${group}+${topic}`;
}

export function retryFlagOf(topic: string): RetryFlag {
  if (!topic.startsWith(RETRY_PREFIX)) return '0';
  return topic.includes('+') ? '2' : '1';
}

/** The topic a receipt's message is stored in, from the topic the consumer knows. */
export function realTopicOf(topic: string, group: string, flag: RetryFlag): string {
  if (flag === '1') return popRetryTopic(topic, group);
  if (flag === '2') return popRetryTopicV2(topic, group);
  return topic;
}

/** The consumer-facing topic of a pop retry topic (`%RETRY%g_t` → t), or undefined for any other topic. */
export function topicOfPopRetry(retryTopic: string, group: string): string | undefined {
  for (const sep of ['_', '+']) {
    const prefix = `${RETRY_PREFIX}${group}${sep}`;
    if (retryTopic.startsWith(prefix) && retryTopic.length > prefix.length) return retryTopic.slice(prefix.length);
  }
  return undefined;
}

export function buildExtraInfo(e: ExtraInfo): string {
  const head = `${e.ckQueueOffset} ${e.popTime} ${e.invisibleTime} ${e.reviveQid} ${e.retryFlag} ${e.brokerName} ${e.queueId}`;
  return e.queueOffset === undefined ? head : `${head} ${e.queueOffset}`;
}

function int(field: string, raw: string | undefined): number {
  if (raw === undefined || !/^-?\d{1,19}$/.test(raw)) throw new ExtraInfoError(`receipt field ${field} is not a number: ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new ExtraInfoError(`receipt field ${field} is out of range: ${raw}`);
  return n;
}

export function parseExtraInfo(s: string): ExtraInfo {
  const f = s.split(' ');
  if (f.length < 7) throw new ExtraInfoError(`receipt has ${f.length} fields, at least 7 expected`);
  const flag = f[4];
  if (flag !== '0' && flag !== '1' && flag !== '2') throw new ExtraInfoError(`receipt retry flag ${JSON.stringify(flag)} is not 0, 1 or 2`);
  if (!f[5]) throw new ExtraInfoError('receipt has no broker name');
  return {
    ckQueueOffset: int('ckQueueOffset', f[0]),
    popTime: int('popTime', f[1]),
    invisibleTime: int('invisibleTime', f[2]),
    reviveQid: int('reviveQid', f[3]),
    retryFlag: flag,
    brokerName: f[5],
    queueId: int('queueId', f[6]),
    queueOffset: f.length > 7 ? int('queueOffset', f[7]) : undefined,
  };
}

export interface OffsetInfoEntry<V> {
  retryFlag: RetryFlag;
  /** A queue id, or for per-offset order counts Apache's `qo<queueId>%<offset>` key. */
  queueId: number | string;
  value: V;
}

export function joinOffsetInfo(entries: OffsetInfoEntry<number | number[]>[]): string {
  return entries.map((e) => `${e.retryFlag} ${e.queueId} ${Array.isArray(e.value) ? e.value.join(',') : e.value}`).join(';');
}

/** `retryFlag@queueId` → the entry's numbers (one for start offsets and order counts, a list for message offsets). */
export function parseOffsetInfo(s: string | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!s) return out;
  for (const one of s.split(';')) {
    const f = one.split(' ');
    if (f.length !== 3) throw new ExtraInfoError(`offset info entry ${JSON.stringify(one)} has ${f.length} fields, 3 expected`);
    out.set(`${f[0]}@${f[1]}`, f[2].split(',').map((v) => int('offset', v)));
  }
  return out;
}
