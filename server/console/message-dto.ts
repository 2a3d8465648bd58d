/** MessageView (admin client) → the DTOs the pages get. */
import type { MessageDetailDto, MessageSummaryDto } from '../../lib/dto/admin';
import { BODY_VIEW_LIMIT_BYTES, detectBodyKind } from '../../lib/message-body';
import { originalTopicOf } from '../client/admin/message-admin';
import type { MessageView } from '../client/admin/types';

const PREVIEW_CHARS = 160;

export function toMessageSummary(m: MessageView): MessageSummaryDto {
  const text = m.body.subarray(0, PREVIEW_CHARS * 4).toString('utf8');
  return {
    msgId: m.msgId,
    offsetMsgId: m.offsetMsgId,
    topic: m.topic,
    brokerName: m.brokerName ?? null,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    tags: m.tags ?? null,
    keys: m.keys ?? null,
    storeTimestamp: m.storeTimestamp,
    bornTimestamp: m.bornTimestamp,
    reconsumeTimes: m.reconsumeTimes,
    bodySize: m.body.length,
    bodyPreview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
    originalTopic: originalTopicOf(m),
  };
}

export function toMessageDetail(m: MessageView): MessageDetailDto {
  return {
    ...toMessageSummary(m),
    bornHost: m.bornHost,
    storeHost: m.storeHost,
    commitLogOffset: m.commitLogOffset,
    sysFlag: m.sysFlag,
    flag: m.flag,
    properties: m.properties,
    // The exact bytes (base64 never garbles binary), only as many as the page shows; the rest is a download.
    bodyBase64: m.body.subarray(0, BODY_VIEW_LIMIT_BYTES).toString('base64'),
    bodyKind: detectBodyKind(m.body),
    bodyTruncated: m.body.length > BODY_VIEW_LIMIT_BYTES,
  };
}
