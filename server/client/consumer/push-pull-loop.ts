/**
 * The push consumer's long-polling pull of one queue (Java's DefaultMQPushConsumerImpl.pullMessage), looped
 * until the queue is dropped: flow control on what the queue holds, then PULL_MESSAGE with the in-memory
 * commit offset, found messages to the consume service, offsets corrected when the broker says so.
 */
import { PullSysFlag } from '../../remoting/header/pull-message';
import type { MessageModel } from '../../remoting/body/heartbeat';
import type { MQClientInstance } from '../impl/client-instance';
import { sleep } from '../impl/limiter';
import type { OffsetStore } from '../impl/offset-store';
import { processPullResult } from '../impl/pull-api';
import type { ConsumerRebalance, PullRequest } from '../impl/rebalance';
import type { ConsumeService } from './consume-service';
import type { ResolvedPushConsumerOptions } from './push-consumer-options';

const PULL_DELAY_ON_EXCEPTION_MS = 3000;
const PULL_DELAY_ON_FLOW_CONTROL_MS = 50;

export interface PullLoopDeps {
  group: string;
  messageModel: MessageModel;
  o: ResolvedPushConsumerOptions;
  instance: MQClientInstance;
  rebalance: ConsumerRebalance;
  offsetStore: OffsetStore;
  consume: ConsumeService;
  /** False once the consumer shuts down. */
  running: () => boolean;
}

export async function pullLoop(req: PullRequest, d: PullLoopDeps): Promise<void> {
  const { instance: inst, o, offsetStore, consume } = d;
  const { mq, pq } = req;
  const live = () => d.running() && !pq.dropped;
  while (live()) {
    pq.lastPullTimestamp = Date.now();
    if (pq.msgCount > o.pullThresholdForQueue || pq.msgSizeBytes > o.pullThresholdSizeForQueue * 1024 * 1024) {
      await sleep(PULL_DELAY_ON_FLOW_CONTROL_MS);
      continue;
    }
    if (!consume.orderly && pq.maxSpan > o.consumeConcurrentlyMaxSpan) {
      await sleep(PULL_DELAY_ON_FLOW_CONTROL_MS);
      continue;
    }
    if (consume.orderly && d.messageModel === 'CLUSTERING' && !pq.locked) {
      await sleep(PULL_DELAY_ON_EXCEPTION_MS);
      continue;
    }
    const sub = d.rebalance.subscriptionInner.get(mq.topic);
    if (!sub) {
      await sleep(PULL_DELAY_ON_EXCEPTION_MS);
      continue;
    }
    let commitOffset = 0;
    if (d.messageModel === 'CLUSTERING') commitOffset = await offsetStore.readOffset(mq, 'MEMORY');
    let sysFlag = PullSysFlag.SUSPEND;
    if (commitOffset > 0) sysFlag |= PullSysFlag.COMMIT_OFFSET;
    if (o.postSubscriptionWhenPull) sysFlag |= PullSysFlag.SUBSCRIPTION;
    const addr = inst.findBrokerAddressInSubscribe(mq.brokerName, 0);
    if (!addr) {
      await inst.updateTopicRoute(mq.topic).catch(() => false);
      await sleep(PULL_DELAY_ON_EXCEPTION_MS);
      continue;
    }
    let result;
    try {
      const raw = await inst.api.pullMessage(
        addr,
        {
          consumerGroup: d.group,
          topic: mq.topic,
          queueId: mq.queueId,
          queueOffset: req.nextOffset,
          maxMsgNums: o.pullBatchSize,
          sysFlag,
          commitOffset: Math.max(0, commitOffset),
          suspendTimeoutMillis: o.brokerSuspendMaxTimeMillis,
          subscription: sub.subString,
          subVersion: sub.subVersion,
          expressionType: sub.expressionType,
        },
        o.brokerSuspendMaxTimeMillis + 15_000,
      );
      result = processPullResult(raw, mq, sub);
    } catch (err) {
      if (live()) {
        inst.log.debug({ mq, err: (err as Error).message }, 'pull failed');
        await sleep(PULL_DELAY_ON_EXCEPTION_MS);
      }
      continue;
    }
    if (!live()) break;
    switch (result.pullStatus) {
      case 'FOUND':
        req.nextOffset = result.nextBeginOffset;
        if (result.msgFoundList.length) {
          const dispatch = pq.putMessages(result.msgFoundList);
          consume.submit(result.msgFoundList, pq, mq, dispatch);
        }
        if (o.pullIntervalMs > 0) await sleep(o.pullIntervalMs);
        break;
      case 'NO_NEW_MSG':
      case 'NO_MATCHED_MSG':
        req.nextOffset = result.nextBeginOffset;
        if (pq.msgCount === 0) offsetStore.updateOffset(mq, req.nextOffset, true);
        break;
      case 'OFFSET_ILLEGAL':
        inst.log.warn({ mq, requested: req.nextOffset, next: result.nextBeginOffset }, 'pull offset illegal, correcting');
        req.nextOffset = result.nextBeginOffset;
        pq.clear();
        offsetStore.updateOffset(mq, req.nextOffset, false);
        await offsetStore.persist(mq).catch(() => {});
        break;
    }
  }
}
