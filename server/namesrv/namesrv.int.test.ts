import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { encodeCommand } from '../remoting/frame-codec';
import { RemotingCommand, SerializeType, type SerializeTypeValue } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { parseJavaJson } from '../remoting/fastjson';
import { RawSocket } from '../remoting/testing/raw-socket';
import { NamesrvController } from './namesrv-controller';
import { parseNamesrvConfig } from './namesrv-config';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function startNamesrv(overrides: Record<string, unknown> = {}): Promise<NamesrvController> {
  const ctl = new NamesrvController(
    parseNamesrvConfig({ host: '127.0.0.1', listenPort: 0, kvConfigPath: undefined, ...overrides }),
    logger,
  );
  await ctl.start();
  cleanups.push(() => ctl.shutdown());
  return ctl;
}

async function connect(ctl: NamesrvController): Promise<RawSocket> {
  const s = await RawSocket.connect(ctl.port);
  cleanups.push(() => s.close());
  return s;
}

/** REGISTER_BROKER as the Java 4.9.2 broker writes it: header fields, fastjson body with sorted keys. */
function javaRegisterBroker(opts: { brokerName: string; addr: string; brokerId?: number; topics: string[]; counter?: number; opaque: number; type: SerializeTypeValue }) {
  const table = opts.topics
    .map(
      (t) =>
        `"${t}":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"${t}","topicSysFlag":0,"writeQueueNums":4}`,
    )
    .join(',');
  const body = Buffer.from(
    `{"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":${opts.counter ?? 1},"timestamp":1700000000000},"topicConfigTable":{${table}}}}`,
  );
  return new RemotingCommand({
    code: RequestCode.REGISTER_BROKER,
    opaque: opts.opaque,
    version: 397,
    serializeType: opts.type,
    extFields: {
      brokerAddr: opts.addr,
      brokerId: String(opts.brokerId ?? 0),
      brokerName: opts.brokerName,
      bodyCrc32: String(zlib.crc32(body) & 0x7fffffff),
      clusterName: 'DefaultCluster',
      compressed: 'false',
      haServerAddr: opts.addr.replace(/:\d+$/, ':10912'),
    },
    body,
  });
}

function routeRequest(topic: string, opaque: number, type: SerializeTypeValue) {
  return new RemotingCommand({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, opaque, serializeType: type, extFields: { topic } });
}

