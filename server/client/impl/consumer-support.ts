/** Pieces shared by the push, pull and lite pull consumers: the broker offset backend and the start offset rules. */
import type { ConsumeFromWhere, MessageQueue } from '../../remoting/body/heartbeat';
import type { MQClientInstance } from './client-instance';
import { RETRY_GROUP_TOPIC_PREFIX } from './message';
import type { OffsetBackend, OffsetStore } from './offset-store';

/** QUERY/UPDATE_CONSUMER_OFFSET against the queue's master (updates oneway, as Java's periodic persist). */
export function brokerOffsetBackend(instance: MQClientInstance, group: string): OffsetBackend {
  return {
    fetch: async (mq) => instance.api.queryConsumerOffset(await instance.brokerAddrFor(mq.brokerName, mq.topic), group, mq),
    commit: async (mq, offset, sync) =>
      instance.api.updateConsumerOffset(await instance.brokerAddrFor(mq.brokerName, mq.topic), group, mq, offset, !sync),
  };
}

/** Parses `yyyyMMddHHmmss` (Java's consumeTimestamp format) or passes an epoch-ms number through. */
export function parseConsumeTimestamp(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (!m) return Number(v);
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
}

/**
 * Java's RebalancePushImpl.computePullFromWhere: a stored offset wins; with none (-1):
 * LAST → 0 for retry topics, else the queue's max; FIRST → 0; TIMESTAMP → max for retry topics, else the
 * offset at the timestamp. An unreadable store (-2) gives -1 (skip the queue this round).
 */
export async function computePullFromWhere(
  instance: MQClientInstance,
  store: OffsetStore,
  mq: MessageQueue,
  where: ConsumeFromWhere,
  consumeTimestampMs: number,
): Promise<number> {
  const last = await store.readOffset(mq, 'STORE');
  if (last >= 0) return last;
  if (last !== -1) return -1;
  const isRetry = mq.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
  try {
    switch (where) {
      case 'CONSUME_FROM_FIRST_OFFSET':
      case 'CONSUME_FROM_MIN_OFFSET':
        return 0;
      case 'CONSUME_FROM_TIMESTAMP': {
        const addr = await instance.brokerAddrFor(mq.brokerName, mq.topic);
        if (isRetry) return await instance.api.getMaxOffset(addr, mq);
        return await instance.api.searchOffset(addr, mq, consumeTimestampMs);
      }
      default: {
        if (isRetry) return 0;
        const addr = await instance.brokerAddrFor(mq.brokerName, mq.topic);
        return await instance.api.getMaxOffset(addr, mq);
      }
    }
  } catch {
    return -1;
  }
}
