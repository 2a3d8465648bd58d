/**
 * What a traced producer or consumer (push or lite pull) records, as Java's SendMessageTraceHookImpl,
 * ConsumeMessageTraceHookImpl and EndTransactionTraceHookImpl do, and the dispatcher each one owns.
 */
import { MessageConst } from '../../common/message/message-const';
import type { ClientConfig } from '../impl/client-config';
import type { MessageExt } from '../impl/message';
import { createUniqId } from '../impl/uniq-id';
import { AsyncTraceDispatcher, type TraceSender } from './async-trace-dispatcher';
import {
  CONSUME_RETURN_TYPES,
  DEFAULT_TRACE_TOPIC, TRACE_GROUP_NAME_PREFIX, emptyBean, type ConsumeReturnType, type MessageType, type TraceContext, type TransactionState } from './trace-codec';

/** The options a producer, push or lite pull consumer takes to trace (Java's constructor arguments, same names). */
export interface TraceOptions {
  /** Record a Pub per send (producers) or SubBefore/SubAfter per consume batch (push consumers: per listener call; lite pull: per pull) on the trace topic. */
  enableMsgTrace?: boolean;
  /** The trace topic (default RMQ_SYS_TRACE_TOPIC); brokers create the default one with `traceTopicEnable=true`. */
  customizedTraceTopic?: string;
}

/** Java's default region id when the broker names none. */
const DEFAULT_REGION = 'DefaultRegion';
let dispatcherSeq = 0;

/**
 * A dispatcher for a traced client, or undefined when tracing is off. `makeSender` builds the dedicated trace
 * producer (passed in so this module does not import the producer, which imports it).
 */
export function createTraceDispatcher(
  kind: 'PRODUCE' | 'CONSUME',
  group: string,
  cfg: ClientConfig & TraceOptions,
  makeSender: (producerOptions: ClientConfig & { producerGroup: string; sendMsgTimeoutMs: number; maxMessageSize: number }) => TraceSender,
): AsyncTraceDispatcher | undefined {
  if (!cfg.enableMsgTrace) return undefined;
  const sender = makeSender({
    namesrvAddr: cfg.namesrvAddr,
    // Java's TRACE_INSTANCE_NAME_<namesrv>: every trace producer of a process shares one client instance.
    instanceName: `PID_CLIENT_INNER_TRACE_PRODUCER_${cfg.namesrvAddr}`,
    clientIP: cfg.clientIP,
    accessKey: cfg.accessKey,
    secretKey: cfg.secretKey,
    securityToken: cfg.securityToken,
    logger: cfg.logger,
    producerGroup: `${TRACE_GROUP_NAME_PREFIX}-${group}-${kind}-${++dispatcherSeq}`,
    sendMsgTimeoutMs: 5000,
    maxMessageSize: 128_000,
  });
  return new AsyncTraceDispatcher({
    traceTopic: cfg.customizedTraceTopic || DEFAULT_TRACE_TOPIC,
    sender,
    onDebug: (obj, msg) => cfg.logger?.debug(obj, msg),
  });
}

function baseContext(traceType: TraceContext['traceType'], groupName: string, timeStamp: number): TraceContext {
  return { traceType, timeStamp, regionId: DEFAULT_REGION, groupName, costTime: 0, success: true, requestId: createUniqId(), contextCode: 0, beans: [] };
}

/** Java's msgType of a send context. */
export function messageTypeOf(properties: Record<string, string>): MessageType {
  if (properties[MessageConst.TRANSACTION_PREPARED] === 'true') return 'Trans_Msg_Half';
  if (properties[MessageConst.DELAY_TIME_LEVEL] !== undefined && properties[MessageConst.DELAY_TIME_LEVEL] !== '0') return 'Delay_Msg';
  return 'Normal_Msg';
}

export interface PubInput {
  group: string;
  topic: string;
  properties: Record<string, string>;
  bodyLength: number;
  brokerAddr: string;
  beganAt: number;
  msgId: string;
  offsetMsgId: string;
  sendOk: boolean;
  regionId?: string;
}

