import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { AdminClient } from '../client/admin/admin-client';
import { runOrbit, spawnOrbit, type OrbitProcess } from './testing/spawn-orbit';

const require = createRequire(import.meta.url);
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function namesrv(): Promise<OrbitProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-ns-'));
  const p = await spawnOrbit(['namesrv', '--port', '0', '--data-dir', dataDir]);
  cleanups.push(() => p.stop(), () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return p;
}

/** Registers a broker the way the Java broker does; returns the connection so the registration stays alive. */
async function registerTestBroker(nsAddr: string, topic: string): Promise<void> {
  const client = new RemotingClient(logger);
  cleanups.push(() => client.shutdown());
  const body = Buffer.from(
    `{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":1,"timestamp":${Date.now()}},"topicConfigTable":{"${topic}":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"${topic}","topicSysFlag":0,"writeQueueNums":4}}}}`,
  );
  const res = await client.invoke(
    nsAddr,
    RemotingCommand.request(
      RequestCode.REGISTER_BROKER,
      {
        brokerName: 'broker-a',
        brokerAddr: '127.0.0.1:10911',
        clusterName: 'DefaultCluster',
        haServerAddr: '127.0.0.1:10912',
        brokerId: '0',
        compressed: 'false',
        bodyCrc32: String(zlib.crc32(body) & 0x7fffffff),
      },
      body,
    ),
    3000,
  );
  expect(res.code).toBe(0);
}

describe('orbit namesrv', () => {
  it('serves ali-ons: a route for a registered topic, TOPIC_NOT_EXIST for an unknown one', async () => {
    const ns = await namesrv();
    expect(ns.stdout()).toMatch(/^orbit namesrv listening on 127\.0\.0\.1:\d+$/m);
    await registerTestBroker(ns.addr, 'AliOnsTopic');

    const MQClientAPI = require('ali-ons/lib/mq_client_api');
    const quiet = { info() {}, warn() {}, error() {}, debug() {} };
    const api = new MQClientAPI({ nameSrv: ns.addr, httpclient: {}, logger: quiet });
    await api.ready();
    cleanups.push(() => api.close());

    const route = await api.getTopicRouteInfoFromNameServer('AliOnsTopic', 3000);
    expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }]);
    expect(route.brokerDatas[0].brokerAddrs).toEqual({ 0: '127.0.0.1:10911' });

    const err = await api.getTopicRouteInfoFromNameServer('NoSuchTopic', 3000).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('MQClientException');
    expect(err.code).toBe(17);
    expect(err.message).toContain('No topic route info in name server for the topic: NoSuchTopic');
  });

  it('is reachable through the admin client and `orbit admin`', async () => {
    const ns = await namesrv();
    await registerTestBroker(ns.addr, 'AdminTopic');
    const admin = new AdminClient({ namesrvAddr: `127.0.0.1:1;${ns.addr}` });
    cleanups.push(() => admin.shutdown());
    const info = await admin.getBrokerClusterInfo();
    expect(info.clusterAddrTable).toEqual({ DefaultCluster: ['broker-a'] });
    expect(await admin.getAllTopicList()).toContain('AdminTopic');
    const probes = await admin.probeNameServers();
    expect(probes.find((p) => p.addr === ns.addr)?.ok).toBe(true);
    expect(probes.find((p) => p.addr === '127.0.0.1:1')?.ok).toBe(false);

    const out = await runOrbit(['admin', 'topics', '-n', ns.addr]);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')).toContain('AdminTopic');
  });

  it('exits non-zero with a clear message when the port is taken, and on a bad option', async () => {
    const ns = await namesrv();
    const taken = await runOrbit(['namesrv', '--port', String(ns.port)]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain(`port ${ns.port} on 127.0.0.1 is already in use`);
    const bad = await runOrbit(['namesrv', '--port', 'eighty']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('bad port "eighty"');
  });

  it('stops cleanly on SIGTERM and SIGINT', async () => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const p = await spawnOrbit(['namesrv', '--port', '0']);
      expect(await p.stop(sig)).toBe(0);
    }
  });
});
