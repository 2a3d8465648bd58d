/**
 * SQL92 subscriptions through the SDK against an Orbit cluster with enablePropertyFilter=true (the scenarios run
 * against Apache 4.9.7 too, in interop/ts-client.interop.test.ts), and the refusals of a broker that has it off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { ClientError, Producer, PushConsumer } from './index';
import { defineSqlFilterScenarios, SQL_BROKER_CONF } from './testing/sql-filter-scenarios';

describe('SQL92 subscriptions on Orbit', () => {
  let cluster: ClusterHandle | undefined;
  beforeAll(async () => {
    cluster = await startOrbitCluster({ brokerConf: SQL_BROKER_CONF });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);
  defineSqlFilterScenarios(() => cluster!.namesrvAddr);
});

describe('SQL92 subscriptions on a broker with enablePropertyFilter off', () => {
  let cluster: ClusterHandle | undefined;
  beforeAll(async () => {
    cluster = await startOrbitCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('start() fails with the broker refusal, as the Java client does', async () => {
    const p = new Producer({ namesrvAddr: cluster!.namesrvAddr, producerGroup: 'sql_off_pg' });
    await p.start();
    const topic = `SqlOff_${process.pid}`;
    await p.send({ topic, body: 'x' });
    await p.shutdown();
    const c = new PushConsumer({ namesrvAddr: cluster!.namesrvAddr, consumerGroup: 'sql_off_cg' });
    c.subscribe(topic, { sql: 'a > 1' });
    c.registerMessageListenerConcurrently(() => 'CONSUME_SUCCESS');
    const err = await c.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await c.shutdown();
    expect(err).toBeInstanceOf(ClientError);
    expect((err as ClientError).code).toBe('SUBSCRIPTION_REFUSED');
    expect((err as Error).message).toMatch(/The broker does not support consumer to filter message by SQL92/);
  }, 30_000);
});
