/**
 * Java-written message traces against an Orbit broker: rocketmq-client 4.9.2 with enableMsgTrace=true (producer and
 * push consumer, scenario `msgTrace`) writes its trace messages to RMQ_SYS_TRACE_TOPIC on an Orbit broker, and the
 * console's trace view (getMessageTrace, the façade behind GET /api/messages/trace) shows the Java producer, the
 * store and the Java consumer's delivery. The same Java scenario against Apache 4.9.7 runs in java-client.interop.test.ts,
 * and its console view in e2e/apache-trace.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../server/client/admin/admin-client';
import { getMessageTrace } from '../server/console/message-trace';
import type { ClusterHandle } from './apache/apache-cluster';
import { JAVA_BROKER_CONF, startJavaScenarios, type JavaRun } from './support/java-runner';
import { startOrbitCluster } from './support/orbit-cluster';
import { tail } from './support/process';

describe('Java message trace on an Orbit broker, shown by the console trace view', () => {
  let cluster: ClusterHandle | undefined;
  let run: JavaRun | undefined;
  let admin: AdminClient | undefined;

  beforeAll(async () => {
    cluster = await startOrbitCluster({ brokerConf: JAVA_BROKER_CONF });
    admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 5000 });
  }, 60_000);

  afterAll(async () => {
    await run?.stop();
    await admin?.shutdown();
    await cluster?.stop();
  });

  it('msgTrace: Pub, SubBefore and SubAfter of the Java clients merge into producer → store → delivery', async () => {
    run = await startJavaScenarios(cluster!.namesrvAddr, ['msgTrace'], { waitSeconds: 15 });
    const outcome = await run.result('msgTrace');
    expect(outcome.ok, `${outcome.detail}\n${tail(run.output(), 40)}`).toBe(true);
    const m = /^MSGTRACE (\S+) (\S+) (\S+) (\S+)$/m.exec(run.output());
    expect(m, run.output()).not.toBeNull();
    const [, msgId, topic, producerGroup, consumerGroup] = m!;

    const trace = await getMessageTrace({ id: msgId, topic }, admin!);
    expect(trace.traced).toBe(true);
    expect(trace.producer).toMatchObject({ group: producerGroup, success: true, topic, tags: 'TagTrace', msgType: 'Normal_Msg' });
    expect(trace.producer!.clientHost).not.toBe('');
    expect(trace.stored).toMatchObject({ queueId: expect.any(Number), queueOffset: 0 });
    const group = trace.groups.find((g) => g.group === consumerGroup);
    expect(group?.deliveries).toHaveLength(1);
    expect(group!.deliveries[0]).toMatchObject({ status: 'success', retryTimes: 0, returnType: 'SUCCESS' });
    expect(trace.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['sent', 'stored', 'consumeStart', 'consumeEnd']));
  }, 120_000);
});
