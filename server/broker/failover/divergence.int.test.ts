/**
 * Failover in one process, where a test can arrange the logs exactly: an ASYNC_MASTER writes what its slave never
 * gets, goes away, the slave is elected and writes *more* than that (so a plain "slave is ahead" length check would
 * not notice), and the old master, started again with its master file, must step down, cut its log where the epochs
 * part, and end byte-identical to the new master with queues that serve the new master's records.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { NamesrvController } from '../../namesrv/namesrv-controller';
import { parseNamesrvConfig } from '../../namesrv/namesrv-config';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { SendMessageResponseHeader } from '../../remoting/header/send-message';
import { decodeFailoverState } from '../../remoting/body/failover-state';
import { BrokerController } from '../broker-controller';
import { parseBrokerConfig } from '../broker-config';
import { logBytes, pullAll, runtimeInfo, sendV2, waitFor } from '../testing/remoting-calls';
import { findFreeBrokerPort } from '../../../interop/support/ports';

const log = logger.child({ test: 'failover-divergence' });
const SEGMENT = 256 * 1024;
const TOPIC = 'FO_DIVERGE';
let dir: string;
let ns: NamesrvController;
let client: RemotingClient;
const running = new Set<BrokerController>();
/** Fixed ports: a broker's address is its identity in the failover controller, so a restart keeps it. */
const ports: Record<string, number> = {};

function conf(name: string, role: 'ASYNC_MASTER' | 'SLAVE') {
  return parseBrokerConfig({
    brokerName: 'broker-div',
    brokerId: role === 'SLAVE' ? 1 : 0,
    brokerRole: role,
    namesrvAddr: ns.address,
    listenPort: ports[name],
    haListenPort: ports[name] + 1,
    brokerIP1: '127.0.0.1',
    storePathRootDir: path.join(dir, name),
    mappedFileSizeCommitLog: SEGMENT,
    mappedFileSizeConsumeQueue: 20 * 1000,
    haSendHeartbeatInterval: 500,
    registerNameServerPeriod: 1000,
    enableAutoFailover: true,
    failoverHeartbeatInterval: 200,
    failoverLeaseMs: 1000,
  });
}

async function start(name: string, role: 'ASYNC_MASTER' | 'SLAVE'): Promise<BrokerController> {
  const b = new BrokerController(conf(name, role), { log });
  await b.start();
  running.add(b);
  return b;
}

async function stop(b: BrokerController): Promise<void> {
  await b.shutdown();
  running.delete(b);
}

async function sendMany(addr: string, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await sendV2(client, addr, TOPIC, `${prefix}-${i}-${'x'.repeat(200)}`, { KEYS: `${prefix}-${i}` });
    expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-fo-div-'));
  ns = new NamesrvController(parseNamesrvConfig({ listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
  client = new RemotingClient(log);
  ports.a = await findFreeBrokerPort();
  ports.b = await findFreeBrokerPort();
  while (Math.abs(ports.b - ports.a) < 4) ports.b = await findFreeBrokerPort();
});

afterAll(async () => {
  for (const b of running) await b.shutdown();
  await client.shutdown();
  await ns.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('failover with diverged logs', () => {
  it('the returning old master cuts what the new master never had and replicates the rest byte for byte', async () => {
    let a = await start('a', 'ASYNC_MASTER');
    const b = await start('b', 'SLAVE');
    await client.invoke(a.address, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: TOPIC, readQueueNums: '1', writeQueueNums: '1', perm: '6', topicFilterType: 'SINGLE_TAG', topicSysFlag: '0', order: 'false' }), 5000);
    await sendMany(a.address, 'common', 50);
    await waitFor('the slave caught up', () => b.store.getMaxPhyOffset() === a.store.getMaxPhyOffset());
    await b.replication.syncNow();

    // The slave leaves; the ASYNC master goes on alone, then leaves too.
    await stop(b);
    await sendMany(a.address, 'lost', 20);
    const aEnd = a.store.getMaxPhyOffset();
    await stop(a);

    // The slave returns, finds no master, and is elected (within the in-sync window); it writes more than A lost.
    const b2 = await start('b', 'SLAVE');
    await waitFor('the slave elected', () => !b2.replication.isSlave, 15_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${b2.failover!.status().lastElection}`);
    });
    const electedAt = b2.store.getMaxPhyOffset();
    expect(electedAt).toBeLessThan(aEnd);
    await sendMany(b2.address, 'new', 40);
    expect(b2.store.getMaxPhyOffset()).toBeGreaterThan(aEnd);

    // The old master comes back with its ASYNC_MASTER config.
    a = await start('a', 'ASYNC_MASTER');
    expect(a.replication.isSlave).toBe(true);
    expect(a.config.brokerId).toBeGreaterThan(0);
    await waitFor('the old master caught up as slave', () => a.store.getMaxPhyOffset() === b2.store.getMaxPhyOffset(), 20_000);
    expect((await logBytes(a.store)).equals(await logBytes(b2.store))).toBe(true);
    const fromA = await pullAll(client, a.address, TOPIC, 0);
    const fromB = await pullAll(client, b2.address, TOPIC, 0);
    expect(fromA).toEqual(fromB);
    expect(fromA.map((r) => r.keys)).not.toContain('lost-0');
    expect(fromA.filter((r) => r.keys?.startsWith('new-'))).toHaveLength(40);

    // It refuses sends as a slave, and the name server's state shows one election.
    const refused = await sendV2(client, a.address, TOPIC, 'nope');
    expect(refused.code).not.toBe(ResponseCode.SUCCESS);
    const st = decodeFailoverState((await client.invoke(ns.address, RemotingCommand.request(RequestCode.ORBIT_GET_FAILOVER_STATE), 3000)).body);
    const g = st.groups.find((x) => x.brokerName === 'broker-div')!;
    expect(g.masterAddr).toBe(b2.address);
    expect(g.history).toHaveLength(1);
    expect(g.history[0]).toMatchObject({ newMasterAddr: b2.address, electedOffset: electedAt });
    const rt = await runtimeInfo(client, a.address);
    expect(rt.haConnected).toBe('true');
    // A send to the new master still works and reaches the old master.
    const ok = await sendV2(client, b2.address, TOPIC, 'after');
    expect(ok.code).toBe(ResponseCode.SUCCESS);
    const h = SendMessageResponseHeader.decode(ok.extFields);
    await waitFor('the last send replicated', () => a.store.getMaxPhyOffset() === b2.store.getMaxPhyOffset());
    expect(h.queueOffset).toBe(90);
  }, 90_000);
});
