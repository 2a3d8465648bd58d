/**
 * Every program in examples/ as one `it` each, shared by server/client/examples.int.test.ts (Orbit, unit run)
 * and interop/ts-client.interop.test.ts (every interop target). The cluster needs SDK_BROKER_CONF.
 */
import { expect, it } from 'vitest';
import * as asyncProducer from '../../../examples/async-producer';
import * as batchProducer from '../../../examples/batch-producer';
import * as broadcasting from '../../../examples/broadcasting';
import * as delayMessage from '../../../examples/delay-message';
import * as messageKeys from '../../../examples/message-keys';
import * as onewayProducer from '../../../examples/oneway-producer';
import * as orderedMessage from '../../../examples/ordered-message';
import * as pullConsumer from '../../../examples/pull-consumer';
import * as retryDlq from '../../../examples/retry-dlq';
import * as syncProducer from '../../../examples/sync-producer';
import * as tagFilter from '../../../examples/tag-filter';
import * as transactionProducer from '../../../examples/transaction-producer';

/** Registers one `it` per example in the calling `describe`; `ns` is read when a test runs. */
export function defineExampleScenarios(ns: () => string): void {
  it('sync', async () => expect(await syncProducer.main(ns())).toEqual({ sent: 10, received: 10 }));
  it('async', async () => expect(await asyncProducer.main(ns())).toEqual({ ok: 10, failed: 0 }));
  it('oneway', async () => expect(await onewayProducer.main(ns())).toEqual({ sentOneway: 10, stored: 10 }));
  it('delay', async () => {
    const r = await delayMessage.main(ns(), 2);
    expect(r.received).toBe(3);
    expect(r.minDelayMs).toBeGreaterThanOrEqual(1500);
  });
  it('batch', async () => expect(await batchProducer.main(ns())).toEqual({ smallRequests: 1, largeRequests: 3, largeMessages: 1200 }));
  it('ordered', async () => expect(await orderedMessage.main(ns())).toEqual({ orders: 5, inOrder: true }));
  it('tags', async () => expect(await tagFilter.main(ns())).toEqual({ received: 6, tags: ['TagA', 'TagC'] }));
  it('keys', async () => {
    const r = await messageKeys.main(ns());
    expect(r.delivered).toBe(6);
    expect(r.handled).toEqual(['order-0 user-0', 'order-1 user-1', 'order-2 user-0', 'order-3 user-1', 'order-4 user-0']);
  });
  it('retry with DLQ', async () => expect(await retryDlq.main(ns(), 2)).toEqual({ attempts: [0, 1, 2], inDlq: true }), 40_000);
  it('broadcasting', async () => expect(await broadcasting.main(ns())).toEqual({ perConsumer: [5, 5] }));
  it('pull', async () => expect(await pullConsumer.main(ns())).toEqual({ pulled: 8, polled: 8 }));
  it('transactions', async () => {
    expect(await transactionProducer.main(ns())).toEqual({ states: ['COMMIT_MESSAGE', 'ROLLBACK_MESSAGE', 'UNKNOW'], delivered: ['order 0', 'order 2'] });
  }, 30_000);
}