/** A Pub record for a send the broker answered (Java records none for oneway sends or failed requests). */
export function pubContext(p: PubInput): TraceContext {
  const ctx = baseContext('Pub', p.group, p.beganAt);
  ctx.costTime = Date.now() - p.beganAt;
  ctx.success = p.sendOk;
  ctx.regionId = p.regionId || DEFAULT_REGION;
  ctx.beans.push(
    emptyBean({
      topic: p.topic,
      msgId: p.msgId,
      offsetMsgId: p.offsetMsgId,
      tags: p.properties[MessageConst.TAGS] ?? '',
      keys: p.properties[MessageConst.KEYS] ?? '',
      storeHost: p.brokerAddr,
      bodyLength: p.bodyLength,
      msgType: messageTypeOf(p.properties),
    }),
  );
  return ctx;
}

/** SubBefore for a consume batch: the messages whose TRACE_ON is not "false"; undefined when none is left. */
export function subBeforeContext(group: string, msgs: MessageExt[]): TraceContext | undefined {
  const ctx = baseContext('SubBefore', group, Date.now());
  for (const m of msgs) {
    if (m.properties[MessageConst.TRACE_SWITCH] === 'false') continue;
    ctx.regionId = m.properties[MessageConst.MSG_REGION] ?? ctx.regionId;
    ctx.beans.push(
      emptyBean({
        topic: m.topic,
        msgId: m.msgId,
        tags: m.tags ?? '',
        keys: m.keys.join(' '),
        bodyLength: m.totalSize,
        retryTimes: m.reconsumeTimes,
      }),
    );
  }
  return ctx.beans.length ? ctx : undefined;
}

/** SubAfter for the batch SubBefore recorded: same request id, cost per message, the listener's outcome. */
export function subAfterContext(before: TraceContext, batchSize: number, success: boolean, returnType: ConsumeReturnType): TraceContext {
  const now = Date.now();
  return {
    ...before,
    traceType: 'SubAfter',
    timeStamp: now,
    costTime: Math.floor((now - before.timeStamp) / Math.max(1, batchSize)),
    success,
    contextCode: CONSUME_RETURN_TYPES.indexOf(returnType),
  };
}

export interface EndTransactionInput {
  group: string;
  topic: string;
  properties: Record<string, string>;
  brokerAddr: string;
  msgId: string;
  transactionId: string;
  state: TransactionState;
  fromTransactionCheck: boolean;
}

/** An EndTransaction record, once per END_TRANSACTION the producer sends (local outcome or check answer). */
export function endTransactionContext(e: EndTransactionInput): TraceContext {
  const ctx = baseContext('EndTransaction', e.group, Date.now());
  ctx.regionId = e.properties[MessageConst.MSG_REGION] || DEFAULT_REGION;
  ctx.beans.push(
    emptyBean({
      topic: e.topic,
      msgId: e.msgId,
      tags: e.properties[MessageConst.TAGS] ?? '',
      keys: e.properties[MessageConst.KEYS] ?? '',
      storeHost: e.brokerAddr,
      msgType: 'Trans_msg_Commit',
      transactionId: e.transactionId,
      transactionState: e.state,
      fromTransactionCheck: e.fromTransactionCheck,
    }),
  );
  return ctx;
}

/** Java's ConsumeReturnType of a listener call: how it ended, not only whether it succeeded. */
export function consumeReturnType(success: boolean, err: unknown, answeredNothing: boolean): ConsumeReturnType {
  if (err) return (err as { code?: string }).code === 'CONSUME_TIMEOUT' ? 'TIME_OUT' : 'EXCEPTION';
  if (answeredNothing) return 'RETURNNULL';
  return success ? 'SUCCESS' : 'FAILED';
}

/**
 * Records SubBefore for a consume batch now and returns what records its SubAfter; a no-op without a
 * dispatcher or when every message of the batch has TRACE_ON=false.
 */
export function traceConsumeBatch(trace: AsyncTraceDispatcher | undefined, group: string, msgs: MessageExt[]): (success: boolean, returnType: ConsumeReturnType) => void {
  const before = trace ? subBeforeContext(group, msgs) : undefined;
  if (!trace || !before) return () => {};
  trace.append(before);
  return (success, returnType) => void trace.append(subAfterContext(before, msgs.length, success, returnType));
}
