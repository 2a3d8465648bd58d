/**
 * The settings reply of the Telemetry handshake (§4.2): the client's settings with the server's values merged in.
 * Clients block until it arrives and copy several fields verbatim, so every field listed there is always set.
 */
import type { SubscriptionGroupConfig } from '../../remoting/body/admin-data';
import type { Duration, RetryPolicy, Settings } from '../grpc/proto-types';
import type { ProxyConfig } from '../proxy-config';

export function durationOf(ms: number): Duration {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function durationMs(d: Duration | undefined): number {
  return d ? Number(d.seconds ?? 0) * 1000 + Math.floor(Number(d.nanos ?? 0) / 1e6) : 0;
}

/** 5.x's default consumer retry delays (GroupRetryPolicy CUSTOMIZED): 1s 5s 10s 30s 1m … 10m 20m 30m 1h 2h. */
export const DEFAULT_CUSTOMIZED_NEXT_MS = [1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200].map((s) => s * 1000);

export const CONSUMER_RECEIVE_BATCH_SIZE = 32;
export const CONSUMER_LONG_POLLING_TIMEOUT_MS = 20_000;

export function isProducer(s: Settings | undefined): boolean {
  return s?.clientType === 'PRODUCER' || (!!s?.publishing && !s.subscription);
}

/** Producers: exponential 10 ms … 1 s ×2, 3 attempts (Java and Node assert an exponential policy). */
function producerBackoff(): RetryPolicy {
  return { maxAttempts: 3, exponentialBackoff: { initial: durationOf(10), max: durationOf(1000), multiplier: 2 } };
}

/** Consumers: retryMaxTimes + 1 attempts, the group's policy (CUSTOMIZED unless it says EXPONENTIAL). */
export function consumerBackoff(group: SubscriptionGroupConfig | undefined): RetryPolicy {
  const maxAttempts = (group?.retryMaxTimes ?? 16) + 1;
  const policy = group?.groupRetryPolicy;
  if (policy?.type === 'EXPONENTIAL') {
    const e = policy.exponentialRetryPolicy ?? {};
    return {
      maxAttempts,
      exponentialBackoff: { initial: durationOf(e.initial ?? 5000), max: durationOf(e.max ?? 7_200_000), multiplier: e.multiplier ?? 2 },
    };
  }
  const next = policy?.customizedRetryPolicy?.next?.length ? policy.customizedRetryPolicy.next : DEFAULT_CUSTOMIZED_NEXT_MS;
  return { maxAttempts, customizedBackoff: { next: next.map(durationOf) } };
}

export function mergeSettings(client: Settings, config: ProxyConfig, group: SubscriptionGroupConfig | undefined): Settings {
  const merged: Settings = { ...client, metric: { on: false } };
  delete merged.pubSub;
  if (client.publishing) {
    merged.backoffPolicy = producerBackoff();
    merged.publishing = { ...client.publishing, validateMessageType: config.enableTopicMessageTypeCheck, maxBodySize: config.maxMessageSize };
  } else if (client.subscription) {
    merged.backoffPolicy = consumerBackoff(group);
    merged.subscription = {
      ...client.subscription,
      fifo: group?.consumeMessageOrderly === true,
      receiveBatchSize: CONSUMER_RECEIVE_BATCH_SIZE,
      longPollingTimeout: durationOf(CONSUMER_LONG_POLLING_TIMEOUT_MS),
    };
  }
  return merged;
}
