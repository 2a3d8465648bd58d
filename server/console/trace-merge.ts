/**
 * Decoded trace records of one message → the trace view's parts: the producer (Pub), END_TRANSACTION reports, and
 * per consumer group its deliveries (SubBefore and SubAfter joined by request id, as rocketmq-dashboard does).
 * A record's client host is the trace message's born host (the traced client sent it), unless the record names one.
 */
import type { TraceDeliveryDto, TraceProducerDto, TraceTransactionDto } from '../../lib/dto/trace';
import { CONSUME_RETURN_TYPES, type TraceContext } from '../client/trace/trace-codec';

export interface TraceRecord {
  ctx: TraceContext;
  /** Born host of the trace message that carried the record, `ip:port`. */
  bornHost: string;
}

export interface MergedTrace {
  producer: TraceProducerDto | null;
  transactions: TraceTransactionDto[];
  /** Deliveries by consumer group, each list by begin time. */
  deliveries: Map<string, TraceDeliveryDto[]>;
}

const hostOnly = (addr: string): string => addr.replace(/:\d+$/, '');

function clientHostOf(r: TraceRecord): string {
  return r.ctx.beans[0]?.clientHost || hostOnly(r.bornHost);
}

export function mergeTraceRecords(records: TraceRecord[]): MergedTrace {
  let producer: TraceProducerDto | null = null;
  const transactions: TraceTransactionDto[] = [];
  const pairs = new Map<string, { before?: TraceRecord; after?: TraceRecord }>();
  for (const r of records) {
    const { ctx } = r;
    const b = ctx.beans[0];
    switch (ctx.traceType) {
      case 'Pub':
        // A retried send records one Pub per answered attempt; the successful (else the last) one is the send.
        if (!producer || ctx.success || !producer.success) {
          producer = {
            group: ctx.groupName,
            clientHost: clientHostOf(r),
            timestamp: ctx.timeStamp,
            costMs: ctx.costTime,
            success: ctx.success,
            topic: b.topic,
            tags: b.tags,
            keys: b.keys,
            storeHost: b.storeHost,
            msgType: b.msgType ?? 'Normal_Msg',
            bodyLength: b.bodyLength,
          };
        }
        break;
      case 'EndTransaction':
        transactions.push({ group: ctx.groupName, clientHost: clientHostOf(r), timestamp: ctx.timeStamp, state: b.transactionState ?? 'UNKNOW', fromTransactionCheck: !!b.fromTransactionCheck });
        break;
      case 'SubBefore':
      case 'SubAfter': {
        const p = pairs.get(ctx.requestId) ?? {};
        if (ctx.traceType === 'SubBefore') p.before = r;
        else p.after = r;
        pairs.set(ctx.requestId, p);
        break;
      }
    }
  }
  const deliveries = new Map<string, TraceDeliveryDto[]>();
  for (const [requestId, { before, after }] of pairs) {
    // SubAfter of a pre-4.9 client has no group: it is known from its SubBefore only.
    const group = before?.ctx.groupName || after?.ctx.groupName || '%UNKNOWN_GROUP%';
    const begin = before?.ctx.timeStamp ?? null;
    let end: number | null = null;
    if (after) end = after.ctx.timeStamp > 0 ? after.ctx.timeStamp : begin !== null ? begin + Math.max(0, after.ctx.costTime) : null;
    const d: TraceDeliveryDto = {
      requestId,
      clientHost: clientHostOf((before ?? after)!),
      beginTimestamp: begin,
      endTimestamp: end,
      costMs: after ? after.ctx.costTime : null,
      retryTimes: before ? before.ctx.beans[0].retryTimes : null,
      status: after ? (after.ctx.success ? 'success' : 'failed') : 'unknown',
      returnType: after ? (CONSUME_RETURN_TYPES[after.ctx.contextCode] ?? null) : null,
    };
    deliveries.set(group, [...(deliveries.get(group) ?? []), d]);
  }
  for (const list of deliveries.values()) list.sort((a, b) => (a.beginTimestamp ?? a.endTimestamp ?? 0) - (b.beginTimestamp ?? b.endTimestamp ?? 0));
  transactions.sort((a, b) => a.timestamp - b.timestamp);
  return { producer, transactions, deliveries };
}
