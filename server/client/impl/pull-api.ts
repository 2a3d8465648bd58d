/** Turning a pull response into messages (Java's PullAPIWrapper.processPullResult): decode, re-filter by tag, annotate. */
import { MessageConst } from '../../common/message/message-const';
import { decodeMessages } from '../../common/message/message-decoder';
import type { MessageQueue, SubscriptionData } from '../../remoting/body/heartbeat';
import { toMessageExt, type MessageExt } from './message';
import type { PullStatus, RawPullResult } from './mq-client-api';
import { tagMatches } from './subscription';

/** The outcome of one pull. */
export interface PullResult {
  pullStatus: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Messages that matched the subscription (tag re-filter applied). */
  msgFoundList: MessageExt[];
}

export function processPullResult(raw: RawPullResult, mq: MessageQueue, sub: SubscriptionData | undefined): PullResult {
  let list: MessageExt[] = [];
  if (raw.status === 'FOUND' && raw.body) {
    list = decodeMessages(raw.body, { inflate: true })
      .map((m) => toMessageExt(m, mq.brokerName))
      .filter((m) => !sub || tagMatches(sub, m.tags));
    for (const m of list) {
      m.properties[MessageConst.MIN_OFFSET] = String(raw.minOffset);
      m.properties[MessageConst.MAX_OFFSET] = String(raw.maxOffset);
    }
  }
  return { pullStatus: raw.status, nextBeginOffset: raw.nextBeginOffset, minOffset: raw.minOffset, maxOffset: raw.maxOffset, msgFoundList: list };
}
