import { describe, expect, it } from 'vitest';
import { defaultProxyConfig } from '../proxy-config';
import { consumerBackoff, mergeSettings } from './settings';

const config = defaultProxyConfig('127.0.0.1:9876');

describe('settings reply', () => {
  it('fills producer backoff, body size and type check', () => {
    const s = mergeSettings({ clientType: 'PRODUCER', publishing: { topics: [{ name: 'T' }] }, pubSub: 'publishing' }, config, undefined);
    expect(s.backoffPolicy).toEqual({ maxAttempts: 3, exponentialBackoff: { initial: { seconds: 0, nanos: 10_000_000 }, max: { seconds: 1, nanos: 0 }, multiplier: 2 } });
    expect(s.publishing).toMatchObject({ maxBodySize: 4 * 1024 * 1024, validateMessageType: true });
    expect(s.pubSub).toBeUndefined();
    expect(s.metric).toEqual({ on: false });
  });

  it('fills consumer batch, polling, fifo and the group retry policy', () => {
    const s = mergeSettings({ clientType: 'SIMPLE_CONSUMER', subscription: { group: { name: 'G' } } }, config, { retryMaxTimes: 3, consumeMessageOrderly: true } as never);
    expect(s.subscription).toMatchObject({ fifo: true, receiveBatchSize: 32, longPollingTimeout: { seconds: 20, nanos: 0 } });
    expect(s.backoffPolicy?.maxAttempts).toBe(4);
    expect(s.backoffPolicy?.customizedBackoff?.next?.[0]).toEqual({ seconds: 1, nanos: 0 });
    const exp = consumerBackoff({ retryMaxTimes: 16, groupRetryPolicy: { type: 'EXPONENTIAL', exponentialRetryPolicy: { initial: 1000, max: 60_000, multiplier: 3 } } } as never);
    expect(exp).toEqual({ maxAttempts: 17, exponentialBackoff: { initial: { seconds: 1, nanos: 0 }, max: { seconds: 60, nanos: 0 }, multiplier: 3 } });
  });
});
