/** Queue selectors for ordered sends (Java's MessageQueueSelector and its built-ins). */
import { javaStringHashCode } from '../../common/message/tag-hash';
import type { Message, MessageQueue } from '../impl/message';

/** Picks the queue for a message from the topic's write queues; `arg` is what the caller passed to send. */
export type MessageQueueSelector = (mqs: MessageQueue[], msg: Message, arg: unknown) => MessageQueue;

/** Java's hashCode for the values an ordering key usually is (string, integer, bigint, boolean). */
export function javaHashCode(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return javaStringHashCode(v);
    case 'number':
      if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
      if (Number.isInteger(v)) return javaHashCode(BigInt(v));
      return javaStringHashCode(String(v));
    case 'bigint': {
      const x = BigInt.asUintN(64, v);
      return Number(BigInt.asIntN(32, x ^ (x >> 32n)));
    }
    case 'boolean':
      return v ? 1231 : 1237;
    default:
      return javaStringHashCode(JSON.stringify(v) ?? '');
  }
}

/** Java's SelectMessageQueueByHash: `abs(arg.hashCode() % n)`. Same arg → same queue, so per-key order holds. */
export const selectMessageQueueByHash: MessageQueueSelector = (mqs, _msg, arg) => {
  if (mqs.length === 0) throw new RangeError('no message queue to select from');
  return mqs[Math.abs(javaHashCode(arg) % mqs.length)];
};

/** A uniformly random queue. */
export const selectMessageQueueByRandom: MessageQueueSelector = (mqs) => {
  if (mqs.length === 0) throw new RangeError('no message queue to select from');
  return mqs[Math.floor(Math.random() * mqs.length)];
};

/** Hash of the message's first key (or `arg` when given): messages with the same key keep their order. */
export const selectMessageQueueByKeyHash: MessageQueueSelector = (mqs, msg, arg) => {
  const key = arg ?? (Array.isArray(msg.keys) ? msg.keys[0] : msg.keys?.split(' ')[0]);
  if (key === undefined || key === '') throw new RangeError('selectMessageQueueByKeyHash needs message keys or an arg');
  return selectMessageQueueByHash(mqs, msg, key);
};
