/**
 * Orbit master + Orbit slave over real sockets and files: the slave's CommitLog is the master's byte for byte
 * (offsets, segment padding, frames that split records), its queues serve the same records, metadata follows,
 * SYNC_MASTER answers as Apache's does, and hostile HA peers leave both stores untouched.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { MessageConst } from '../common/message/message-const';
import type { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { decodeTopicRouteData } from '../remoting/body/route-data';
import { SendMessageResponseHeader } from '../remoting/header/send-message';
import type { BrokerController } from '../broker/broker-controller';
import { logBytes, pullAll, runtimeInfo, sendV2, waitFor } from '../broker/testing/remoting-calls';
import { encodeFrameHeader } from './ha-codec';
import { caughtUp, HaTestCluster } from './testing/ha-cluster';

const log = logger.child({ test: 'ha-replication' });
const SEGMENT = 128 * 1024;
let cluster: HaTestCluster;
let client: RemotingClient;

function bodyOf(i: number): Buffer {
  // Sizes from tiny to ~20 KiB: records straddle HA frames (32 KiB) and segments (128 KiB) often.
  const size = 10 + ((i * 7919) % 20_000);
  return Buffer.alloc(size, `m${i}-`);
}

beforeAll(async () => {
  cluster = await HaTestCluster.start(log, {
    brokerName: 'broker-ha',
    mappedFileSizeCommitLog: SEGMENT,
    mappedFileSizeConsumeQueue: 20 * 1000,
    haSendHeartbeatInterval: 500,
    registerNameServerPeriod: 1000,
  });
  client = cluster.client;
});

afterAll(async () => {
  await cluster?.shutdown();
});

describe('ASYNC_MASTER and a slave', () => {
  let master: BrokerController;
  let slave: BrokerController;
  const topic = 'T_HA_ASYNC';

  beforeAll(async () => {
    master = await cluster.startBroker('a-master', 'ASYNC_MASTER');
    slave = await cluster.startBroker('a-slave', 'SLAVE');
    await waitFor('the slave to connect', async () => (await runtimeInfo(client, master.address)).haSlaveCount === '1');
  });

  it('replicates byte for byte across frames and segments, and the slave serves the same records', async () => {
    for (let i = 0; i < 120; i++) {
      const res = await sendV2(client, master.address, topic, bodyOf(i), { [MessageConst.KEYS]: `key-${i}`, [MessageConst.TAGS]: i % 2 ? 'odd' : 'even' }, i % 4);
      expect(res.code).toBe(ResponseCode.SUCCESS);
    }
    await caughtUp(master, slave);
    expect(master.store.getMaxPhyOffset()).toBeGreaterThan(3 * SEGMENT);
    expect(slave.store.getMinPhyOffset()).toBe(master.store.getMinPhyOffset());
    expect((await logBytes(slave.store)).equals(await logBytes(master.store))).toBe(true);
    // A slave serves a topic once its metadata copy has it (Apache's too).
    await slave.replication.syncNow();
    for (let q = 0; q < 4; q++) {
      const fromMaster = await pullAll(client, master.address, topic, q);
      const fromSlave = await pullAll(client, slave.address, topic, q);
      expect(fromMaster.length).toBe(30);
      expect(fromSlave).toEqual(fromMaster);
    }
  });

  it('the slave refuses sends with 14 and END_TRANSACTION with 11', async () => {
    const res = await sendV2(client, slave.address, topic, Buffer.from('to the slave'));
    expect(res.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    const tx = await client.invoke(slave.address, RemotingCommand.request(RequestCode.END_TRANSACTION, {
      producerGroup: 'PG_HA', tranStateTableOffset: '0', commitLogOffset: '0', commitOrRollback: '8', fromTransactionCheck: 'false', msgId: 'x',
    }), 3000);
    expect(tx.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
  });

  it('routes carry both ids, and the slave copies topics, groups and consumer offsets from the master', async () => {
    const route = await client.invoke(cluster.ns.address, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), 3000);
    const bd = decodeTopicRouteData(route.body).brokerDatas[0];
    expect(bd.brokerAddrs.get(0)).toBe(master.address);
    expect(bd.brokerAddrs.get(1)).toBe(slave.address);
    const upd = await client.invoke(master.address, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, {
      consumerGroup: 'CG_TEST', topic, queueId: '2', commitOffset: '17',
    }), 3000);
    expect(upd.code).toBe(ResponseCode.SUCCESS);
    await slave.replication.syncNow();
    expect(slave.topics.get(topic)?.writeQueueNums).toBe(4);
    expect(slave.groups.get('CG_TEST')).toBeDefined();
    const q = await client.invoke(slave.address, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'CG_TEST', topic, queueId: '2' }), 3000);
    expect(q.code).toBe(ResponseCode.SUCCESS);
    expect(Number(q.extFields?.offset)).toBe(17);
  });

  it('a slave restarted after the master moved on resumes from its own end and matches again', async () => {
    await cluster.stopBroker(slave);
    for (let i = 120; i < 160; i++) expect((await sendV2(client, master.address, topic, bodyOf(i), {}, i % 4)).code).toBe(ResponseCode.SUCCESS);
    slave = await cluster.startBroker('a-slave', 'SLAVE');
    await caughtUp(master, slave);
    expect((await logBytes(slave.store)).equals(await logBytes(master.store))).toBe(true);
    expect(await pullAll(client, slave.address, topic, 1)).toEqual(await pullAll(client, master.address, topic, 1));
  });

  it('a hostile peer on the master HA port (garbage, a half report) is dropped; replication goes on', async () => {
    const port = master.replication.haPort;
    for (const bytes of [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.from([1, 2, 3]), Buffer.alloc(8, 0x7f)]) {
      const s = net.connect(port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      s.write(bytes);
      await new Promise((r) => setTimeout(r, 200));
      s.destroy();
    }
    expect((await sendV2(client, master.address, topic, Buffer.from('after hostile'), {}, 0)).code).toBe(ResponseCode.SUCCESS);
    await caughtUp(master, slave);
    expect((await logBytes(slave.store)).equals(await logBytes(master.store))).toBe(true);
  });
});

describe('a slave fed garbage by a fake master', () => {
  it('keeps its log as it was and stays up', async () => {
    const fake = net.createServer((sock) => {
      sock.once('data', () => {
        // A frame at the slave's offset whose body is not a record, then one at a wrong offset, then a huge size.
        sock.write(Buffer.concat([encodeFrameHeader(0, 64), Buffer.alloc(64, 0xab)]));
        sock.write(Buffer.concat([encodeFrameHeader(12345, 4), Buffer.alloc(4)]));
        sock.write(encodeFrameHeader(0, 0x7fffffff));
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    const port = (fake.address() as net.AddressInfo).port;
    const slave = await cluster.startBroker('fake-slave', 'SLAVE', { brokerName: 'broker-fake', haMasterAddress: `127.0.0.1:${port}` });
    await new Promise((r) => setTimeout(r, 1500));
    expect(slave.store.getMaxPhyOffset()).toBe(0);
    const info = await runtimeInfo(client, slave.address);
    expect(info.haLastError).not.toBe('');
    await cluster.stopBroker(slave);
    await new Promise<void>((r) => fake.close(() => r()));
  });
});

describe('SYNC_MASTER', () => {
  it('answers SEND_OK with the slave attached, SLAVE_NOT_AVAILABLE once it is gone, and stores the message either way', async () => {
    const master = await cluster.startBroker('s-master', 'SYNC_MASTER', { brokerName: 'broker-sync' });
    let slave = await cluster.startBroker('s-slave', 'SLAVE', { brokerName: 'broker-sync' });
    await waitFor('the slave to connect', async () => (await runtimeInfo(client, master.address)).haSlaveCount === '1');
    const topic = 'T_HA_SYNC';
    for (let i = 0; i < 20; i++) {
      const res = await sendV2(client, master.address, topic, bodyOf(i), {}, 0);
      expect(res.code).toBe(ResponseCode.SUCCESS);
      // Acknowledged means the slave has it.
      const h = SendMessageResponseHeader.decode(res.extFields);
      expect(slave.store.getMaxOffsetInQueue(topic, 0)).toBeGreaterThan(h.queueOffset);
    }
    await cluster.stopBroker(slave);
    await waitFor('the master to see the slave gone', async () => (await runtimeInfo(client, master.address)).haSlaveCount === '0');
    const res = await sendV2(client, master.address, topic, Buffer.from('no slave'), {}, 0);
    expect(res.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    expect(master.store.getMaxOffsetInQueue(topic, 0)).toBe(21);
    // WAIT=false is answered without waiting for a slave.
    expect((await sendV2(client, master.address, topic, Buffer.from('no wait'), { [MessageConst.WAIT_STORE_MSG_OK]: 'false' }, 0)).code).toBe(ResponseCode.SUCCESS);
    slave = await cluster.startBroker('s-slave', 'SLAVE', { brokerName: 'broker-sync' });
    await caughtUp(master, slave);
    expect((await sendV2(client, master.address, topic, Buffer.from('back'), {}, 0)).code).toBe(ResponseCode.SUCCESS);
    expect((await logBytes(slave.store)).equals(await logBytes(master.store))).toBe(true);
  });
});

describe('a slave whose log is longer than its master', () => {
  it('cuts its log back to the master end, then replicates the master bytes again', async () => {
    const topic = 'T_HA_AHEAD';
    let master = await cluster.startBroker('x-master', 'ASYNC_MASTER', { brokerName: 'broker-ahead' });
    let slave = await cluster.startBroker('x-slave', 'SLAVE', { brokerName: 'broker-ahead' });
    await waitFor('the slave to connect', async () => (await runtimeInfo(client, master.address)).haSlaveCount === '1');
    let cut = 0;
    for (let i = 0; i < 30; i++) {
      if (i === 10) cut = master.store.getMaxPhyOffset();
      expect((await sendV2(client, master.address, topic, bodyOf(i), {}, 0)).code).toBe(ResponseCode.SUCCESS);
    }
    await caughtUp(master, slave);
    const slaveEnd = slave.store.getMaxPhyOffset();
    await cluster.stopBroker(slave);
    await cluster.stopBroker(master);
    // The master loses everything past `cut` (a tail it never flushed, say): cut its files, drop its checkpoint.
    const root = path.join(cluster.dir, 'x-master');
    for (const name of fs.readdirSync(path.join(root, 'commitlog')).sort()) {
      const from = Number(name);
      const file = path.join(root, 'commitlog', name);
      if (from >= cut) fs.rmSync(file);
      else if (from + SEGMENT > cut) {
        fs.truncateSync(file, cut - from);
        fs.truncateSync(file, SEGMENT);
      }
    }
    fs.rmSync(path.join(root, 'checkpoint'), { force: true });
    master = await cluster.startBroker('x-master', 'ASYNC_MASTER', { brokerName: 'broker-ahead' });
    expect(master.store.getMaxPhyOffset()).toBe(cut);
    slave = await cluster.startBroker('x-slave', 'SLAVE', { brokerName: 'broker-ahead' });
    await waitFor('the slave to cut back and reconnect', async () => slave.store.getMaxPhyOffset() === cut);
    expect(slaveEnd).toBeGreaterThan(cut);
    for (let i = 100; i < 110; i++) expect((await sendV2(client, master.address, topic, bodyOf(i), {}, 0)).code).toBe(ResponseCode.SUCCESS);
    await caughtUp(master, slave);
    expect((await logBytes(slave.store)).equals(await logBytes(master.store))).toBe(true);
    await slave.replication.syncNow();
    const fromMaster = await pullAll(client, master.address, topic, 0);
    expect(fromMaster.length).toBe(20);
    expect(await pullAll(client, slave.address, topic, 0)).toEqual(fromMaster);
  });
});
