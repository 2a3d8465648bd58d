/**
 * A message's trace (GET /api/messages/trace): the records traced clients wrote to the trace topic, found by a
 * query by key = msgId there (the trace message's keys are the traced msgIds), merged into one timeline: sent →
 * stored → each consumer group's deliveries (client, status, RT, retry number) → the group's DLQ. Whatever was
 * traced or not, it also shows what the broker knows (rocketmq-dashboard's message track): where the message is
 * stored and, per group subscribed to its topic, whether the group's offset is past it.
 */
import type { MessageTraceDto, TraceEventDto, TraceGroupDto, TraceStoredDto } from '../../lib/dto/trace';
import { dlqTopic } from '../client/impl/message';
import type { MessageView } from '../client/admin/types';
import { DEFAULT_TRACE_TOPIC, TRACE_GROUP_NAME_PREFIX, decodeTraceData } from '../client/trace/trace-codec';
import type { AdminClientLike } from './admin-client-cache';
import { admin, reason } from './cluster-admin';
import { mergeTraceRecords, type TraceRecord } from './trace-merge';

/** At most this many groups are asked for offsets and DLQ copies (one look-up each). */
const MAX_GROUPS = 32;

/** `a` defaults to the console's admin client; interop tests pass their own. */
export async function getMessageTrace(q: { id: string; topic?: string; traceTopic?: string }, a: AdminClientLike = admin()): Promise<MessageTraceDto> {
  const problems: string[] = [];
  const traceTopic = q.traceTopic || DEFAULT_TRACE_TOPIC;
  const message = await a.viewMessage(q.id, q.topic).catch((err) => {
    problems.push(`message look-up: ${reason(err)}`);
    return null;
  });
  const msgId = message?.msgId ?? q.id;
  const topic = message?.topic ?? q.topic ?? null;

  const traceMessages = await a.queryMessageByKey(traceTopic, msgId).catch((err) => {
    problems.push(`trace topic ${traceTopic}: ${reason(err)}`);
    return [] as MessageView[];
  });
  const records: TraceRecord[] = traceMessages.flatMap((m) =>
    decodeTraceData(m.body.toString('utf8'))
      .filter((ctx) => ctx.beans[0]?.msgId === msgId)
      .map((ctx) => ({ ctx, bornHost: m.bornHost })),
  );
  const merged = mergeTraceRecords(records);
  const stored = storedOf(message, merged.producer?.storeHost);

  const subscribed = topic ? await a.queryTopicConsumeByWho(topic).catch(() => [] as string[]) : [];
  const names = [...new Set([...merged.deliveries.keys(), ...subscribed])].filter((g) => !g.startsWith(TRACE_GROUP_NAME_PREFIX)).sort().slice(0, MAX_GROUPS);
  const groups: TraceGroupDto[] = await Promise.all(
    names.map(async (group) => ({
      group,
      deliveries: merged.deliveries.get(group) ?? [],
      consumedByOffset: message ? await consumedByOffset(a, group, message) : null,
      dlq: await dlqCopy(a, group, msgId),
    })),
  );

  return {
    msgId,
    topic,
    traceTopic,
    traced: records.length > 0,
    stored,
    producer: merged.producer,
    transactions: merged.transactions,
    groups,
    timeline: timelineOf(merged, stored, groups),
    problems,
  };
}

function storedOf(m: MessageView | null, pubStoreHost: string | undefined): TraceStoredDto | null {
  if (m) {
    return { brokerName: m.brokerName ?? null, queueId: m.queueId, queueOffset: m.queueOffset, storeTimestamp: m.storeTimestamp, storeHost: m.storeHost, offsetMsgId: m.offsetMsgId };
  }
  return pubStoreHost ? { brokerName: null, queueId: null, queueOffset: null, storeTimestamp: null, storeHost: pubStoreHost, offsetMsgId: '' } : null;
}

/** The dashboard's track rule: the group's committed offset on the message's queue is past the message. */
async function consumedByOffset(a: AdminClientLike, group: string, m: MessageView): Promise<boolean | null> {
  try {
    const stats = await a.examineConsumeStats(group, m.topic);
    const q = stats.queues.find((x) => x.topic === m.topic && x.queueId === m.queueId && (!m.brokerName || x.brokerName === m.brokerName));
    return q ? q.consumerOffset > m.queueOffset : null;
  } catch {
    return null;
  }
}

/** The message's copy in the group's DLQ: the broker keeps the UNIQ_KEY, so a unique-key query on %DLQ%group finds it. */
async function dlqCopy(a: AdminClientLike, group: string, msgId: string): Promise<TraceGroupDto['dlq']> {
  const topic = dlqTopic(group);
  const hits = await a.queryMessageByKey(topic, msgId, { uniqKey: true }).catch(() => [] as MessageView[]);
  const m = hits[0];
  return m ? { topic, offsetMsgId: m.offsetMsgId, storeTimestamp: m.storeTimestamp } : null;
}

function timelineOf(merged: ReturnType<typeof mergeTraceRecords>, stored: TraceStoredDto | null, groups: TraceGroupDto[]): TraceEventDto[] {
  const out: TraceEventDto[] = [];
  const p = merged.producer;
  if (p) out.push({ kind: 'sent', timestamp: p.timestamp, group: p.group, clientHost: p.clientHost, msgType: p.msgType, topic: p.topic, costMs: p.costMs, success: p.success });
  if (stored?.storeTimestamp != null) {
    const { brokerName, queueId, queueOffset } = stored;
    out.push({ kind: 'stored', timestamp: stored.storeTimestamp, group: null, clientHost: stored.storeHost, brokerName, queueId, queueOffset, success: true });
  }
  for (const t of merged.transactions) {
    out.push({ kind: 'endTransaction', timestamp: t.timestamp, group: t.group, clientHost: t.clientHost, state: t.state, fromTransactionCheck: t.fromTransactionCheck, success: t.state === 'COMMIT_MESSAGE' });
  }
  for (const g of groups) {
    for (const d of g.deliveries) {
      if (d.beginTimestamp !== null) out.push({ kind: 'consumeStart', timestamp: d.beginTimestamp, group: g.group, clientHost: d.clientHost, retryTimes: d.retryTimes, success: null });
      if (d.endTimestamp !== null) {
        const { returnType, status, costMs } = d;
        out.push({ kind: 'consumeEnd', timestamp: d.endTimestamp, group: g.group, clientHost: d.clientHost, returnType, status, costMs, success: status === 'success' });
      }
    }
    if (g.dlq) out.push({ kind: 'dlq', timestamp: g.dlq.storeTimestamp, group: g.group, clientHost: null, topic: g.dlq.topic, success: false });
  }
  // Sent, stored, consumed share milliseconds often: the stable sort keeps that order for equal times.
  return out.sort((x, y) => x.timestamp - y.timestamp);
}
