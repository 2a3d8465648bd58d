/**
 * Orbit's TypeScript SDK against each interop target (Apache RocketMQ 4.9.7 included): the scenarios of
 * server/client/testing/sdk-scenarios.ts and the examples/ programs (testing/example-scenarios.ts), which
 * server/client/client.int.test.ts and examples.int.test.ts run against Orbit in the unit run; one cluster per
 * target with the short delay levels, transaction check-back and SQL92 filters (enablePropertyFilter) they need.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { targets } from './support/targets';
import { defineExampleScenarios } from '../server/client/testing/example-scenarios';
import { defineSdkScenarios, SDK_BROKER_CONF } from '../server/client/testing/sdk-scenarios';
import { defineSqlFilterScenarios, SQL_BROKER_CONF } from '../server/client/testing/sql-filter-scenarios';

describe.each(targets)('TS client SDK against $name', (target) => {
  let cluster: ClusterHandle | undefined;

  beforeAll(async () => {
    cluster = await target.start({ brokerConf: { ...SDK_BROKER_CONF, ...SQL_BROKER_CONF } });
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const namesrvAddr = (): string => {
    if (!cluster) throw new Error(`${target.name} cluster did not start`);
    return cluster.namesrvAddr;
  };
  describe('scenarios', () => defineSdkScenarios(namesrvAddr));
  describe('examples', () => defineExampleScenarios(namesrvAddr));
  describe('SQL92 filters', () => defineSqlFilterScenarios(namesrvAddr));
});
