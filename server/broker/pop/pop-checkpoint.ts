/**
 * POP's durable records, written as messages into the revive topic (`rmq_sys_REVIVE_LOG_<cluster>`) with
 * Apache 5's JSON keys, so they live in the CommitLog: flushed as configured, replicated to slaves, read back by
 * the revive service after a restart.
 *
 *   ck  {so startOffset, pt popTime, it invisibleTime, bm ackBitmap, n count, q queueId, t topic, c group,
 *        d [queueOffset − so per message], bn brokerName}        one per (pop, queue): what was handed out
 *   ack {ao ackOffset, so startOffset, c group, t topic, q queueId, pt popTime, bn brokerName}
 *
 * An ack names its checkpoint by (group, topic, queue, startOffset, popTime): the receipt carries those fields.
 */
import { MqError } from '../../common/errors';

export const CK_TAG = 'ck';
export const ACK_TAG = 'ack';
export const REVIVE_GROUP = 'CID_RMQ_SYS_REVIVE_GROUP';
export const REVIVE_QUEUE_NUM = 8;

export function reviveTopicOf(clusterName: string): string {
  return `rmq_sys_REVIVE_LOG_${clusterName}`;
}

export interface PopCheckPoint {
  so: number;
  pt: number;
  it: number;
  bm: number;
  n: number;
  q: number;
  t: string;
  c: string;
  d: number[];
  bn: string;
}

export interface AckMsg {
  ao: number;
  so: number;
  c: string;
  t: string;
  q: number;
  pt: number;
  bn: string;
}

export class PopRecordError extends MqError {
  constructor(message: string) {
    super('BAD_POP_RECORD', message);
  }
}

export function checkpointKey(c: string, t: string, q: number, so: number, pt: number): string {
  return `${t}@${c}@${q}@${so}@${pt}`;
}

export function queueOffsetsOf(ck: PopCheckPoint): number[] {
  return ck.d.map((diff) => ck.so + diff);
}

function num(o: Record<string, unknown>, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new PopRecordError(`field ${k} is not a number`);
  return v;
}

function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new PopRecordError(`field ${k} is not a string`);
  return v;
}

function objectOf(body: Buffer): Record<string, unknown> {
  let o: unknown;
  try {
    o = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PopRecordError(`not JSON: ${(err as Error).message}`);
  }
  if (!o || typeof o !== 'object') throw new PopRecordError('not a JSON object');
  return o as Record<string, unknown>;
}

export function decodeCheckpoint(body: Buffer): PopCheckPoint {
  const o = objectOf(body);
  const n = num(o, 'n');
  const d = Array.isArray(o.d) ? o.d.map((x) => (typeof x === 'number' ? x : NaN)) : Array.from({ length: n }, (_, i) => i);
  if (d.some((x) => !Number.isInteger(x))) throw new PopRecordError('field d is not a list of integers');
  return { so: num(o, 'so'), pt: num(o, 'pt'), it: num(o, 'it'), bm: typeof o.bm === 'number' ? o.bm : 0, n, q: num(o, 'q'), t: str(o, 't'), c: str(o, 'c'), d, bn: typeof o.bn === 'string' ? o.bn : '' };
}

export function decodeAck(body: Buffer): AckMsg {
  const o = objectOf(body);
  return { ao: num(o, 'ao'), so: num(o, 'so'), c: str(o, 'c'), t: str(o, 't'), q: num(o, 'q'), pt: num(o, 'pt'), bn: typeof o.bn === 'string' ? o.bn : '' };
}