describe('NameServer over raw sockets', () => {
  for (const [label, type] of [['JSON', SerializeType.JSON], ['ROCKETMQ', SerializeType.ROCKETMQ]] as const) {
    it(`registers a broker and serves its route (${label} headers)`, async () => {
      const ns = await startNamesrv();
      const broker = await connect(ns);
      broker.write(encodeCommand(javaRegisterBroker({ brokerName: 'broker-a', addr: '127.0.0.1:10911', topics: ['TopicTest'], opaque: 1, type })));
      const reg = await broker.next();
      expect(reg?.code).toBe(ResponseCode.SUCCESS);
      expect(reg?.serializeType).toBe(type);
      expect(reg?.opaque).toBe(1);

      const client = await connect(ns);
      client.write(encodeCommand(routeRequest('TopicTest', 2, type)));
      const res = await client.next();
      expect(res?.code).toBe(ResponseCode.SUCCESS);
      expect(res?.serializeType).toBe(type);
      const text = res!.body!.toString();
      // Java's BrokerData.brokerAddrs is a HashMap<Long,String>: fastjson writes the key unquoted.
      expect(text).toContain('"brokerAddrs":{0:"127.0.0.1:10911"}');
      const route = parseJavaJson(text);
      expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }]);
      expect(route.brokerDatas[0]).toMatchObject({ brokerName: 'broker-a', cluster: 'DefaultCluster' });

      client.write(encodeCommand(routeRequest('NoSuchTopic', 3, type)));
      const missing = await client.next();
      expect(missing?.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
      expect(missing?.remark).toContain('No topic route info in name server for the topic: NoSuchTopic');
    });
  }

  it('accepts the compressed register body', async () => {
    const ns = await startNamesrv();
    const chunks: Buffer[] = [];
    const str = (s: string) => {
      const b = Buffer.from(s);
      const len = Buffer.alloc(4);
      len.writeInt32BE(b.length);
      chunks.push(len, b);
    };
    str('{"counter":2,"timestamp":1700000000000}');
    const count = Buffer.alloc(4);
    count.writeInt32BE(1);
    chunks.push(count);
    str('CompressedTopic 8 8 6 SINGLE_TAG');
    str('[]');
    const body = zlib.deflateSync(Buffer.concat(chunks));
    const s = await connect(ns);
    s.write(
      encodeCommand(
        new RemotingCommand({
          code: RequestCode.REGISTER_BROKER,
          opaque: 1,
          extFields: { brokerName: 'b', brokerAddr: '127.0.0.1:1', clusterName: 'C', haServerAddr: '127.0.0.1:2', brokerId: '0', compressed: 'true', bodyCrc32: '0' },
          body,
        }),
      ),
    );
    expect((await s.next())?.code).toBe(0);
    const route = ns.routes.getTopicRouteData('CompressedTopic');
    expect(route?.queueDatas[0]).toMatchObject({ readQueueNums: 8, writeQueueNums: 8, perm: 6 });
  });

  it('refuses a body whose CRC does not match, and a register missing required fields', async () => {
    const ns = await startNamesrv();
    const s = await connect(ns);
    const cmd = javaRegisterBroker({ brokerName: 'b', addr: '127.0.0.1:1', topics: ['T'], opaque: 1, type: SerializeType.JSON });
    cmd.extFields!.bodyCrc32 = '12345';
    s.write(encodeCommand(cmd));
    const res = await s.next();
    expect(res?.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res?.remark).toBe('crc32 not match');
    s.write(encodeCommand(new RemotingCommand({ code: RequestCode.REGISTER_BROKER, opaque: 2, extFields: { brokerName: 'b' } })));
    const res2 = await s.next();
    expect(res2?.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res2?.remark).toMatch(/brokerAddr/);
    expect(ns.routes.getTopicRouteData('T')).toBeUndefined();
  });

  it('drops a broker at once when its connection closes', async () => {
    const ns = await startNamesrv();
    const broker = await connect(ns);
    broker.write(encodeCommand(javaRegisterBroker({ brokerName: 'b', addr: '127.0.0.1:1', topics: ['Gone'], opaque: 1, type: 0 })));
    await broker.next();
    expect(ns.routes.getTopicRouteData('Gone')).toBeDefined();
    broker.close();
    await waitFor(() => ns.routes.getTopicRouteData('Gone') === undefined);
    expect(ns.routes.getClusterInfo().brokerAddrTable.size).toBe(0);
  });

  it('expires a broker that stops registering', async () => {
    const ns = await startNamesrv({ brokerChannelExpiredMs: 300, scanNotActiveBrokerIntervalMs: 100 });
    const broker = await connect(ns);
    broker.write(encodeCommand(javaRegisterBroker({ brokerName: 'b', addr: '127.0.0.1:1', topics: ['Quiet'], opaque: 1, type: 0 })));
    await broker.next();
    await waitFor(() => ns.routes.getTopicRouteData('Quiet') === undefined, 3000);
    expect(await broker.waitClosed()).toBe(true);
  });

  it('unregisters, lists topics and clusters, keeps KV config, and answers unknown codes', async () => {
    const ns = await startNamesrv();
    const s = await connect(ns);
    let op = 0;
    const call = async (code: number, extFields?: Record<string, string>, body?: Buffer) => {
      s.write(encodeCommand(new RemotingCommand({ code, opaque: ++op, extFields, body })));
      return (await s.next())!;
    };
    s.write(encodeCommand(javaRegisterBroker({ brokerName: 'a', addr: '127.0.0.1:11', topics: ['T1', 'T2'], opaque: ++op, type: 0 })));
    await s.next();
    s.write(encodeCommand(javaRegisterBroker({ brokerName: 'a', addr: '127.0.0.1:12', brokerId: 1, topics: ['T1'], opaque: ++op, type: 0 })));
    const slave = await s.next();
    expect(slave?.extFields).toEqual({ haServerAddr: '127.0.0.1:10912', masterAddr: '127.0.0.1:11' });

    expect(parseJavaJson((await call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).body!.toString()).topicList.sort()).toEqual(['T1', 'T2']);
    expect(parseJavaJson((await call(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'DefaultCluster' })).body!.toString()).topicList.sort()).toEqual(['T1', 'T2']);
    expect(parseJavaJson((await call(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'Nope' })).body!.toString()).topicList).toEqual([]);
    const cluster = parseJavaJson((await call(RequestCode.GET_BROKER_CLUSTER_INFO)).body!.toString());
    expect(cluster.brokerAddrTable.a.brokerAddrs).toEqual({ 0: '127.0.0.1:11', 1: '127.0.0.1:12' });
    expect(cluster.clusterAddrTable).toEqual({ DefaultCluster: ['a'] });
    const sys = parseJavaJson((await call(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS)).body!.toString());
    expect(sys.topicList).toEqual(['DefaultCluster', 'a']);

    expect(parseJavaJson((await call(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'a' })).extFields!.wipeTopicCount)).toBe(2);
    expect(ns.routes.getTopicRouteData('T1')?.queueDatas[0].perm).toBe(4);
    expect((await call(RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: 'a' })).extFields!.addTopicCount).toBe('2');

    expect((await call(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'T2' })).code).toBe(0);
    expect((await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'T2' })).code).toBe(ResponseCode.TOPIC_NOT_EXIST);

    expect((await call(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1', value: 'a:4' })).code).toBe(0);
    expect((await call(RequestCode.GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' })).extFields).toEqual({ value: 'a:4' });
    expect(parseJavaJson((await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'ORDER_TOPIC_CONFIG' })).body!.toString())).toEqual({ table: { T1: 'a:4' } });
    expect((await call(RequestCode.DELETE_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' })).code).toBe(0);
    expect((await call(RequestCode.GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' })).code).toBe(ResponseCode.QUERY_NOT_FOUND);

    const qdv = await call(
      RequestCode.QUERY_DATA_VERSION,
      { brokerName: 'a', brokerAddr: '127.0.0.1:11', clusterName: 'DefaultCluster', brokerId: '0' },
      Buffer.from('{"counter":1,"timestamp":1700000000000}'),
    );
    expect(qdv.extFields).toEqual({ changed: 'false' });
    const qdv2 = await call(
      RequestCode.QUERY_DATA_VERSION,
      { brokerName: 'a', brokerAddr: '127.0.0.1:11', clusterName: 'DefaultCluster', brokerId: '0' },
      Buffer.from('{"counter":2,"timestamp":1700000000000}'),
    );
    expect(qdv2.extFields).toEqual({ changed: 'true' });

    expect((await call(RequestCode.UNREGISTER_BROKER, { brokerName: 'a', brokerAddr: '127.0.0.1:12', clusterName: 'DefaultCluster', brokerId: '1' })).code).toBe(0);
    expect(ns.routes.getTopicRouteData('T1')?.brokerDatas[0].brokerAddrs.size).toBe(1);
    expect((await call(RequestCode.UNREGISTER_BROKER, { brokerName: 'a', brokerAddr: '127.0.0.1:11', clusterName: 'DefaultCluster', brokerId: '0' })).code).toBe(0);
    expect(ns.routes.getTopicRouteData('T1')).toBeUndefined();

    const unknown = await call(4242);
    expect(unknown.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  });

  it('runs several name servers side by side with no shared state', async () => {
    const a = await startNamesrv();
    const b = await startNamesrv();
    const s = await connect(a);
    s.write(encodeCommand(javaRegisterBroker({ brokerName: 'x', addr: '127.0.0.1:1', topics: ['OnlyA'], opaque: 1, type: 0 })));
    await s.next();
    expect(a.routes.getTopicRouteData('OnlyA')).toBeDefined();
    expect(b.routes.getTopicRouteData('OnlyA')).toBeUndefined();
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
