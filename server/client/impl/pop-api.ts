/**
 * The 5.x POP calls (POP_MESSAGE, ACK_MESSAGE, CHANGE_MESSAGE_INVISIBLETIME) over a RemotingClient, and the
 * receipt of each popped message rebuilt from the response header as Apache's MQClientAPIImpl does. Used by the
 * gRPC proxy and by tests; works against Orbit's and Apache 5's brokers alike.
 */
import { MessageConst } from '../../common/message/message-const';
import { decodeMessages, type MessageExt } from '../../common/message/message-decoder';
import { AckMessageRequestHeader, ChangeInvisibleTimeRequestHeader, ChangeInvisibleTimeResponseHeader, PopMessageRequestHeader, PopMessageResponseHeader } from '../../remoting/header/pop';
import { buildExtraInfo, parseOffsetInfo, retryFlagOf } from '../../remoting/header/pop-extra-info';
import type { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { brokerError } from './mq-client-api';

export type PopRequest = Parameters<typeof PopMessageRequestHeader.encode>[0];

export interface PoppedMessage {
  message: MessageExt;
  /** The receipt: ack or change it with this. */
  extraInfo: string;
  /** Deliveries before this one (stored reconsume times, or an orderly pop's per-offset count). */
  reconsumeTimes: number;
}

export interface PopResult {
  status: 'FOUND' | 'POLLING_FULL' | 'NO_NEW_MSG';
  popTime: number;
  invisibleTime: number;
  reviveQid: number;
  restNum: number;
  messages: PoppedMessage[];
}

export async function popMessage(client: RemotingClient, addr: string, brokerName: string, h: PopRequest, timeoutMs: number, signal?: AbortSignal): Promise<PopResult> {
  const res = await client.invoke(addr, RemotingCommand.request(RequestCode.POP_MESSAGE, PopMessageRequestHeader.encode(h)), timeoutMs, signal);
  let status: PopResult['status'];
  switch (res.code) {
    case ResponseCode.SUCCESS:
      status = 'FOUND';
      break;
    case ResponseCode.POLLING_FULL:
      status = 'POLLING_FULL';
      break;
    case ResponseCode.POLLING_TIMEOUT:
    case ResponseCode.PULL_NOT_FOUND:
      status = 'NO_NEW_MSG';
      break;
    default:
      throw brokerError(res);
  }
  const rh = PopMessageResponseHeader.decode(res.extFields ?? {});
  const out: PopResult = { status, popTime: rh.popTime, invisibleTime: rh.invisibleTime, reviveQid: rh.reviveQid, restNum: rh.restNum, messages: [] };
  if (status !== 'FOUND') return out;
  const starts = parseOffsetInfo(rh.startOffsetInfo);
  const counts = parseOffsetInfo(rh.orderCountInfo);
  for (const m of decodeMessages(res.body, { inflate: false })) {
    let extraInfo = m.properties[MessageConst.POP_CK];
    const flag = retryFlagOf(m.topic);
    if (!extraInfo) {
      const start = starts.get(`${flag}@${m.queueId}`)?.[0] ?? m.queueOffset;
      extraInfo = buildExtraInfo({ ckQueueOffset: start, popTime: rh.popTime, invisibleTime: rh.invisibleTime, reviveQid: rh.reviveQid, retryFlag: flag, brokerName, queueId: m.queueId, queueOffset: m.queueOffset });
    }
    const orderCount = counts.get(`${flag}@qo${m.queueId}%${m.queueOffset}`)?.[0] ?? counts.get(`${flag}@${m.queueId}`)?.[0];
    out.messages.push({ message: m, extraInfo, reconsumeTimes: orderCount ?? m.reconsumeTimes });
  }
  return out;
}

export interface AckTarget {
  group: string;
  /** The topic the message is stored in (the pop retry topic for a retried message; see realTopicOf). */
  topic: string;
  queueId: number;
  offset: number;
  extraInfo: string;
}

export async function ackMessage(client: RemotingClient, addr: string, t: AckTarget, timeoutMs: number): Promise<void> {
  const res = await client.invoke(
    addr,
    RemotingCommand.request(RequestCode.ACK_MESSAGE, AckMessageRequestHeader.encode({ consumerGroup: t.group, topic: t.topic, queueId: t.queueId, extraInfo: t.extraInfo, offset: t.offset })),
    timeoutMs,
  );
  if (res.code !== ResponseCode.SUCCESS) throw brokerError(res);
}

/** Returns the new pop time, invisible time and revive queue: the message's new receipt is built from them. */
export async function changeInvisibleTime(client: RemotingClient, addr: string, t: AckTarget, invisibleTime: number, timeoutMs: number) {
  const res = await client.invoke(
    addr,
    RemotingCommand.request(
      RequestCode.CHANGE_MESSAGE_INVISIBLETIME,
      ChangeInvisibleTimeRequestHeader.encode({ consumerGroup: t.group, topic: t.topic, queueId: t.queueId, extraInfo: t.extraInfo, offset: t.offset, invisibleTime }),
    ),
    timeoutMs,
  );
  if (res.code !== ResponseCode.SUCCESS) throw brokerError(res);
  return ChangeInvisibleTimeResponseHeader.decode(res.extFields ?? {});
}
