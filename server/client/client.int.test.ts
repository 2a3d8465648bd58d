/**
 * The SDK end to end against a real cluster: Orbit (namesrv + broker spawned from bin/orbit.js) or Apache
 * RocketMQ 4.9.7. Target: env ORBIT_CLIENT_TARGET=orbit|apache (default orbit;
 * apache for the differential run). ORBIT_CLIENT_NAMESRV=host:port reuses a running cluster instead (it needs short delay levels).
 * The scenarios live in testing/sdk-scenarios.ts; interop/ts-client.interop.test.ts runs them against every interop target.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { startApacheCluster, type ClusterHandle } from '../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { defineSdkScenarios, SDK_BROKER_CONF } from './testing/sdk-scenarios';

const TARGET = process.env.ORBIT_CLIENT_TARGET ?? 'orbit';

let cluster: ClusterHandle | undefined;
let ns = process.env.ORBIT_CLIENT_NAMESRV ?? '';

beforeAll(async () => {
  if (ns) return;
  cluster = TARGET === 'apache' ? await startApacheCluster({ extraBrokerConf: SDK_BROKER_CONF }) : await startOrbitCluster({ brokerConf: SDK_BROKER_CONF });
  ns = cluster.namesrvAddr;
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe(`client SDK against ${process.env.ORBIT_CLIENT_NAMESRV ? 'a running cluster' : TARGET}`, () => {
  defineSdkScenarios(() => ns);
});
