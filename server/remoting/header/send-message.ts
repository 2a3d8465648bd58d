// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310, one-letter names), SEND_BATCH_MESSAGE (320, V2 names) and the send response.
import type { ExtFields } from '../remoting-command';
import { defineHeader, type HeaderOf } from './define-header';

export const SendMessageRequestHeader = defineHeader('SendMessageRequestHeader', {
  producerGroup: { type: 'string', required: true },
  topic: { type: 'string', required: true },
  defaultTopic: { type: 'string', required: true },
  defaultTopicQueueNums: { type: 'int', required: true },
  queueId: { type: 'int', required: true },
  sysFlag: { type: 'int', required: true },
  bornTimestamp: { type: 'long', required: true },
  flag: { type: 'int', required: true },
  properties: { type: 'string' },
  reconsumeTimes: { type: 'int' },
  unitMode: { type: 'boolean' },
  batch: { type: 'boolean' },
  maxReconsumeTimes: { type: 'int' },
});

export type SendMessageRequest = HeaderOf<typeof SendMessageRequestHeader.fields>;

const V2_LETTERS = {
  a: 'producerGroup',
  b: 'topic',
  c: 'defaultTopic',
  d: 'defaultTopicQueueNums',
  e: 'queueId',
  f: 'sysFlag',
  g: 'bornTimestamp',
  h: 'flag',
  i: 'properties',
  j: 'reconsumeTimes',
  k: 'unitMode',
  l: 'maxReconsumeTimes',
  m: 'batch',
} as const;

// Every single send decodes one: list the pairs once.
const V2_PAIRS = Object.entries(V2_LETTERS);

/** V2 header letters → V1 field names, then the V1 decoder's checks. */
export function decodeSendMessageV2(ext: ExtFields | undefined): SendMessageRequest {
  if (!ext) return SendMessageRequestHeader.decode(undefined);
  const v1: ExtFields = {};
  for (const [letter, name] of V2_PAIRS) {
    const v = ext[letter];
    if (v !== undefined) v1[name] = v;
  }
  return SendMessageRequestHeader.decode(v1);
}

export function encodeSendMessageV2(h: SendMessageRequest): ExtFields {
  const v1 = SendMessageRequestHeader.encode(h);
  const out: ExtFields = {};
  for (const [letter, name] of V2_PAIRS) {
    if (v1[name] !== undefined) out[letter] = v1[name];
  }
  return out;
}

export const SendMessageResponseHeader = defineHeader('SendMessageResponseHeader', {
  msgId: { type: 'string', required: true },
  queueId: { type: 'int', required: true },
  queueOffset: { type: 'long', required: true },
  transactionId: { type: 'string' },
});
