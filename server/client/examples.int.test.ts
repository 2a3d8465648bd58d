/**
 * Runs every program in examples/ against one cluster (same target rules as client.int.test.ts), so the
 * quick-start code keeps working. The checks live in testing/example-scenarios.ts; interop/ts-client.interop.test.ts
 * runs them against every interop target.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startApacheCluster, type ClusterHandle } from '../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { defineExampleScenarios } from './testing/example-scenarios';
import { SDK_BROKER_CONF } from './testing/sdk-scenarios';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const TARGET = process.env.ORBIT_CLIENT_TARGET ?? (fs.existsSync(path.join(repoRoot, 'server/store/create-message-store.ts')) ? 'orbit' : 'apache');

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

describe('examples', () => {
  defineExampleScenarios(() => ns);
});
