/**
 * RocketMQ 5.x POP consumption headers: POP_MESSAGE (200050), ACK_MESSAGE (200051) and
 * CHANGE_MESSAGE_INVISIBLETIME (200053). Field names and types are Apache 5.3's, so an Apache proxy or a 5.x
 * remoting POP consumer can talk to an Orbit broker and Orbit's proxy to an Apache one.
 */
import { defineHeader } from './define-header';

/** queueId −1 pops from every readable queue of the topic on this broker. initMode 0 = MIN, 1 = MAX. */
export const PopMessageRequestHeader = defineHeader('PopMessageRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  topic: { type: 'string', required: true },
  queueId: { type: 'int', required: true },
  maxMsgNums: { type: 'int', required: true },
  invisibleTime: { type: 'long', required: true },
  pollTime: { type: 'long', required: true },
  bornTime: { type: 'long', required: true },
  initMode: { type: 'int', required: true },
  expType: { type: 'string' },
  exp: { type: 'string' },
  order: { type: 'boolean' },
  attemptId: { type: 'string' },
});

/**
 * startOffsetInfo / msgOffsetInfo / orderCountInfo are `;`-joined entries keyed by "retryFlag queueId" (see
 * pop-extra-info.ts); the body holds the popped records in commit-log format.
 */
export const PopMessageResponseHeader = defineHeader('PopMessageResponseHeader', {
  popTime: { type: 'long', required: true },
  invisibleTime: { type: 'long', required: true },
  reviveQid: { type: 'int', required: true },
  restNum: { type: 'long', required: true },
  startOffsetInfo: { type: 'string' },
  msgOffsetInfo: { type: 'string' },
  orderCountInfo: { type: 'string' },
});

/** `topic` is the real topic of the message (the pop retry topic for a retried one); extraInfo is the receipt. */
export const AckMessageRequestHeader = defineHeader('AckMessageRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  topic: { type: 'string', required: true },
  queueId: { type: 'int', required: true },
  extraInfo: { type: 'string', required: true },
  offset: { type: 'long', required: true },
});

export const ChangeInvisibleTimeRequestHeader = defineHeader('ChangeInvisibleTimeRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  topic: { type: 'string', required: true },
  queueId: { type: 'int', required: true },
  extraInfo: { type: 'string', required: true },
  offset: { type: 'long', required: true },
  invisibleTime: { type: 'long', required: true },
});

export const ChangeInvisibleTimeResponseHeader = defineHeader('ChangeInvisibleTimeResponseHeader', {
  popTime: { type: 'long', required: true },
  invisibleTime: { type: 'long', required: true },
  reviveQid: { type: 'int', required: true },
});
